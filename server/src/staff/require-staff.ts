import { timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import type { AppContext } from "../platform/context.js";
import type { StaffRole } from "../platform/db.js";
import { AppError } from "../platform/errors.js";
import { sha256 } from "../citizens/citizen-auth.js";

export const STAFF_COOKIE = "lc_staff";

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Staff session from the httpOnly cookie; every write must carry the session's CSRF token
 * in X-CSRF-Token (the cookie alone could be sent by another site's form).
 */
export function requireStaff(ctx: AppContext, roles?: StaffRole[]): RequestHandler {
  return (req, _res, next) => {
    const token = readCookie(req.header("cookie"), STAFF_COOKIE);
    if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) {
      next(new AppError("UNAUTHENTICATED", { message: "no staff session" }));
      return;
    }
    ctx.db.staffSession
      .findUnique({ where: { tokenHash: sha256(token) }, include: { staff: true } })
      .then(async (s) => {
        if (!s || s.expiresAt < new Date() || !s.staff.active) {
          throw new AppError("UNAUTHENTICATED", { message: "staff session expired or unknown" });
        }
        if (!SAFE_METHODS.has(req.method)) {
          const given = Buffer.from(req.header("x-csrf-token") ?? "");
          const expected = Buffer.from(s.csrfToken);
          if (given.length !== expected.length || !timingSafeEqual(given, expected))
            throw new AppError("CSRF_FAILED");
        }
        if (roles && !roles.includes(s.staff.role))
          throw new AppError("FORBIDDEN", { message: `role ${s.staff.role} not allowed` });
        req.staff = {
          id: s.staff.id,
          username: s.staff.username,
          fullName: s.staff.fullName,
          role: s.staff.role,
          agencyId: s.staff.agencyId,
          sessionId: s.id,
          csrfToken: s.csrfToken,
        };
        // Sliding expiry is not used: a shift ends, the session ends.
        next();
      })
      .catch(next);
  };
}
