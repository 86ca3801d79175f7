import type { AppContext } from "../platform/context.js";
import type { JobDefinition } from "../platform/jobs.js";

export interface HandOverJob {
  jobId: string;
  data: unknown;
}

/**
 * Hands jobs whose outbox rows are already committed straight to BullMQ, so an alert does
 * not wait for the relay's next poll, then marks those rows enqueued. The rows stay the
 * safety net: if this fails or the process dies first, the relay hands them over later
 * (same deterministic job ids, so a job handed over twice is still one job).
 */
export async function handOver(
  ctx: AppContext,
  def: JobDefinition,
  jobs: HandOverJob[],
  priority: number,
): Promise<boolean> {
  if (jobs.length === 0) return true;
  const queue = ctx.queues.get(def.queue);
  if (!queue) return false;
  try {
    await queue.addBulk(
      jobs.map((j) => ({
        name: def.name,
        data: j.data,
        opts: {
          jobId: j.jobId,
          priority,
          attempts: def.attempts ?? 5,
          backoff: def.backoff ?? { type: "exponential", delay: 2000 },
          removeOnComplete: { age: 24 * 3600, count: 10000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      })),
    );
    await ctx.pg.query(
      `UPDATE "OutboxEvent" SET status = 'enqueued', "enqueuedAt" = now(), attempts = attempts + 1
       WHERE "jobId" = ANY($1::text[]) AND status = 'pending'`,
      [jobs.map((j) => j.jobId)],
    );
    return true;
  } catch (err) {
    ctx.logger.warn(
      { err: (err as Error).message, job: def.name },
      "direct hand-over failed; relay will do it",
    );
    return false;
  }
}
