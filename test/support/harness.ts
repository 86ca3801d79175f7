import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { randomBytes } from "node:crypto";
import { chromium, type Browser } from "playwright-core";
import { Redis } from "ioredis";
import { createApp } from "../../server/src/app.js";
import { loadConfig, type Config } from "../../server/src/config.js";
import { ALL_JOBS } from "../../server/src/jobs.js";
import { createContext, type AppContext } from "../../server/src/platform/context.js";
import { createLogger } from "../../server/src/platform/logger.js";
import { startWorkers, type WorkerRuntime } from "../../server/src/platform/worker-runtime.js";
import { createTestDatabase } from "./template-db.js";
import { startSimulators, type RunningSimulators } from "./simulators.js";

export { createTestDatabase };

export interface TestApp {
  baseUrl: string;
  ctx: AppContext;
  config: Config;
  sims: RunningSimulators;
  workers?: WorkerRuntime;
  /** Starts the worker runtime (outbox relay + queues) if it was not started. */
  startWorkers(): WorkerRuntime;
  stopWorkers(): Promise<void>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  workers?: boolean;
  env?: Record<string, string>;
}

/**
 * A real API on a fresh database (cloned from the migrated, seeded template), real Redis
 * under a key prefix of its own, and the simulators of every external system in-process
 * on free ports.
 */
export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const queuePrefix = `t${randomBytes(4).toString("hex")}`;
  const sims = await startSimulators();
  const config = loadConfig({
    ...process.env,
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    DATABASE_URL: db.url,
    QUEUE_PREFIX: queuePrefix,
    ZALO_DEV_LOGIN: "true",
    OUTBOX_POLL_MS: "100",
    ...sims.env,
    ...opts.env,
  });
  const logger = createLogger(config.LOG_LEVEL, "test");
  const ctx = createContext(config, ALL_JOBS, { logger });
  const server: Server = createApp(ctx).listen(0, "127.0.0.1");
  await new Promise<void>((r) => server.once("listening", () => r()));
  const port = (server.address() as AddressInfo).port;
  await sims.setAppUrl(`http://127.0.0.1:${port}`);
  // Browsers must open http://localhost:… (zmp-sdk only answers there); Chromium maps it to 127.0.0.1.
  const baseUrl = `http://localhost:${port}`;
  const app: TestApp = {
    baseUrl,
    ctx,
    config,
    sims,
    startWorkers() {
      app.workers ??= startWorkers(ctx, { pollMs: 100 });
      return app.workers;
    },
    async stopWorkers() {
      const w = app.workers;
      delete app.workers;
      await w?.stop();
    },
    async close() {
      await app.stopWorkers();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await ctx.close();
      await sims.close();
      await clearPrefix(config.REDIS_URL, queuePrefix);
      await db.drop();
    },
  };
  if (opts.workers) app.startWorkers();
  return app;
}

async function clearPrefix(url: string, prefix: string) {
  const r = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await r.connect();
    let cursor = "0";
    do {
      const [next, keys] = await r.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== "0");
  } catch {
    /* Redis down in a fault test: nothing to clean */
  } finally {
    r.disconnect();
  }
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP localhost 127.0.0.1",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
}

/** Polls until fn returns a truthy value (for effects that cross queues). */
export async function eventually<T>(
  fn: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
  stepMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
