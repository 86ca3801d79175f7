import type { AppContext } from "../platform/context.js";
import type { Agency, Procedure } from "../platform/db.js";
import { notFound } from "../platform/errors.js";
import { toProcedureView } from "./procedure.mapper.js";

/**
 * One procedure with its agency, in one statement on the pg pool: the most-read page of the
 * portal, and Prisma's include made it two queries through its query compiler (api-overhead
 * bench: the read path was CPU-bound in Prisma).
 */
export async function getProcedureByCode(ctx: AppContext, code: string) {
  const { rows } = await ctx.pg.query<Procedure & { agencyCode: string | null; agencyName: string | null }>(
    `SELECT p.*, a.code AS "agencyCode", a.name AS "agencyName"
     FROM "Procedure" p LEFT JOIN "Agency" a ON a.id = p."agencyId"
     WHERE p."nationalCode" = $1`,
    [code],
  );
  const p = rows[0];
  if (!p || !p.active) throw notFound("procedure");
  const agency = p.agencyCode ? ({ code: p.agencyCode, name: p.agencyName ?? "" } as Agency) : null;
  return toProcedureView({ ...p, agency });
}
