import type { AppContext } from "../platform/context.js";
import type { Prisma } from "../platform/db.js";
import { toAuditEntryView } from "./staff.mapper.js";

/** The audit log, newest first, one keyset page at a time. */
export async function listAuditEntries(
  ctx: AppContext,
  input: {
    limit: number;
    cursor?: string | undefined;
    action?: string | undefined;
    staff?: string | undefined;
  },
) {
  const where: Prisma.AuditLogWhereInput = {
    ...(input.cursor ? { id: { lt: BigInt(input.cursor) } } : {}),
    ...(input.action
      ? /[. ]$/.test(input.action)
        ? { action: { startsWith: input.action } }
        : { action: input.action }
      : {}),
    ...(input.staff ? { staff: { username: input.staff } } : {}),
  };
  const rows = await ctx.db.auditLog.findMany({
    where,
    orderBy: { id: "desc" },
    take: input.limit + 1,
    include: { staff: { select: { username: true, fullName: true } } },
  });
  const page = rows.slice(0, input.limit);
  return {
    entries: page.map(toAuditEntryView),
    nextCursor: rows.length > input.limit ? String(page[page.length - 1]!.id) : null,
  };
}
