import { timingSafeEqual } from "node:crypto";
import type { Request, RequestHandler } from "express";
import type { AppContext } from "../platform/context.js";
import type { StaffRole } from "../platform/db.js";
import { AppError } from "../platform/errors.js";
import { sha256 } from "../citizens/citizen-auth.js";
import { auditStaffWrite } from "./audit-staff-write.js";
import { readCookie } from "./read-cookie.js";

export const STAFF_COOKIE = "lc_staff";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,100}$/;
// lastSeenAt is for "who was on duty"; writing it on every request would double the load.
const TOUCH_EVERY_MS = 60_000;

export interface RequireStaffOptions {
  /**
   * "token" (default): writes carry the session's CSRF token in X-CSRF-Token.
   * "same-origin": for pages we do not write (bull-board), a write must come from our own
   * origin (Sec-Fetch-Site, else Origin); with the SameSite=Strict cookie that is enough.
   */
  csrf?: "token" | "same-origin";
  /** Audit every non-GET request automatically (default true). */
  audit?: boolean;
}

/**
 * Staff session from the httpOnly cookie. Every write must prove it comes from the console
 * (the cookie alone could be sent by another site's form), is audited, and a clerk must be
 * bound to an agency: domain queries scope by req.staff.agencyId.
 */
export function requireStaff(
  ctx: AppContext,
  roles?: StaffRole[],
  opts: RequireStaffOptions = {},
): RequestHandler {
  return (req, res, next) => {
    const token = readCookie(req.header("cookie"), STAFF_COOKIE);
    if (!token || !TOKEN_SHAPE.test(token)) {
      next(new AppError("UNAUTHENTICATED", { message: "no staff session" }));
      return;
    }
    ctx.db.staffSession
      .findUnique({ where: { tokenHash: sha256(token) }, include: { staff: true } })
      .then((s) => {
        if (!s || s.expiresAt <= new Date() || !s.staff.active) {
          if (s && s.expiresAt <= new Date()) void ctx.db.staffSession.deleteMany({ where: { id: s.id } });
          throw new AppError("UNAUTHENTICATED", { message: "staff session expired or unknown" });
        }
        const write = !SAFE_METHODS.has(req.method);
        if (write && opts.audit !== false) auditStaffWrite(ctx, req, res, s.staff.id);
        if (write) {
          const ok = opts.csrf === "same-origin" ? isSameOrigin(req) : tokensMatch(req, s.csrfToken);
          if (!ok) throw new AppError("CSRF_FAILED", { message: "missing or wrong CSRF proof" });
        }
        if (roles && !roles.includes(s.staff.role))
          throw new AppError("FORBIDDEN", { message: `role ${s.staff.role} not allowed` });
        if (s.staff.role === "clerk" && !s.staff.agencyId)
          throw new AppError("FORBIDDEN", { message: "clerk account is not bound to an agency" });
        req.staff = {
          id: s.staff.id,
          username: s.staff.username,
          fullName: s.staff.fullName,
          role: s.staff.role,
          agencyId: s.staff.agencyId,
          sessionId: s.id,
          csrfToken: s.csrfToken,
        };
        // No sliding expiry: a shift ends, the session ends.
        if (Date.now() - s.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
          ctx.db.staffSession
            .updateMany({ where: { id: s.id }, data: { lastSeenAt: new Date() } })
            .catch(() => undefined);
        }
        next();
      })
      .catch(next);
  };
}

function tokensMatch(req: Request, expected: string): boolean {
  const given = Buffer.from(req.header("x-csrf-token") ?? "");
  const want = Buffer.from(expected);
  return given.length === want.length && timingSafeEqual(given, want);
}

function isSameOrigin(req: Request): boolean {
  const site = req.header("sec-fetch-site");
  if (site) return site === "same-origin";
  const origin = req.header("origin");
  if (!origin) return false;
  try {
    return new URL(origin).host === req.get("host");
  } catch {
    return false;
  }
}
