import type { AppContext } from "../platform/context.js";
import { notFound } from "../platform/errors.js";
import { toProcedureView } from "./procedure.mapper.js";

/** A procedure as the console edits it: retired ones included, with its version. */
export async function getProcedureForAdmin(ctx: AppContext, code: string) {
  const p = await ctx.db.procedure.findUnique({ where: { nationalCode: code }, include: { agency: true } });
  if (!p) throw notFound("procedure");
  return { ...toProcedureView(p), active: p.active, updatedAt: p.updatedAt.toISOString() };
}
