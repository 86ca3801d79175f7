import { randomUUID } from "node:crypto";
import { UnrecoverableError } from "bullmq";
import type { AppContext } from "../platform/context.js";
import { defineJob, type JobMeta } from "../platform/jobs.js";
import { QUEUES } from "../platform/queues.js";
import {
  OA_ERRORS,
  OaDeliveryUnknownError,
  OaSendError,
  OaTokenLostError,
  type OaButton,
  type OaListElement,
} from "../integrations/zalo/oa-client.js";
import { OA_TEMPLATES, ZNS_TEMPLATES, toZnsPhone } from "../integrations/zalo/zns-templates.js";
import { UpstreamError } from "../integrations/http.js";
import { OPTIONAL_KINDS, sendNotificationPayload } from "./notification.schema.js";
import { renderTemplate } from "./templates.js";
import { giveBackZnsQuota, takeZnsQuota } from "./zns-quota.js";
import { sendLimiter } from "./send-limiter.js";

const WINDOW_MS = 48 * 3600_000; // free consultation window after the user's last interaction
/** While the OA is disconnected a message waits (OA_RECONNECT_POLL_MS between looks) this
 * long after it was queued; then it fails for good (a dead letter to retry). */
const OA_RECONNECT_WAIT_MS = 72 * 3600_000;

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
        sendingAttemptId: null,
        sendingAt: null,
        ...(o.outcome === "sent" ? { sentAt: new Date(), providerMessageId: o.messageId ?? null } : {}),
      },
    }),
  ]);
}

/** How a send that was handed to Zalo ended, as far as we can know. */
type HandOff<T> = { sent: T } | { error: unknown } | { uncertain: true } | { taken: true };

/**
 * Every call that may put a message on a phone goes through here. Zalo takes no idempotency
 * key, so the message is first marked as sending (this attempt's id and the time, in its own
 * committed write; the status stays `queued`, so delivery counts still show it as planned);
 * only then is Zalo called. If Zalo answers, the caller records the outcome. If it does not
 * (a timeout: Zalo may have delivered it) or the worker dies before the record, the mark
 * stays and the message is recorded `uncertain`, never sent twice.
 * `taken`: another attempt has it, or it was settled meanwhile (an expiry sweep skipped it).
 */
async function handOff<T>(
  ctx: AppContext,
  id: string,
  channel: string,
  meta: JobMeta,
  send: () => Promise<T>,
): Promise<HandOff<T>> {
  try {
    // A usable OA token first (refreshed if due): a disconnected OA is found out before
    // the message is marked, so a message waiting for an admin stays `queued`.
    await ctx.integrations.zaloOa.accessToken();
  } catch (error) {
    return { error };
  }
  // A slot under Zalo's limit, before the message is marked: a worker that dies while it
  // waits leaves the message `queued`, to be sent by the next attempt.
  const limiter = sendLimiter(ctx);
  let slot = await limiter.acquire();
  while (!slot.granted) {
    // A long wait: the job goes back to the queue (no attempt spent) and the senders look
    // again in at most 5 s (so a limit raised meanwhile counts soon).
    if (meta.pauseQueue) return meta.pauseQueue(Math.min(slot.waitMs, 5000));
    const { waitMs } = slot;
    await new Promise((r) => setTimeout(r, waitMs));
    slot = await limiter.acquire();
  }
  const claimed = await ctx.db.notification.updateMany({
    where: { id, status: { in: ["queued", "failed"] }, sendingAttemptId: null },
    data: { sendingAttemptId: randomUUID(), sendingAt: new Date(), channel },
  });
  if (claimed.count === 0) {
    // Another attempt marked it since we read it: if that one dies, this job settles it.
    const now = await ctx.db.notification.findUnique({
      where: { id },
      select: { id: true, sendingAt: true, sendingAttemptId: true, channel: true },
    });
    await slot.release(); // nothing went to Zalo
    if (now?.sendingAttemptId) await settleInterrupted(ctx, now, meta);
    return { taken: true };
  }
  try {
    return { sent: await send() };
  } catch (error) {
    if (error instanceof OaDeliveryUnknownError) {
      await record(ctx, id, { outcome: "skipped", reason: "uncertain", channel }, true);
      ctx.logger.warn({ notificationId: id, channel }, "no answer from Zalo: delivery uncertain, not resent");
      return { uncertain: true };
    }
    // Zalo answered with a refusal, or the request never left: nothing reached the phone.
    await ctx.db.notification.updateMany({
      where: { id },
      data: { sendingAttemptId: null, sendingAt: null },
    });
    return { error };
  }
}

/**
 * Redelivered while marked as sending: an earlier attempt handed the message to Zalo and its
 * worker died before recording the answer (or is still waiting for it). Within the longest a
 * send can take, look again later; after that, record `uncertain` (it may well be on the phone).
 */
