import type { Config } from "../config.js";

/** Where citizens reach us from a message: PUBLIC_BASE_URL behind the proxy, else this host. */
export const publicBaseUrl = (config: Pick<Config, "PUBLIC_BASE_URL" | "PORT">) =>
  config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`;

/** A link into the mini app that a Zalo message can carry (`#/payments/…`, `#/reports/…`). */
export const miniappLink = (config: Pick<Config, "PUBLIC_BASE_URL" | "PORT">, hashPath: string) =>
  `${publicBaseUrl(config)}/miniapp/#${hashPath}`;

/** For a page or redirect answering a request: PUBLIC_BASE_URL, else the host it came to. */
export const requestBaseUrl = (
  config: Pick<Config, "PUBLIC_BASE_URL">,
  req: { protocol: string; get(h: string): string | undefined },
) => config.PUBLIC_BASE_URL ?? `${req.protocol}://${req.get("host")}`;
