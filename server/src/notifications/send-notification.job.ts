import { UnrecoverableError } from "bullmq";
import type { AppContext } from "../platform/context.js";
import { defineJob } from "../platform/jobs.js";
import { QUEUES } from "../platform/queues.js";
import { OA_ERRORS, OaSendError } from "../integrations/zalo/oa-client.js";
import { UpstreamError } from "../integrations/http.js";
import { OPTIONAL_KINDS, sendNotificationPayload } from "./notification.schema.js";
import { renderTemplate } from "./templates.js";

const WINDOW_MS = 48 * 3600_000; // free consultation window after the user's last interaction

type Outcome = {
  outcome: "sent" | "skipped" | "failed";
  reason?: string;
  channel?: string;
  messageId?: string;
};

function inQuietHours(from: number | null, to: number | null, now: Date): boolean {
  if (from == null || to == null) return false;
  const vn = new Date(now.getTime() + 7 * 3600_000); // Asia/Ho_Chi_Minh has no DST
  const m = vn.getUTCHours() * 60 + vn.getUTCMinutes();
  return from <= to ? m >= from && m < to : m >= from || m < to;
}

/** The next moment (Asia/Ho_Chi_Minh) at `to` minutes after midnight. */
export function quietHoursEnd(to: number, now: Date): Date {
  const vnMidnight = new Date(now.getTime() + 7 * 3600_000);
  vnMidnight.setUTCHours(0, 0, 0, 0);
  let end = vnMidnight.getTime() - 7 * 3600_000 + to * 60_000;
  if (end <= now.getTime()) end += 24 * 3600_000;
  return new Date(end);
}

async function record(ctx: AppContext, id: string, o: Outcome, final: boolean) {
  const status = o.outcome === "failed" && !final ? undefined : o.outcome;
  await ctx.db.$transaction([
    ctx.db.notificationAttempt.create({
      data: { notificationId: id, outcome: o.outcome, reason: o.reason ?? null, channel: o.channel ?? null },
    }),
    ctx.db.notification.update({
      where: { id },
      data: {
        attempts: { increment: 1 },
        ...(status ? { status } : {}),
        reason: o.reason ?? null,
        channel: o.channel ?? null,
        ...(o.outcome === "sent" ? { sentAt: new Date(), providerMessageId: o.messageId ?? null } : {}),
      },
    }),
  ]);
}

/**
 * The one sender for everything the portal tells a citizen. Every attempt is logged as
 * sent / failed (reason) / skipped (reason). Rate-limit and server errors are retried;
 * permanent refusals are recorded and not retried.
 */
export const sendNotificationJob = defineJob({
  name: "notifications.send",
  queue: QUEUES.notifications,
  schema: sendNotificationPayload,
  attempts: 8,
  backoff: { type: "exponential", delay: 1000 },
  handler: async ({ notificationId }, ctx, meta) => {
    const n = await ctx.db.notification.findUnique({
      where: { id: notificationId },
      include: { citizen: true },
    });
    if (!n) return "skipped"; // erased with its citizen
    if (n.status === "sent" || n.status === "skipped") return "skipped"; // already handled: a redelivery
    const c = n.citizen;
    const prefs = (c.messagePrefs ?? {}) as Record<string, boolean>;
    const now = new Date();
    let skip: string | undefined;
    if (c.deletedAt) skip = "citizen_erased";
    else if ((OPTIONAL_KINDS as readonly string[]).includes(n.kind) && prefs[n.kind] === false)
      skip = "preference_off";
    else if (n.kind !== "alert" && inQuietHours(c.quietHoursFrom, c.quietHoursTo, now)) {
      // Not dropped: it waits until the citizen's quiet hours end (no attempt is spent).
      return meta.delayUntil(quietHoursEnd(c.quietHoursTo!, now));
    } else if (!c.lastInteractAt || now.getTime() - c.lastInteractAt.getTime() > WINDOW_MS) {
      if (n.kind !== "alert") skip = "outside_interaction_window";
    }
    if (skip) {
      await record(ctx, n.id, { outcome: "skipped", reason: skip }, true);
      ctx.logger.info({ notificationId: n.id, kind: n.kind, reason: skip }, "notification skipped");
      return "skipped";
    }
    const text = renderTemplate(n.template, c.language, (n.params ?? {}) as Record<string, string>);
    try {
      const res = await ctx.integrations.zaloOa.sendText(c.zaloIdByOA ?? c.zaloUserId, text);
      await record(ctx, n.id, { outcome: "sent", channel: "oa_cs", messageId: res.messageId }, true);
      return "done";
    } catch (err) {
      if (err instanceof OaSendError && !err.retryable) {
        const reason =
          err.oaCode === OA_ERRORS.NOT_FOLLOWING
            ? "not_following"
            : err.oaCode === OA_ERRORS.OUTSIDE_WINDOW
              ? "outside_interaction_window"
              : `oa_error_${err.oaCode}`;
        const outcome = reason.startsWith("oa_error") ? "failed" : "skipped";
        await record(ctx, n.id, { outcome, reason, channel: "oa_cs" }, true);
        throw new UnrecoverableError(reason);
      }
      const reason =
        err instanceof OaSendError
          ? `oa_error_${err.oaCode}`
          : err instanceof UpstreamError
            ? "upstream_unavailable"
            : "error";
      await record(ctx, n.id, { outcome: "failed", reason, channel: "oa_cs" }, meta.lastAttempt);
      throw err;
    }
  },
});
