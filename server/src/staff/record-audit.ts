import type { AppContext } from "../platform/context.js";
import type { Db, Tx } from "../platform/db.js";

export interface AuditEntry {
  staffId: string | null;
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
  ip?: string;
}

/** Every staff action goes to the audit log; pass a transaction to audit atomically. */
export async function recordAudit(
  ctx: Pick<AppContext, "db"> | { db: Tx | Db },
  e: AuditEntry,
): Promise<void> {
  await ctx.db.auditLog.create({
    data: {
      staffId: e.staffId,
      action: e.action,
      target: e.target ?? null,
      detail: (e.detail ?? undefined) as object | undefined,
      ip: e.ip ?? null,
    },
  });
}
