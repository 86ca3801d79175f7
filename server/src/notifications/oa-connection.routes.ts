import type { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { makeRouter, route } from "../platform/http.js";
import { requireStaff } from "../staff/require-staff.js";
import { requestBaseUrl } from "./public-links.js";
import { finishOaConnection, startOaConnection } from "./oa-connection.js";
import { znsQuotaToday } from "./zns-quota.js";

const status = z.object({
  state: z.enum(["connected", "lost", "missing"]),
  accessExpiresAt: z.string().nullable(),
  refreshedAt: z.string().nullable(),
  connectedAt: z.string().nullable(),
  connectedBy: z.string().nullable(),
  lostAt: z.string().nullable(),
  zns: z.object({ used: z.number(), quota: z.number(), alertReserve: z.number() }),
});

/** The Zalo OA's connection, for admins: its state, and reconnecting it (OAuth v4 + PKCE). */
export function oaConnectionRouter(ctx: AppContext): Router {
  const r = makeRouter("/api/staff");
  const adminOnly = requireStaff(ctx, ["admin"]);

  route(r, {
    method: "get",
    path: "/oa",
    summary: "The Zalo OA's connection (connected, lost, missing) and today's ZNS quota use",
    tag: "Staff",
    auth: "staff",
    middleware: [adminOnly],
    response: status,
    handler: async () => {
      const [s, zns] = await Promise.all([ctx.integrations.zaloOa.status(), znsQuotaToday(ctx)]);
      const who = s.connectedBy
        ? await ctx.db.staffUser.findUnique({ where: { id: s.connectedBy }, select: { fullName: true } })
        : null;
      return { ...s, connectedBy: who?.fullName ?? null, zns };
    },
  });

  route(r, {
    method: "post",
    path: "/oa/connect",
    summary: "Start connecting the OA: the URL of Zalo's consent page to open",
    tag: "Staff",
    auth: "staff",
    middleware: [adminOnly],
    response: z.object({ url: z.string() }),
    // Zalo sends the admin back to the host they use the console on (or PUBLIC_BASE_URL).
    handler: ({ req }) =>
      startOaConnection(ctx, req.staff!.id, `${requestBaseUrl(ctx.config, req)}/api/staff/oa/callback`),
  });

  route(r, {
    method: "get",
    path: "/oa/callback",
    summary:
      "Zalo's redirect after the consent page; proven by `state`, answers with a redirect to the console",
    tag: "Staff",
    query: z.object({
      state: z.string().max(200).default(""),
      code: z.string().max(2000).optional(),
      error: z.string().max(200).optional(),
      oa_id: z.string().max(100).optional(),
    }),
    handler: async ({ query, req, res }) => {
      let result = "connected";
      try {
        await finishOaConnection(ctx, {
          state: query.state,
          code: query.code,
          error: query.error,
          oaId: query.oa_id,
          ...(req.ip ? { ip: req.ip } : {}),
        });
      } catch (e) {
        ctx.logger.warn({ err: (e as Error).message }, "OA connection not completed");
        result = query.error === "access_denied" ? "denied" : "failed";
      }
      res.redirect(303, `/console/oa?result=${result}`);
    },
  });
  return r;
}
