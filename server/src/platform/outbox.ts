import type { z } from "zod";
import { Queue } from "bullmq";
import type { Db, Tx } from "./db.js";
import type { JobDefinition } from "./jobs.js";
import { jobIdFor } from "./jobs.js";
import type { Logger } from "./logger.js";
import type { QueueName } from "./queues.js";

export interface EnqueueOptions {
  /** The business entity the job is about; with the job name it makes the job id. */
  entityId: string;
  priority?: number;
  delayMs?: number;
}

/**
 * Write the job into the outbox inside the caller's transaction: the business change and
 * its job commit together or not at all. The relay moves it to Redis later, so a Redis
 * outage never refuses or loses an accepted write.
 */
export async function enqueueInTx<S extends z.ZodType>(
  tx: Tx | Db,
  job: JobDefinition<S>,
  payload: z.infer<S>,
  opts: EnqueueOptions,
): Promise<string> {
  job.schema.parse(payload); // a producer bug should fail the transaction, not the worker
  const jobId = jobIdFor(job.name, opts.entityId);
  await tx.outboxEvent.upsert({
    where: { jobId },
    create: {
      queue: job.queue,
      jobName: job.name,
      jobId,
      payload: payload as object,
      priority: opts.priority ?? null,
      availableAt: new Date(Date.now() + (opts.delayMs ?? 0)),
    },
    update: {}, // same job id already written: a resend is a no-op
  });
  return jobId;
}

export interface RelayDeps {
  db: Db;
  logger: Logger;
  queues: Map<QueueName, Queue>;
  jobs: Map<string, JobDefinition>;
  batchSize?: number;
}

type OutboxRow = {
  id: bigint;
  queue: string;
  jobName: string;
  jobId: string;
  payload: unknown;
  priority: number | null;
  availableAt: Date;
  attempts: number;
};

/**
 * Moves pending outbox rows into BullMQ. Rows are claimed with SKIP LOCKED so several
 * relays can run; each add uses the deterministic job id, so a row relayed twice (crash
 * between add and mark) is still one job.
 */
export async function relayOutboxOnce(deps: RelayDeps): Promise<{ relayed: number; failed: number }> {
  const { db, logger, queues, jobs } = deps;
  let relayed = 0;
  let failed = 0;
  await db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<OutboxRow[]>`
        SELECT id, queue, "jobName", "jobId", payload, priority, "availableAt", attempts
        FROM "OutboxEvent"
        WHERE status = 'pending' AND "availableAt" <= now()
        ORDER BY priority ASC NULLS LAST, id ASC
        LIMIT ${deps.batchSize ?? 200}
        FOR UPDATE SKIP LOCKED`;
      for (const row of rows) {
        const queue = queues.get(row.queue as QueueName);
        const def = jobs.get(row.jobName);
        try {
          if (!queue || !def) throw new Error(`no queue or job definition for ${row.queue}/${row.jobName}`);
          await queue.add(row.jobName, row.payload, {
            jobId: row.jobId,
            ...(row.priority != null ? { priority: row.priority } : {}),
            delay: Math.max(0, row.availableAt.getTime() - Date.now()),
            attempts: def.attempts ?? 5,
            backoff: def.backoff ?? { type: "exponential", delay: 2000 },
            removeOnComplete: { age: 24 * 3600, count: 10000 },
            removeOnFail: { age: 7 * 24 * 3600 },
          });
          await tx.outboxEvent.update({
            where: { id: row.id },
            data: { status: "enqueued", enqueuedAt: new Date(), attempts: { increment: 1 }, lastError: null },
          });
          relayed++;
        } catch (err) {
          failed++;
          const wait = Math.min(30_000, 500 * 2 ** Math.min(row.attempts, 6));
          await tx.outboxEvent.update({
            where: { id: row.id },
            data: {
              attempts: { increment: 1 },
              lastError: String((err as Error).message).slice(0, 500),
              availableAt: new Date(Date.now() + wait),
            },
          });
        }
      }
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  if (failed)
    logger.warn({ relayed, failed }, "outbox relay could not hand some jobs to Redis; they stay pending");
  return { relayed, failed };
}

/**
 * Redis here keeps nothing on disk: after a restart the jobs it held are gone. Rows that
 * were handed over but never completed are checked against Redis and handed over again.
 */
export async function recoverLostJobs(deps: RelayDeps, olderThanMs = 30_000): Promise<number> {
  const { db, queues } = deps;
  const stale = await db.outboxEvent.findMany({
    where: { status: "enqueued", enqueuedAt: { lt: new Date(Date.now() - olderThanMs) } },
    orderBy: { id: "asc" },
    take: 500,
  });
  let recovered = 0;
  for (const row of stale) {
    const queue = queues.get(row.queue as QueueName);
    if (!queue) continue;
    const job = await queue.getJob(row.jobId);
    if (job) {
      const state = await job.getState();
      if (state !== "completed" && state !== "failed" && state !== "unknown") continue;
      if (state === "completed") {
        await db.outboxEvent.update({ where: { id: row.id }, data: { status: "done" } });
        continue;
      }
      if (state === "failed") continue; // the dead-letter path owns it
    }
    await db.outboxEvent.update({
      where: { id: row.id },
      data: { status: "pending", availableAt: new Date() },
    });
    recovered++;
  }
  return recovered;
}

export async function markOutboxDone(db: Db, jobId: string): Promise<void> {
  await db.outboxEvent.updateMany({ where: { jobId, status: { not: "done" } }, data: { status: "done" } });
}
