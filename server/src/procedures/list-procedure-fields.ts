import type { AppContext } from "../platform/context.js";
import type { ProcedureLevel } from "../platform/db.js";

/** The fields (lĩnh vực) that hold active procedures, for browsing; optionally of one level. */
export async function listProcedureFields(
  ctx: AppContext,
  opts: { level?: ProcedureLevel | undefined } = {},
): Promise<{ name: string; count: number }[]> {
  const { rows } = await ctx.pg.query<{ name: string; count: number }>(
    `SELECT field AS name, count(*)::int AS count FROM "Procedure"
     WHERE active AND ($1::text IS NULL OR level::text = $1)
     GROUP BY field ORDER BY field`,
    [opts.level ?? null],
  );
  return rows;
}
