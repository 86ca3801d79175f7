import type { CalendarData } from "../calendar/working-days.js";
import type { AppContext } from "../platform/context.js";

let cached: { stamp: string; data: CalendarData } | undefined;

/**
 * The official working-day adjustments, from the database (an admin edits them), cached
 * per process and reloaded when any row changed (one cheap MAX query per call).
 */
export async function loadCalendar(ctx: AppContext): Promise<CalendarData> {
  // On the pg pool: this runs on every filing (bench dossier-submit).
  const { rows: stamps } = await ctx.pg.query<{ stamp: string }>(
    `SELECT coalesce((SELECT max("updatedAt")::text FROM "CalendarAdjustment"), '') || '|' ||
            coalesce((SELECT max("updatedAt")::text FROM "CalendarYear"), '') || '|' ||
            (SELECT count(*) FROM "CalendarAdjustment")::text AS stamp`,
  );
  const stamp = stamps[0]?.stamp ?? "";
  if (cached?.stamp === stamp) return cached.data;
  const [rows, years] = await Promise.all([
    ctx.db.calendarAdjustment.findMany(),
    ctx.db.calendarYear.findMany(),
  ]);
  const data: CalendarData = {
    adjustments: new Map(rows.map((r) => [r.date.toISOString().slice(0, 10), r.kind])),
    officialYears: new Set(years.filter((y) => y.official).map((y) => y.year)),
  };
  cached = { stamp, data };
  return data;
}

/** Forget the cached calendar (an admin edited it in this process; others see the new stamp). */
export function invalidateCalendar(): void {
  cached = undefined;
}
