import { randomBytes } from "node:crypto";
import type { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { notFound } from "../platform/errors.js";
import { makeRouter, route } from "../platform/http.js";
import { sha256 } from "../citizens/citizen-auth.js";
import { requireStaff } from "../staff/require-staff.js";

/**
 * Open311 api_keys for partner systems (an agency's app, a city dashboard). An admin issues
 * one and sees it once; only its hash is stored. Revoking is immediate.
 */
export function open311KeysRouter(ctx: AppContext): Router {
  const r = makeRouter("/api/staff");
  const admin = requireStaff(ctx, ["admin"]);
  const keyView = z.object({
    id: z.string(),
    name: z.string(),
    active: z.boolean(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  });

  route(r, {
    method: "get",
    path: "/open311-keys",
    summary: "Open311 api_keys (names only)",
    tag: "Open311",
    auth: "staff",
    middleware: [admin],
    response: z.object({ keys: z.array(keyView) }),
    handler: async () => {
      const keys = await ctx.db.open311ApiKey.findMany({ orderBy: { createdAt: "desc" } });
      return {
        keys: keys.map((k) => ({
          id: k.id,
          name: k.name,
          active: k.active,
          createdAt: k.createdAt.toISOString(),
          lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
          revokedAt: k.revokedAt?.toISOString() ?? null,
        })),
      };
    },
  });

  route(r, {
    method: "post",
    path: "/open311-keys",
    summary: "Issue an Open311 api_key (shown once)",
    tag: "Open311",
    auth: "staff",
    middleware: [admin],
    body: z.object({ name: z.string().trim().min(1, "Vui lòng nhập tên hệ thống đối tác.").max(100) }),
    status: 201,
    response: z.object({ id: z.string(), apiKey: z.string() }),
    handler: async ({ body }) => {
      const apiKey = randomBytes(24).toString("base64url");
      const k = await ctx.db.open311ApiKey.create({ data: { name: body.name, keyHash: sha256(apiKey) } });
      return { id: k.id, apiKey };
    },
  });

  route(r, {
    method: "delete",
    path: "/open311-keys/:id",
    summary: "Revoke an Open311 api_key",
    tag: "Open311",
    auth: "staff",
    middleware: [admin],
    params: z.object({ id: z.string().min(1).max(64) }),
    errors: [404],
    handler: async ({ params }) => {
      const r = await ctx.db.open311ApiKey.updateMany({
        where: { id: params.id, active: true },
        data: { active: false, revokedAt: new Date() },
      });
      // Revoking twice keeps the first time; an unknown key is a 404.
      if (!r.count && !(await ctx.db.open311ApiKey.findUnique({ where: { id: params.id } })))
        throw notFound("key");
    },
  });
  return r;
}
