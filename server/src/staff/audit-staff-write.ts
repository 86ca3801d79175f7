import type { Request, Response } from "express";
import type { AppContext } from "../platform/context.js";
import { recordAudit } from "./record-audit.js";

/**
 * Puts a staff member's write request in the audit log once its response is over, whether
 * or not the domain records an entry of its own: action "POST /api/staff/dossiers/:code/receive"
 * (the route pattern, so entries group), the concrete path as target, the outcome in detail.
 * Refused attempts (403, 409…) are kept too: they are what an investigation looks for.
 * requireStaff calls this for every non-GET request; routers that authenticate staff some
 * other way can call it themselves.
 */
export function auditStaffWrite(ctx: AppContext, req: Request, res: Response, staffId: string): void {
  // requireStaff on both a router and its route must not log the request twice.
  if (res.locals.staffWriteAudited) return;
  res.locals.staffWriteAudited = true;
  const pattern = `${req.baseUrl}${(req.route as { path?: string } | undefined)?.path ?? req.path}`;
  const target = (req.originalUrl.split("?")[0] ?? "").slice(0, 300);
  const started = Date.now();
  res.once("close", () => {
    recordAudit(ctx, {
      staffId,
      action: `${req.method} ${pattern}`.slice(0, 200),
      target,
      detail: { status: res.writableFinished ? res.statusCode : "aborted", ms: Date.now() - started },
      ...(req.ip ? { ip: req.ip } : {}),
    }).catch((err: unknown) =>
      ctx.logger.error({ err: (err as Error).message, action: pattern }, "could not write the audit entry"),
    );
  });
}
