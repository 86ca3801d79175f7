import type { AppContext } from "../platform/context.js";
import type { Prisma, ProcedureLevel } from "../platform/db.js";
import { foldedWords } from "./fold.js";

const PAGE_SIZE = 25;

/**
 * The console's list: every procedure, retired ones too, filtered by folded words of the
 * name (each word must appear) or the national code. Admin traffic is small: plain Prisma.
 */
export async function listProceduresForAdmin(
  ctx: AppContext,
  opts: {
    q?: string | undefined;
    field?: string | undefined;
    level?: ProcedureLevel | undefined;
    active?: boolean | undefined;
    page: number;
  },
) {
  const q = opts.q?.trim() ?? "";
  const where: Prisma.ProcedureWhereInput = {
    ...(opts.field ? { field: opts.field } : {}),
    ...(opts.level ? { level: opts.level } : {}),
    ...(opts.active !== undefined ? { active: opts.active } : {}),
    ...(q
      ? {
          OR: [
            { nationalCode: { startsWith: q } },
            { AND: foldedWords(q).map((w) => ({ nameSearch: { contains: w } })) },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.procedure.findMany({
      where,
      include: { agency: true },
      orderBy: [{ field: "asc" }, { name: "asc" }],
      skip: (opts.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
    ctx.db.procedure.count({ where }),
  ]);
  return {
    items: rows.map((p) => ({
      code: p.nationalCode,
      name: p.name,
      field: p.field,
      level: p.level,
      agency: p.agency?.name ?? null,
      onlineLevel: p.onlineLevel,
      active: p.active,
      updatedAt: p.updatedAt.toISOString(),
    })),
    total,
    page: opts.page,
    pageSize: PAGE_SIZE,
  };
}

/** What the edit form offers: known fields, and the agencies a procedure can name. */
export async function procedureEditOptions(ctx: AppContext) {
  const [fields, agencies] = await Promise.all([
    ctx.db.procedure.findMany({ distinct: ["field"], select: { field: true }, orderBy: { field: "asc" } }),
    ctx.db.agency.findMany({
      where: { kind: { in: ["province_department", "service_centre", "other"] } },
      orderBy: { code: "asc" },
    }),
  ]);
  return {
    fields: fields.map((f) => f.field),
    agencies: agencies.map((a) => ({ code: a.code, name: a.name, kind: a.kind })),
  };
}
