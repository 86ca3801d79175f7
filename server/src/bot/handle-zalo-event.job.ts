import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { defineJob } from "../platform/jobs.js";
import { QUEUES } from "../platform/queues.js";
import { notifyCitizen } from "../notifications/notify-citizen.js";
import { eventUserId, isMessageEvent, zaloEvent, type ZaloEvent } from "./zalo-event.schema.js";
import { converse } from "./converse.js";

/**
 * Links the OA user to a citizen: the OA sees its own follower id; `user_id_by_app` (when
 * Zalo sends it) is the id the mini app sees, which is how one person is one citizen.
 */
export async function citizenForEvent(ctx: AppContext, e: ZaloEvent) {
  const oaUserId = eventUserId(e);
  if (!oaUserId) return null;
  const appUserId = e.user_id_by_app;
  const existing = await ctx.db.citizen.findFirst({
    where: { OR: [{ zaloIdByOA: oaUserId }, ...(appUserId ? [{ zaloUserId: appUserId }] : [])] },
  });
  if (existing) {
    if (existing.zaloIdByOA !== oaUserId) {
      return ctx.db.citizen.update({ where: { id: existing.id }, data: { zaloIdByOA: oaUserId } });
    }
    return existing;
  }
  return ctx.db.citizen.upsert({
    where: { zaloIdByOA: oaUserId },
    create: { zaloIdByOA: oaUserId, zaloUserId: appUserId ?? `oa:${oaUserId}` },
    update: {},
  });
}

export const handleZaloEventJob = defineJob({
  name: "bot.handle-event",
  queue: QUEUES.bot,
  schema: z.object({ eventKey: z.string(), event: zaloEvent }),
  attempts: 5,
  handler: async ({ event, eventKey }, ctx) => {
    const citizen = await citizenForEvent(ctx, event);
    if (!citizen) return "skipped";
    const at = new Date(Number(event.timestamp));
    if (event.event_name === "unfollow") {
      // OA sends stop for this citizen: the sender skips them ("not_following") without
      // spending a rate-limit slot on a send Zalo would refuse (-213).
      await ctx.db.citizen.update({
        where: { id: citizen.id },
        data: { followsOA: false, unfollowedAt: at },
      });
      return "done";
    }
    // Any user event opens (or extends) the 48-hour consultation window.
    await ctx.db.citizen.update({
      where: { id: citizen.id },
      data: {
        lastInteractAt: citizen.lastInteractAt && citizen.lastInteractAt > at ? citizen.lastInteractAt : at,
        ...(event.event_name === "follow" &&
        (!citizen.unfollowedAt || citizen.unfollowedAt.getTime() <= at.getTime())
          ? { followsOA: true, unfollowedAt: null }
          : {}),
      },
    });
    if (event.event_name === "follow") {
      await notifyCitizen(ctx.db, {
        citizenId: citizen.id,
        kind: "welcome",
        dedupeKey: `welcome:${citizen.id}:${event.timestamp}`,
      });
      return "done";
    }
    // Messages from the citizen go through the conversation (text, photo, location, voice,
    // a submitted form, …): each gets an answer, never silence.
    if (isMessageEvent(event.event_name)) {
      await converse(ctx, { ...citizen, lastInteractAt: at }, event, eventKey);
    }
    return "done";
  },
});
