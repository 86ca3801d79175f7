import type { AppContext } from "../platform/context.js";
import { AppError, conflict, notFound } from "../platform/errors.js";
import type { QueueName } from "../platform/queues.js";
import { recordAudit } from "./record-audit.js";

/** A retried job runs as "<original id>-rN"; the worker strips the suffix to find its outbox row. */
const RETRY_SUFFIX = /-r\d+$/;

/**
 * Puts a job that exhausted its attempts back on its queue with the same payload, under a
 * new job id (BullMQ would silently ignore the old one, which it still keeps as failed).
 * The row is claimed first, so two admins pressing "Chạy lại" at once enqueue it once.
 */
export async function retryDeadLetter(ctx: AppContext, input: { id: bigint; staffId: string; ip?: string }) {
  const dl = await ctx.db.jobDeadLetter.findUnique({ where: { id: input.id } });
  if (!dl) throw notFound("dead letter");
  const queue = ctx.queues.get(dl.queue as QueueName);
  if (!queue)
    throw conflict(`queue ${dl.queue} no longer exists`, "Hàng đợi của việc này không còn tồn tại.");
  const claimedAt = new Date();
  const claim = await ctx.db.jobDeadLetter.updateMany({
    where: { id: dl.id, retriedAt: null },
    data: { retriedAt: claimedAt },
  });
  if (claim.count === 0) throw conflict("already retried", "Việc này đã được chạy lại.");

  // A retry that died again is retried under the original id's next number, not "-r1-r1".
  const baseId = dl.jobId.replace(RETRY_SUFFIX, "");
  const tries = await ctx.db.jobDeadLetter.findMany({
    where: { jobId: { startsWith: baseId }, retriedAt: { not: null } },
    select: { jobId: true },
  });
  const n = tries.filter((t) => t.jobId.replace(RETRY_SUFFIX, "") === baseId).length;
  const newId = `${baseId}-r${n}`;
  const outbox = await ctx.db.outboxEvent.findUnique({ where: { jobId: baseId } });
  const def = ctx.jobs.get(dl.jobName); // absent in a process that runs no workers: use the defaults
  try {
    await queue.add(dl.jobName, dl.payload, {
      jobId: newId,
      ...(outbox?.priority != null ? { priority: outbox.priority } : {}),
      attempts: def?.attempts ?? 5,
      backoff: def?.backoff ?? { type: "exponential", delay: 2000 },
      removeOnComplete: { age: 24 * 3600, count: 10000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  } catch (err) {
    await ctx.db.jobDeadLetter.updateMany({
      where: { id: dl.id, retriedAt: claimedAt },
      data: { retriedAt: null },
    });
    throw new AppError("NOT_READY", { message: "could not reach Redis to re-enqueue", cause: err });
  }
  await ctx.db.outboxEvent.updateMany({
    where: { jobId: baseId },
    data: { status: "enqueued", enqueuedAt: new Date() },
  });
  await recordAudit(ctx, {
    staffId: input.staffId,
    action: "dead_letter.retry",
    target: dl.jobId,
    detail: { deadLetterId: String(dl.id), queue: dl.queue, jobName: dl.jobName, newJobId: newId },
    ...(input.ip ? { ip: input.ip } : {}),
  });
  return { jobId: newId };
}
