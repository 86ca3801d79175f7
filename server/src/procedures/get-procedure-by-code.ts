import type { AppContext } from "../platform/context.js";
import { notFound } from "../platform/errors.js";
import { toProcedureView } from "./procedure.mapper.js";

export async function getProcedureByCode(ctx: AppContext, code: string) {
  const p = await ctx.db.procedure.findUnique({ where: { nationalCode: code }, include: { agency: true } });
  if (!p || !p.active) throw notFound("procedure");
  return toProcedureView(p);
}
