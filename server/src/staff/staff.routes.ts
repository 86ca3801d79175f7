import type { Request, Response, Router } from "express";
import rateLimit from "express-rate-limit";
import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { makeRouter, route } from "../platform/http.js";
import { listAuditEntries } from "./list-audit-entries.js";
import { listDeadLetters } from "./list-dead-letters.js";
import { loginStaff } from "./login-staff.js";
import { logoutStaff } from "./logout-staff.js";
import { STAFF_COOKIE, requireStaff } from "./require-staff.js";
import { retryDeadLetter } from "./retry-dead-letter.js";
import { toStaffView } from "./staff.mapper.js";
import {
  auditPage,
  auditQuery,
  deadLetterPage,
  listQuery,
  loginBody,
  retryResponse,
  sessionResponse,
} from "./staff.schema.js";
import { staffDashboard } from "./dashboard.js";

const ipOf = (req: Request) => (req.ip ? { ip: req.ip } : {});

export function staffRouter(ctx: AppContext): Router {
  const r = makeRouter("/api/staff");
  const cookieOptions = {
    httpOnly: true,
    sameSite: "strict" as const,
    secure: ctx.config.NODE_ENV === "production",
    path: "/",
  };
  const setSessionCookie = (res: Response, token: string) =>
    res.cookie(STAFF_COOKIE, token, { ...cookieOptions, maxAge: ctx.config.SESSION_TTL_HOURS * 3600_000 });
  const anyStaff = requireStaff(ctx);
  const adminOnly = requireStaff(ctx, ["admin"]);

  // A second line against guessing, per address, besides the per-account lockout. Only
  // failures count: a service centre's clerks all sign in from one NAT address at 7:30.
  const loginLimiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: 50,
    skipSuccessfulRequests: true,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new AppError("RATE_LIMITED")),
  });

  route(r, {
    method: "post",
    path: "/login",
    summary: "Staff login (sets the httpOnly session cookie lc_staff)",
    tag: "Staff",
    body: loginBody,
    response: sessionResponse,
    errors: [401, 403, 423, 429],
    middleware: [loginLimiter],
    handler: async ({ body, req, res }) => {
      const { token, csrfToken, user } = await loginStaff(ctx, { ...body, ...ipOf(req) });
      setSessionCookie(res, token);
      return { staff: toStaffView(user), csrfToken };
    },
  });

  route(r, {
    method: "post",
    path: "/logout",
    summary: "End this staff session",
    tag: "Staff",
    auth: "staff",
    middleware: [anyStaff],
    handler: async ({ req, res }) => {
      await logoutStaff(ctx, { sessionId: req.staff!.sessionId, staffId: req.staff!.id, ...ipOf(req) });
      res.clearCookie(STAFF_COOKIE, cookieOptions);
    },
  });

  route(r, {
    method: "get",
    path: "/me",
    summary: "The signed-in staff member and the CSRF token for writes",
    tag: "Staff",
    auth: "staff",
    middleware: [anyStaff],
    response: sessionResponse,
    handler: async ({ req }) => {
      const u = await ctx.db.staffUser.findUniqueOrThrow({
        where: { id: req.staff!.id },
        include: { agency: true },
      });
      return { staff: toStaffView(u), csrfToken: req.staff!.csrfToken };
    },
  });

  route(r, {
    method: "get",
    path: "/audit",
    summary: "Audit log, newest first (admin); page with nextCursor",
    tag: "Staff",
    auth: "staff",
    middleware: [adminOnly],
    query: auditQuery,
    response: auditPage,
    handler: ({ query }) => listAuditEntries(ctx, query),
  });

  route(r, {
    method: "get",
    path: "/dead-letters",
    summary: "Jobs that exhausted their attempts (admin); page with nextCursor",
    tag: "Staff",
    auth: "staff",
    middleware: [adminOnly],
    query: listQuery,
    response: deadLetterPage,
    handler: ({ query }) => listDeadLetters(ctx, query),
  });

  route(r, {
    method: "post",
    path: "/dead-letters/:id/retry",
    summary: "Run a dead job again under a new job id (admin)",
    tag: "Staff",
    auth: "staff",
    middleware: [adminOnly],
    params: z.object({ id: z.string().regex(/^\d{1,18}$/) }),
    response: retryResponse,
    errors: [404, 409, 503],
    handler: ({ params, req }) =>
      retryDeadLetter(ctx, { id: BigInt(params.id), staffId: req.staff!.id, ...ipOf(req) }),
  });

  route(r, {
    method: "get",
    path: "/dashboard",
    summary: "What needs attention now, for my role and agency",
    tag: "Staff",
    auth: "staff",
    middleware: [anyStaff],
    handler: async ({ req }) => staffDashboard(ctx, req.staff!),
  });
  return r;
}
