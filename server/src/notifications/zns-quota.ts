import type { AppContext } from "../platform/context.js";
import { vnDate } from "../calendar/working-days.js";

/**
 * Zalo gives the OA a daily ZNS quota. We count each ZNS before sending it (one statement:
 * concurrent senders cannot overshoot), and give the unit back when the send fails, so the
 * count is what Zalo accepted. Other messages stop ZNS_ALERT_RESERVE short of the quota:
 * the rest is kept for disaster alerts on a day of heavy sending.
 */
export async function takeZnsQuota(ctx: AppContext, kind: string, at = new Date()): Promise<boolean> {
  const limit =
    kind === "alert" ? ctx.config.ZNS_DAILY_QUOTA : ctx.config.ZNS_DAILY_QUOTA - ctx.config.ZNS_ALERT_RESERVE;
  const rows = await ctx.db.$queryRaw<{ used: number }[]>`
    INSERT INTO "ZnsQuotaDay" (day, used) VALUES (${vnDate(at)}, 1)
    ON CONFLICT (day) DO UPDATE SET used = "ZnsQuotaDay".used + 1
    WHERE "ZnsQuotaDay".used < ${limit}
    RETURNING used`;
  return rows.length === 1;
}

/** A ZNS that was counted but not accepted by Zalo. */
export async function giveBackZnsQuota(ctx: AppContext, at = new Date()): Promise<void> {
  await ctx.db.$executeRaw`
    UPDATE "ZnsQuotaDay" SET used = used - 1 WHERE day = ${vnDate(at)} AND used > 0`;
}

/** Today's use, for the console. */
export async function znsQuotaToday(ctx: AppContext) {
  const row = await ctx.db.znsQuotaDay.findUnique({ where: { day: vnDate(new Date()) } });
  return {
    used: row?.used ?? 0,
    quota: ctx.config.ZNS_DAILY_QUOTA,
    alertReserve: ctx.config.ZNS_ALERT_RESERVE,
  };
}