async function settleInterrupted(
  ctx: AppContext,
  n: { id: string; sendingAt: Date | null; sendingAttemptId: string | null; channel: string | null },
  meta: JobMeta,
): Promise<"skipped"> {
  // A token refresh, an upload, the send and one retry, each up to the OA timeout.
  const staleAt = (n.sendingAt?.getTime() ?? 0) + 4 * ctx.config.ZALO_OA_TIMEOUT_MS + 5000;
  if (Date.now() < staleAt) return meta.delayUntil(new Date(staleAt));
  const settled = await ctx.db.$transaction(async (tx) => {
    const r = await tx.notification.updateMany({
      where: { id: n.id, sendingAttemptId: n.sendingAttemptId },
      data: {
        status: "skipped",
        reason: "uncertain",
        attempts: { increment: 1 },
        sendingAttemptId: null,
        sendingAt: null,
      },
    });
    if (r.count === 1) {
      await tx.notificationAttempt.create({
        data: { notificationId: n.id, outcome: "skipped", reason: "uncertain", channel: n.channel },
      });
    }
    return r.count === 1;
  });
  if (settled)
    ctx.logger.warn(
      { notificationId: n.id },
      "send interrupted after Zalo was called: uncertain, not resent",
    );
  return "skipped";
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
    if (n.sendingAttemptId) return settleInterrupted(ctx, n, meta);
    const c = n.citizen;
    const prefs = (c.messagePrefs ?? {}) as Record<string, boolean>;
    const params = (n.params ?? {}) as Record<string, string>;
    const now = new Date();
    let skip: string | undefined;
    if (c.deletedAt) skip = "citizen_erased";
    // Unfollowed: the OA sends them nothing more. A disaster alert may still reach their
    // phone by ZNS when they gave a number and consent for it (the same rule as outside
    // the 48-hour window); everything else stops here.
    else if (c.unfollowedAt && n.kind !== "alert") skip = "not_following";
    else if ((OPTIONAL_KINDS as readonly string[]).includes(n.kind) && prefs[n.kind] === false)
      skip = "preference_off";
    // A bot reply answers what the citizen just wrote: quiet hours do not hold it back.
    else if (
      n.kind !== "alert" &&
      n.kind !== "bot_reply" &&
      inQuietHours(c.quietHoursFrom, c.quietHoursTo, now)
    ) {
      // Not dropped: it waits until the citizen's quiet hours end (no attempt is spent).
      return meta.delayUntil(quietHoursEnd(c.quietHoursTo!, now));
    }
    // The fan-out and the expiry sweep skip alert messages still queued; one a worker had
    // already taken when that happened must not go out either.
    if (!skip && n.kind === "alert" && params.alertId)
      skip = await alertNoLongerDue(ctx, params.alertId, now);
    if (skip) {
      await record(ctx, n.id, { outcome: "skipped", reason: skip }, true);
      ctx.logger.info({ notificationId: n.id, kind: n.kind, reason: skip }, "notification skipped");
      return "skipped";
    }
    const text = renderTemplate(n.template, c.language, params);
    // Alerts try the OA even when our record says the window has closed (the citizen may
    // have interacted in ways we did not see); Zalo's -230 then sends them the same way.
    const outsideWindow = !c.lastInteractAt || now.getTime() - c.lastInteractAt.getTime() > WINDOW_MS;
    if (c.unfollowedAt) return sendOutsideWindow(ctx, { ...n, citizen: c }, text, meta, "not_following");
    if (outsideWindow && n.kind !== "alert") {
      return sendOutsideWindow(ctx, { ...n, citizen: c }, text, meta);
    }
    const h = await handOff(ctx, n.id, "oa_cs", meta, () =>
      sendInWindow(ctx, c.zaloIdByOA ?? c.zaloUserId, text, params),
    );
    if ("taken" in h || "uncertain" in h) return "skipped";
    if ("sent" in h) {
      await record(ctx, n.id, { outcome: "sent", channel: "oa_cs", messageId: h.sent.messageId }, true);
      return "done";
    }
    const err = h.error;
    if (err instanceof OaTokenLostError) return waitForOa(ctx, n, meta);
    if (isRateLimited(err)) return pauseForRateLimit(ctx, meta, err);
    if (err instanceof OaSendError && err.oaCode === OA_ERRORS.OUTSIDE_WINDOW) {
      return sendOutsideWindow(ctx, { ...n, citizen: c }, text, meta);
    }
    if (err instanceof OaSendError && !err.retryable) {
      const reason =
        err.oaCode === OA_ERRORS.NOT_FOLLOWING
          ? "not_following"
          : err.oaCode === OA_ERRORS.OUTSIDE_WINDOW
            ? "outside_interaction_window"
            : `oa_error_${err.oaCode}`;
      const outcome = reason.startsWith("oa_error") ? "failed" : "skipped";
      if (reason === "not_following") {
        // Zalo knows before we do (an unfollow event we missed): stop trying them.
        await ctx.db.citizen.updateMany({
          where: { id: c.id, unfollowedAt: null },
          data: { followsOA: false, unfollowedAt: now },
        });
      }
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
  },
});

