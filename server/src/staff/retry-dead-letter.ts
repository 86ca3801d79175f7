import type { AppContext } from "../platform/context.js";
import { conflict, notFound } from "../platform/errors.js";
import type { QueueName } from "../platform/queues.js";
import { recordAudit } from "./record-audit.js";

/** Puts a job that exhausted its attempts back on its queue, under a new job id. */
export async function retryDeadLetter(ctx: AppContext, input: { id: bigint; staffId: string; ip?: string }) {
  const dl = await ctx.db.jobDeadLetter.findUnique({ where: { id: input.id } });
  if (!dl) throw notFound("dead letter");
  if (dl.retriedAt) throw conflict("already retried", "Việc này đã được chạy lại.");
  const queue = ctx.queues.get(dl.queue as QueueName);
  const def = ctx.jobs.get(dl.jobName);
  if (!queue || !def) throw conflict("job type no longer exists");
  const n = (await ctx.db.jobDeadLetter.count({ where: { jobId: dl.jobId, retriedAt: { not: null } } })) + 1;
  const newId = `${dl.jobId}-r${n}`;
  await queue.add(dl.jobName, dl.payload, {
    jobId: newId,
    attempts: def.attempts ?? 5,
    backoff: def.backoff ?? { type: "exponential", delay: 2000 },
    removeOnComplete: { age: 24 * 3600 },
  });
  await ctx.db.$transaction([
    ctx.db.jobDeadLetter.update({ where: { id: dl.id }, data: { retriedAt: new Date() } }),
    ctx.db.outboxEvent.updateMany({
      where: { jobId: dl.jobId },
      data: { status: "enqueued", enqueuedAt: new Date() },
    }),
  ]);
  await recordAudit(ctx, {
    staffId: input.staffId,
    action: "dead_letter.retry",
    target: dl.jobId,
    detail: { newJobId: newId },
    ...(input.ip ? { ip: input.ip } : {}),
  });
  return { jobId: newId };
}
