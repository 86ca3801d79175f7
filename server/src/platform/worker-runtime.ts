import { DelayedError, UnrecoverableError, Worker, type Job, type RateLimiterOptions } from "bullmq";
import type { AppContext } from "./context.js";
import { markOutboxDone, recoverLostJobs, relayOutboxOnce } from "./outbox.js";
import { ALL_QUEUES, QUEUES, type QueueName } from "./queues.js";
import { createRedis } from "./redis.js";

export interface WorkerRuntime {
  workers: Worker[];
  stop(): Promise<void>;
}

export interface WorkerOptions {
  queues?: QueueName[];
  concurrency?: Partial<Record<QueueName, number>>;
  relay?: boolean;
  pollMs?: number;
  /** How long a handed-over job may be missing from Redis before it is handed over again. */
  recoverAfterMs?: number;
  recoverEveryMs?: number;
}

/**
 * Zalo's limit is kept by the sliding-window log in notifications/send-limiter.ts, right
 * before each send. The notifications worker still gets a BullMQ limiter, with a maximum
 * never reached, because BullMQ only honours Queue.rateLimit (the pause after a -32, or a
 * long wait for a slot) on a worker that has one.
 */
const PAUSABLE: RateLimiterOptions = { max: 1_000_000_000, duration: 60_000 };

/**
 * One BullMQ worker per queue, each dispatching to the registered job definitions, plus
 * the outbox relay loop. Shutdown lets in-flight jobs finish (Worker.close waits).
 */
export function startWorkers(ctx: AppContext, opts: WorkerOptions = {}): WorkerRuntime {
  const { config, logger, db, jobs } = ctx;
  const queueNames = opts.queues ?? ALL_QUEUES;
  const workers: Worker[] = [];

  for (const queueName of queueNames) {
    const handled = [...jobs.values()].filter((j) => j.queue === queueName);
    if (handled.length === 0) continue;
    const connection = createRedis(config.REDIS_URL, "worker");
    const worker = new Worker(
      queueName,
      async (job: Job, token?: string) => {
        const def = jobs.get(job.name);
        if (!def) throw new UnrecoverableError(`no handler for job ${job.name}`);
        const parsed = def.schema.safeParse(job.data);
        if (!parsed.success) {
          throw new UnrecoverableError(`invalid payload for ${job.name}: ${parsed.error.message}`);
        }
        const attempts = job.opts.attempts ?? 1;
        const outcome =
          (await def.handler(parsed.data, ctx, {
            jobId: job.id ?? "",
            attemptsMade: job.attemptsMade,
            lastAttempt: job.attemptsMade + 1 >= attempts,
            delayUntil: async (at: Date) => {
              await job.moveToDelayed(at.getTime(), token);
              throw new DelayedError();
            },
            pauseQueue: async (ms: number) => {
              // The limiter key of the queue, shared by every worker process: nobody takes a
              // job of this queue for `ms`. This job goes back to the front of its priority.
              await ctx.queues.get(queueName)!.rateLimit(ms);
              throw Worker.RateLimitError();
            },
          })) ?? "done";
        // A retried dead letter runs as "<id>-rN"; its outbox row has the original id.
        if (job.id) await markOutboxDone(db, job.id.replace(/-r\d+$/, ""));
        return outcome;
      },
      {
        connection,
        prefix: config.QUEUE_PREFIX,
        lockDuration: config.JOB_LOCK_MS,
        stalledInterval: config.JOB_LOCK_MS,
        concurrency:
          opts.concurrency?.[queueName] ??
          (queueName === QUEUES.notifications ? config.NOTIFICATIONS_CONCURRENCY : 4),
        ...(queueName === QUEUES.notifications ? { limiter: PAUSABLE } : {}),
      },
    );
    worker.on("failed", (job, err) => {
      if (!job) return;
      const def = jobs.get(job.name);
      const finalAttempt = job.attemptsMade >= (job.opts.attempts ?? 1) || err instanceof UnrecoverableError;
      logger.warn(
        {
          queue: queueName,
          job: job.name,
          jobId: job.id,
          attempt: job.attemptsMade,
          final: finalAttempt,
          err: err.message,
        },
        "job attempt failed",
      );
      if (finalAttempt && def?.deadLetter !== false) {
        void db
          .$transaction([
            db.jobDeadLetter.create({
              data: {
                queue: queueName,
                jobName: job.name,
                jobId: job.id ?? "",
                payload: job.data as object,
                error: err.message.slice(0, 2000),
                attempts: job.attemptsMade,
              },
            }),
            db.outboxEvent.updateMany({ where: { jobId: job.id ?? "" }, data: { status: "failed" } }),
          ])
          .catch((e) => logger.error({ err: e }, "could not record dead letter"));
      }
    });
    worker.on("error", (err) =>
      logger.debug({ err: err.message, queue: queueName }, "worker connection error"),
    );
    workers.push(worker);
  }

  let stopping = false;
  let loop: Promise<void> = Promise.resolve();
  if (opts.relay !== false) {
    const pollMs = opts.pollMs ?? config.OUTBOX_POLL_MS;
    const deps = { db, logger, queues: ctx.queues, jobs };
    let lastRecover = 0;
    loop = (async () => {
      while (!stopping) {
        try {
          const { relayed } = await relayOutboxOnce(deps);
          if (Date.now() - lastRecover > (opts.recoverEveryMs ?? 15_000)) {
            lastRecover = Date.now();
            const recovered = await recoverLostJobs(deps, opts.recoverAfterMs ?? 30_000).catch(() => 0);
            if (recovered) logger.warn({ recovered }, "re-handed jobs that Redis lost");
          }
          if (relayed > 0) continue; // drain quickly while there is work
        } catch (err) {
          logger.warn({ err: (err as Error).message }, "outbox relay tick failed");
        }
        await new Promise((r) => setTimeout(r, pollMs));
      }
    })();
  }

  return {
    workers,
    async stop() {
      stopping = true;
      await loop;
      await Promise.allSettled(workers.map((w) => w.close()));
    },
  };
}