/**
 * Why an alert's message must not leave any more: the alert expired, or an Update or Cancel
 * replaced it (the Update's or Cancel's own message is what goes instead; a Cancel alert is
 * itself stored as cancelled, and its message is sent).
 */
async function alertNoLongerDue(ctx: AppContext, alertId: string, now: Date): Promise<string | undefined> {
  const a = await ctx.db.alert.findUnique({
    where: { id: alertId },
    select: { status: true, msgType: true, expires: true },
  });
  if (!a) return undefined;
  if (a.msgType !== "Cancel" && (a.status === "updated" || a.status === "cancelled"))
    return "alert_superseded";
  if (a.status === "expired" || a.expires.getTime() <= now.getTime()) return "alert_expired";
  return undefined;
}

/** A consultation message: plain text, or with buttons / a list (bot replies carry them). */
function sendInWindow(ctx: AppContext, userId: string, text: string, params: Record<string, string>) {
  const oa = ctx.integrations.zaloOa;
  if (params.list) {
    const list = JSON.parse(params.list) as { elements: OaListElement[]; buttons?: OaButton[] };
    return oa.sendList(userId, list.elements, list.buttons ?? []);
  }
  if (params.buttons) return oa.sendButtons(userId, text, JSON.parse(params.buttons) as OaButton[]);
  return oa.sendText(userId, text);
}

/**
 * Outside the 48-hour window a consultation message is refused (-230). What the portal owes
 * a follower then goes as an approved template message by user id (ZALO_OA_TEMPLATE_FALLBACK);
 * when there is none for the kind or Zalo refuses it, as a ZNS template by phone, when they
 * gave a number and their latest consent for phone notifications stands; otherwise it is
 * skipped with the reason.
 */
async function sendOutsideWindow(
  ctx: AppContext,
  n: {
    id: string;
    kind: string;
    createdAt: Date;
    citizen: { id: string; phone: string | null; zaloIdByOA: string | null; zaloUserId: string };
  },
  text: string,
  meta: JobMeta,
  why: "outside_interaction_window" | "not_following" = "outside_interaction_window",
): Promise<"done" | "skipped"> {
  const oaTemplate = OA_TEMPLATES[n.kind];
  // A template by user id reaches followers only.
  if (why === "outside_interaction_window" && oaTemplate && ctx.config.ZALO_OA_TEMPLATE_FALLBACK) {
    const h = await handOff(ctx, n.id, "oa_template", meta, () =>
      ctx.integrations.zaloOa.sendTemplate({
        userId: n.citizen.zaloIdByOA ?? n.citizen.zaloUserId,
        templateId: oaTemplate.templateId,
        templateData: { message: text.slice(0, oaTemplate.maxChars) },
      }),
    );
    if ("taken" in h || "uncertain" in h) return "skipped";
    if ("sent" in h) {
      await record(ctx, n.id, { outcome: "sent", channel: "oa_template", messageId: h.sent.messageId }, true);
      return "done";
    }
    const err = h.error;
    if (err instanceof OaTokenLostError) return waitForOa(ctx, n, meta);
    if (isRateLimited(err)) return pauseForRateLimit(ctx, meta, err);
    if (!(err instanceof OaSendError) || err.retryable) {
      // Zalo unreachable or in trouble: the whole message is tried again later.
      await record(
        ctx,
        n.id,
        { outcome: "failed", reason: "upstream_unavailable", channel: "oa_template" },
        meta.lastAttempt,
      );
      throw err;
    }
    // Refused (not approved, not following, …): the phone is the last way left.
    ctx.logger.info({ notificationId: n.id, oaCode: err.oaCode }, "OA template refused: trying ZNS");
    if (err.oaCode === OA_ERRORS.NOT_FOLLOWING) {
      why = "not_following";
      await ctx.db.citizen.updateMany({
        where: { id: n.citizen.id, unfollowedAt: null },
        data: { followsOA: false, unfollowedAt: new Date() },
      });
    }
  }
  const template = ZNS_TEMPLATES[n.kind];
  const consent = await ctx.db.consentRecord.findFirst({
    where: { citizenId: n.citizen.id, purpose: "phone_notifications" },
    orderBy: { createdAt: "desc" },
  });
  const phone = n.citizen.phone ? toZnsPhone(n.citizen.phone) : null;
  const reason = !template
    ? why
    : !phone
      ? `${why}_no_phone`
      : !consent?.granted
        ? `${why}_no_consent`
        : undefined;
  if (reason || !template || !phone) {
    await record(ctx, n.id, { outcome: "skipped", reason: reason ?? why }, true);
    ctx.logger.info({ notificationId: n.id, kind: n.kind, reason }, "notification skipped");
    return "skipped";
  }
  const at = new Date();
  if (!(await takeZnsQuota(ctx, n.kind, at))) {
    // An alert is not worth much tomorrow: say why it did not go. Anything else waits for
    // the quota to renew at midnight (Asia/Ho_Chi_Minh), without spending an attempt.
    if (n.kind === "alert") {
      await record(ctx, n.id, { outcome: "skipped", reason: "zns_quota_exhausted", channel: "zns" }, true);
      return "skipped";
    }
    ctx.logger.warn(
      { notificationId: n.id, kind: n.kind },
      "ZNS daily quota used up: message waits for tomorrow",
    );
    return meta.delayUntil(quietHoursEnd(0, at));
  }
  const h = await handOff(ctx, n.id, "zns", meta, () =>
    ctx.integrations.zaloOa.sendZns({
      phone,
      templateId: template.templateId,
      templateData: { message: text.slice(0, template.maxChars) },
      trackingId: n.id,
    }),
  ).catch(async (e: unknown) => {
    await giveBackZnsQuota(ctx, at); // put off (another attempt has it): nothing was sent
    throw e;
  });
  if ("uncertain" in h) return "skipped"; // the quota unit stays spent: it may have gone
  if ("taken" in h) {
    await giveBackZnsQuota(ctx, at);
    return "skipped";
  }
  if ("sent" in h) {
    await record(ctx, n.id, { outcome: "sent", channel: "zns", messageId: h.sent.messageId }, true);
    return "done";
  }
  const err = h.error;
  await giveBackZnsQuota(ctx, at); // Zalo did not take it: the unit is not spent
  if (err instanceof OaTokenLostError) return waitForOa(ctx, n, meta);
  if (isRateLimited(err)) return pauseForRateLimit(ctx, meta, err);
  if (err instanceof OaSendError && !err.retryable) {
    await record(ctx, n.id, { outcome: "failed", reason: `zns_error_${err.oaCode}`, channel: "zns" }, true);
    throw new UnrecoverableError(`zns_error_${err.oaCode}`);
  }
  const failure = err instanceof OaSendError ? `zns_error_${err.oaCode}` : "upstream_unavailable";
  await record(ctx, n.id, { outcome: "failed", reason: failure, channel: "zns" }, meta.lastAttempt);
  throw err;
}

