import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Config } from "../config.js";
import type { Pool } from "pg";
import { createDb, createPool, type Db } from "./db.js";
import { createLogger, type Logger } from "./logger.js";
import { ALL_QUEUES, type QueueName } from "./queues.js";
import { createRedis } from "./redis.js";
import { DEFINED_JOBS, type JobDefinition } from "./jobs.js";
import { createIntegrations, type Integrations } from "../integrations/index.js";
import { FileStore } from "../files/file-store.js";

/**
 * Everything a process shares: configuration, the database, queues and the clients of
 * the systems we do not own. Built once per process; tests build one per test file.
 */
export interface AppContext {
  config: Config;
  logger: Logger;
  db: Db;
  /** The pg pool under Prisma, for hand-written hot-path statements. */
  pg: Pool;
  /** Producer connection (fails fast when Redis is down). */
  redis: Redis;
  queues: Map<QueueName, Queue>;
  jobs: Map<string, JobDefinition>;
  integrations: Integrations;
  files: FileStore;
  close(): Promise<void>;
}

export function createContext(
  config: Config,
  jobs: JobDefinition[],
  opts: { name?: string; logger?: Logger } = {},
): AppContext {
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL, opts.name ?? "laocai");
  const pool = createPool(config.DATABASE_URL);
  const db = createDb(config.DATABASE_URL, { pool });
  const redis = createRedis(config.REDIS_URL, "producer");
  const queues = new Map<QueueName, Queue>();
  for (const name of ALL_QUEUES) {
    const q = new Queue(name, { connection: redis, prefix: config.QUEUE_PREFIX });
    q.on("error", () => {
      /* Redis down: the outbox relay reports it */
    });
    queues.set(name, q);
  }
  const registry = new Map<string, JobDefinition>();
  for (const j of jobs) {
    if (registry.has(j.name)) throw new Error(`job ${j.name} is registered twice`);
    registry.set(j.name, j);
  }
  // A job that can be enqueued but has no worker would wait in the outbox forever.
  if (jobs.length > 0) {
    for (const name of DEFINED_JOBS) {
      if (!registry.has(name))
        throw new Error(`job ${name} is defined but not registered in server/src/jobs.ts`);
    }
  }
  const ctx: AppContext = {
    config,
    logger,
    db,
    pg: pool,
    redis,
    queues,
    jobs: registry,
    integrations: undefined as unknown as Integrations,
    files: new FileStore(config.UPLOAD_DIR),
    async close() {
      await Promise.allSettled([...queues.values()].map((q) => q.close()));
      redis.disconnect();
      await db.$disconnect();
    },
  };
  ctx.integrations = createIntegrations(ctx);
  return ctx;
}
