// The worker process: BullMQ workers for every queue, and the outbox relay.
import { loadConfigOrExit } from "./config.js";
import { ALL_JOBS, SCHEDULES } from "./jobs.js";
import { createContext } from "./platform/context.js";
import { startWorkers } from "./platform/worker-runtime.js";

const config = loadConfigOrExit();
const ctx = createContext(config, ALL_JOBS, { name: "worker" });
const runtime = startWorkers(ctx);
ctx.logger.info({ queues: runtime.workers.map((w) => w.name) }, "worker started");
for (const s of SCHEDULES) {
  await ctx.queues
    .get(s.job.queue)
    ?.upsertJobScheduler(s.job.name, { every: s.everyMs }, { name: s.job.name, data: {} })
    .catch((err: Error) =>
      ctx.logger.warn({ err: err.message, job: s.job.name }, "could not register schedule"),
    );
}

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  ctx.logger.info({ signal }, "worker shutting down: letting in-flight jobs finish");
  setTimeout(() => process.exit(1), 30_000).unref();
  await runtime.stop();
  await ctx.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