/** Zalo's app-wide limit: -32, or HTTP 429 from something in front of it. */
const isRateLimited = (err: unknown) =>
  (err instanceof OaSendError && err.oaCode === OA_ERRORS.RATE_LIMITED) ||
  (err instanceof UpstreamError && err.status === 429);

/**
 * Zalo says the app is over its limit (shared with anything else using the app, so our own
 * limiter cannot rule it out). Retrying this message on its own back-off would spend its
 * attempts while the limit lasts (8 of them: a sustained limit dead-lettered alerts) and
 * keep the other jobs hammering Zalo. Instead the whole queue pauses, no attempt is spent,
 * and the job waits at the front of its priority, so alerts still go first afterwards.
 */
async function pauseForRateLimit(ctx: AppContext, meta: JobMeta, err: unknown): Promise<never> {
  // Every sender, also those holding a job and waiting for a slot, stops for the pause.
  await sendLimiter(ctx).pause(ctx.config.ZALO_RATE_LIMIT_PAUSE_MS);
  if (!meta.pauseQueue) throw err;
  ctx.logger.warn(
    { pauseMs: ctx.config.ZALO_RATE_LIMIT_PAUSE_MS },
    "Zalo rate limit reached: notifications paused",
  );
  return meta.pauseQueue(ctx.config.ZALO_RATE_LIMIT_PAUSE_MS);
}

/**
 * Zalo refused the OA's refresh token: nothing reaches anyone until an admin reconnects the
 * OA in the console (the dashboard says so). The message is not failed for that: it waits,
 * without spending an attempt, and goes out once the OA is connected again; after three
 * days it fails for good and lands in the dead letters.
 */
async function waitForOa(
  ctx: AppContext,
  n: { id: string; kind: string; createdAt: Date },
  meta: JobMeta,
): Promise<never> {
  if (Date.now() - n.createdAt.getTime() > OA_RECONNECT_WAIT_MS) {
    await record(ctx, n.id, { outcome: "failed", reason: "oa_disconnected" }, true);
    throw new UnrecoverableError("oa_disconnected");
  }
  ctx.logger.warn(
    { notificationId: n.id, kind: n.kind },
    "OA disconnected: message waits for an admin to reconnect",
  );
  return meta.delayUntil(new Date(Date.now() + ctx.config.OA_RECONNECT_POLL_MS));
}
