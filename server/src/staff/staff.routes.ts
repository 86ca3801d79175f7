import type { Request, Response, Router } from "express";
import rateLimit from "express-rate-limit";
import type { AppContext } from "../platform/context.js";
import type { Agency, StaffUser } from "../platform/db.js";
import { AppError } from "../platform/errors.js";
import { makeRouter, route } from "../platform/http.js";
import { sha256 } from "../citizens/citizen-auth.js";
import { loginStaff } from "./login-staff.js";
import { recordAudit } from "./record-audit.js";
import { STAFF_COOKIE, readCookie, requireStaff } from "./require-staff.js";
import { retryDeadLetter } from "./retry-dead-letter.js";
import { auditEntryView, deadLetterView, listQuery, loginBody, sessionResponse } from "./staff.schema.js";
import { z } from "zod";

function toStaffView(u: StaffUser & { agency: Agency | null }) {
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    role: u.role,
    agency: u.agency ? { id: u.agency.id, code: u.agency.code, name: u.agency.name } : null,
  };
}

export function staffRouter(ctx: AppContext): Router {
  const r = makeRouter("/api/staff");
  const secure = ctx.config.NODE_ENV === "production";
  const setCookie = (res: Response, token: string, maxAgeMs: number) =>
    res.cookie(STAFF_COOKIE, token, {
      httpOnly: true,
      sameSite: "strict",
      secure,
      path: "/",
      maxAge: maxAgeMs,
    });

  // A second line against guessing, per address, besides the per-account lockout.
  const loginLimiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: 50,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new AppError("RATE_LIMITED")),
  });

  route(r, {
    method: "post",
    path: "/login",
    summary: "Staff login (sets the httpOnly session cookie)",
    tag: "Staff",
    body: loginBody,
    response: sessionResponse,
    errors: [401, 423, 429],
    middleware: [loginLimiter],
    handler: async ({ body, req, res }) => {
      const { token, csrfToken, user } = await loginStaff(ctx, {
        ...body,
        ...(req.ip ? { ip: req.ip } : {}),
      });
      setCookie(res, token, ctx.config.SESSION_TTL_HOURS * 3600_000);
      return { staff: toStaffView(user), csrfToken };
    },
  });

  route(r, {
    method: "post",
    path: "/logout",
    summary: "End the staff session",
    tag: "Staff",
    auth: "staff",
    middleware: [requireStaff(ctx)],
    handler: async ({ req, res }) => {
      const token = readCookie(req.header("cookie"), STAFF_COOKIE);
      if (token) await ctx.db.staffSession.deleteMany({ where: { tokenHash: sha256(token) } });
      await recordAudit(ctx, { staffId: req.staff!.id, action: "logout", ...ipOf(req) });
      res.clearCookie(STAFF_COOKIE, { path: "/" });
    },
  });

  route(r, {
    method: "get",
    path: "/me",
    summary: "The signed-in staff member and the CSRF token for writes",
    tag: "Staff",
    auth: "staff",
    middleware: [requireStaff(ctx)],
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
    summary: "Recent audit log entries (admin)",
    tag: "Staff",
    auth: "staff",
    middleware: [requireStaff(ctx, ["admin"])],
    query: listQuery,
    response: z.object({ entries: z.array(auditEntryView) }),
    handler: async ({ query }) => {
      const rows = await ctx.db.auditLog.findMany({
        where: query.before ? { id: { lt: BigInt(query.before) } } : {},
        orderBy: { id: "desc" },
        take: query.limit,
        include: { staff: { select: { username: true } } },
      });
      return {
        entries: rows.map((a) => ({
          id: String(a.id),
          at: a.createdAt.toISOString(),
          staff: a.staff?.username ?? null,
          action: a.action,
          target: a.target,
          detail: a.detail,
          ip: a.ip,
        })),
      };
    },
  });

  route(r, {
    method: "get",
    path: "/dead-letters",
    summary: "Jobs that exhausted their attempts (admin)",
    tag: "Staff",
    auth: "staff",
    middleware: [requireStaff(ctx, ["admin"])],
    query: listQuery,
    response: z.object({ deadLetters: z.array(deadLetterView) }),
    handler: async ({ query }) => {
      const rows = await ctx.db.jobDeadLetter.findMany({ orderBy: { id: "desc" }, take: query.limit });
      return {
        deadLetters: rows.map((d) => ({
          id: String(d.id),
          queue: d.queue,
          jobName: d.jobName,
          jobId: d.jobId,
          error: d.error,
          attempts: d.attempts,
          failedAt: d.failedAt.toISOString(),
          retriedAt: d.retriedAt?.toISOString() ?? null,
        })),
      };
    },
  });

  route(r, {
    method: "post",
    path: "/dead-letters/:id/retry",
    summary: "Run a dead job again (admin)",
    tag: "Staff",
    auth: "staff",
    middleware: [requireStaff(ctx, ["admin"])],
    params: z.object({ id: z.string().regex(/^\d+$/) }),
    response: z.object({ jobId: z.string() }),
    errors: [404, 409],
    handler: ({ params, req }) =>
      retryDeadLetter(ctx, { id: BigInt(params.id), staffId: req.staff!.id, ...ipOf(req) }),
  });

  return r;
}

const ipOf = (req: Request) => (req.ip ? { ip: req.ip } : {});
