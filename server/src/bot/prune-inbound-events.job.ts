import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { defineJob } from "../platform/jobs.js";
import { QUEUES } from "../platform/queues.js";

/**
 * Zalo event dedupe rows are needed only while Zalo may still re-send an event we can
 * accept: an event older than the replay window (ZALO_WEBHOOK_MAX_AGE_SECONDS) is refused
 * as stale before the dedupe row is looked at. Kept twice the window (at least a day), then
 * they go; without this the table would grow by one row per citizen message forever.
 */
export async function pruneInboundZaloEvents(ctx: AppContext, keepMs = 24 * 3600_000): Promise<number> {
  const keep = Math.max(keepMs, ctx.config.ZALO_WEBHOOK_MAX_AGE_SECONDS * 1000 * 2);
  const { rowCount } = await ctx.pg.query(
    `DELETE FROM "InboundEvent" WHERE source = 'zalo' AND "receivedAt" < now() - make_interval(secs => $1)`,
    [keep / 1000],
  );
  return rowCount ?? 0;
}

export const pruneInboundEventsJob = defineJob({
  name: "bot.prune-inbound-events",
  queue: QUEUES.maintenance,
  schema: z.object({}).loose(),
  attempts: 1,
  deadLetter: false,
  handler: async (_p, ctx) => {
    const n = await pruneInboundZaloEvents(ctx);
    if (n > 0) ctx.logger.info({ pruned: n }, "old Zalo event dedupe rows pruned");
    return "done";
  },
});
