import { z } from "zod";
import { defineJob } from "../platform/jobs.js";
import { QUEUES } from "../platform/queues.js";
import type { AppContext } from "../platform/context.js";
import { ONESTOP_CODE, STATUS_FROM_CODE } from "./dossier-status.js";
import { transitionDossier } from "./transition-dossier.js";

/**
 * Pushes a dossier (data and files) to the one-stop system. Idempotent by the dossier
 * code on both sides: a resend after a crash or a timeout finds the record the first try
 * made, so there is never a second one. Exponential backoff, then the dead-letter view.
 */
export const pushToOnestopJob = defineJob({
  name: "onestop.push-dossier",
  queue: QUEUES.onestop,
  schema: z.object({ dossierId: z.string() }),
  attempts: 8,
  backoff: { type: "exponential", delay: 2000 },
  handler: async ({ dossierId }, ctx) => {
    const d = await ctx.db.dossier.findUnique({
      where: { id: dossierId },
      include: { files: true, procedure: true, agency: true },
    });
    if (!d) return "skipped";
    if (d.onestopId) return "skipped"; // already synced
    const files = await Promise.all(
      d.files.map(async (f) => ({
        name: f.fileName,
        mimeType: f.mimeType,
        sha256: f.sha256,
        contentBase64: (await ctx.files.get(f.storageKey)).toString("base64"),
      })),
    );
    const r = await ctx.integrations.onestop.createDossier({
      code: d.code,
      procedureCode: `${d.procedure.nationalCode}.000.00.00.H38`,
      agencyCode: d.agency.code,
      applicant: { name: d.applicantName },
      channel: d.channel === 1 || d.channel === 3 ? d.channel : 2,
      // The status now, not 1: when the push comes late (the one-stop system was down) the
      // clerk may have moved the dossier on, and status pushes that gave up meanwhile would
      // otherwise leave the record at 1 for good.
      status: ONESTOP_CODE[d.status],
      resultDelivery: {
        method: d.deliveryMethod,
        address: d.deliveryMethod === "public_post" ? d.deliveryAddress : null,
      },
      receivedAt: d.receivedAt.toISOString(),
      appointmentAt: d.appointmentAt?.toISOString() ?? null,
      formData: d.formData as Record<string, unknown>,
      files,
    });
    await ctx.db.dossier.update({
      where: { id: d.id },
      data: { onestopId: r.id, onestopSyncedAt: new Date() },
    });
    return "done";
  },
});

/**
 * Reports a status change made on our side. Ordered after the dossier exists there: if it
 * was not synced yet, the attempt fails and is retried (backoff) until it is. Each push
 * carries the current status, so out-of-order retries still converge on the latest.
 */
export const pushStatusToOnestopJob = defineJob({
  name: "onestop.push-status",
  queue: QUEUES.onestop,
  schema: z.object({ eventId: z.string() }),
  attempts: 10,
  backoff: { type: "exponential", delay: 2000 },
  handler: async ({ eventId }, ctx) => {
    const e = await ctx.db.dossierEvent.findUnique({ where: { id: eventId }, include: { dossier: true } });
    if (!e) return "skipped";
    if (!e.dossier.onestopId) throw new Error("dossier not yet in the one-stop system");
    // The dossier's status NOW, not the event's: retries of earlier events can land after
    // later ones, and the one-stop record must end on the latest state whatever the order.
    await ctx.integrations.onestop.updateStatus(e.dossier.code, {
      eventId: e.id,
      status: ONESTOP_CODE[e.dossier.status],
      note: e.reason,
    });
    return "done";
  },
});

/**
 * Fallback for lost webhooks: dossiers in the one-stop system that have not changed here for
 * a while are asked for their history, and the changes we have not seen are applied in order,
 * as if their webhooks had come (the transition table still decides). Applying only the
 * latest status would be refused after several lost webhooks (1 → 10 is no transition) and
 * retried forever.
 *
 * What we have seen: the history is append-only, so the last entry in our current status is
 * where we stand; what follows it is new. Each replayed entry is keyed by its position, so
 * polling again (or a late webhook for the same change) does not apply it twice.
 */
export async function pollOnestopStatuses(
  ctx: AppContext,
  opts: { quietForMs?: number; limit?: number } = {},
) {
  const quietSince = new Date(Date.now() - (opts.quietForMs ?? 10 * 60_000));
  const open = await ctx.db.dossier.findMany({
    where: {
      onestopId: { not: null },
      status: { notIn: ["not_received", "withdrawn", "stopped", "result_returned"] },
      updatedAt: { lt: quietSince },
    },
    orderBy: { updatedAt: "asc" },
    take: opts.limit ?? 200,
  });
  let applied = 0;
  for (const d of open) {
    try {
      const there = await ctx.integrations.onestop.getDossier(d.code);
      const unseen = there ? unseenChanges(there.history, ONESTOP_CODE[d.status]) : [];
      if (!unseen.length) {
        await ctx.db.dossier.update({ where: { id: d.id }, data: { updatedAt: new Date() } }); // checked
        continue;
      }
      for (const { index, entry } of unseen) {
        const to = STATUS_FROM_CODE[entry.status];
        if (!to) break;
        const r = await transitionDossier(ctx, {
          code: d.code,
          to,
          actor: "onestop",
          reason: entry.note ?? "Cập nhật từ hệ thống một cửa",
          externalEventId: `poll:${d.code}:${index}`,
        });
        if (r.changed) applied++;
      }
    } catch (err) {
      ctx.logger.warn(
        { code: d.code, err: (err as Error).message },
        "one-stop status poll failed for a dossier",
      );
    }
  }
  return { checked: open.length, applied };
}

/**
 * The entries after the last one in our current status, with their positions. None when the
 * history never shows our status (a change of ours not pushed yet: nothing to take from there).
 */
export function unseenChanges<E extends { status: number }>(history: E[], ours: number) {
  let last = -1;
  for (let i = history.length - 1; i >= 0; i--)
    if (history[i]!.status === ours) {
      last = i;
      break;
    }
  if (last < 0) return [];
  return history.slice(last + 1).map((entry, i) => ({ index: last + 1 + i, entry }));
}

export const pollOnestopJob = defineJob({
  name: "onestop.poll-statuses",
  queue: QUEUES.onestop,
  schema: z.object({}).loose(),
  attempts: 1,
  deadLetter: false,
  handler: async (_p, ctx) => {
    await pollOnestopStatuses(ctx);
    return "done";
  },
});
