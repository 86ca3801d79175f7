// A worker process: BullMQ workers for the queues in WORKER_QUEUES (all when unset), and the
// outbox relay.
import { loadConfigOrExit } from "./config.js";
import { ALL_JOBS, SCHEDULES } from "./jobs.js";
import { createContext } from "./platform/context.js";
import { ALL_QUEUES, type QueueName } from "./platform/queues.js";
import { startWorkers } from "./platform/worker-runtime.js";

const config = loadConfigOrExit();
const spec = config.WORKER_QUEUES ?? "";
const named = spec.replace(/^-/, "").split(",").filter(Boolean) as QueueName[];
const unknown = named.filter((q) => !ALL_QUEUES.includes(q));
const queues = !spec
  ? ALL_QUEUES
  : spec.startsWith("-")
    ? ALL_QUEUES.filter((q) => !named.includes(q))
    : named;
if (unknown.length) {
  process.stderr.write(
    `WORKER_QUEUES: unknown queue ${unknown.join(", ")} (known: ${ALL_QUEUES.join(", ")})\n`,
  );
  process.exit(1);
}
const ctx = createContext(config, ALL_JOBS, { name: "worker" });
// Every worker process also runs the outbox relay (rows are claimed with SKIP LOCKED).
const runtime = startWorkers(ctx, { queues });
ctx.logger.info({ queues: runtime.workers.map((w) => w.name) }, "worker started");
for (const s of SCHEDULES.filter((x) => queues.includes(x.job.queue))) {
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
