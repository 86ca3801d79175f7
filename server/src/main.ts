// The API process: HTTP only. Jobs run in the worker process (worker.ts).
import type { Server } from "node:http";
import { createApp } from "./app.js";
import { loadConfigOrExit } from "./config.js";
import { ALL_JOBS } from "./jobs.js";
import { createContext } from "./platform/context.js";

const config = loadConfigOrExit();
const ctx = createContext(config, ALL_JOBS, { name: "api" });
if (config.ZALO_DEV_LOGIN) {
  ctx.logger.warn("ZALO_DEV_LOGIN is on: the zmp-sdk localhost stand-in user is accepted (development only)");
}
const app = createApp(ctx);
const server: Server = app.listen(config.PORT, () => {
  ctx.logger.info({ port: config.PORT }, `API listening on http://localhost:${config.PORT}`);
});
server.on("error", (err) => {
  ctx.logger.fatal({ err: err.message }, "API could not listen");
  process.exit(1);
});

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  ctx.logger.info({ signal }, "API shutting down: finishing in-flight requests");
  server.close(async () => {
    await ctx.close();
    process.exit(0);
  });
  server.closeIdleConnections();
  setTimeout(() => process.exit(1), 15_000).unref();
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
