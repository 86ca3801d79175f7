import type { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { makeRouter, parseOrThrow, routeRegistry } from "../platform/http.js";
import { signedWebhook } from "../integrations/signed-webhook.js";
import { STATUS_FROM_CODE } from "./dossier-status.js";
import { transitionDossier } from "./transition-dossier.js";

const statusEvent = z.object({
  eventId: z.string().min(1).max(100),
  code: z.string().max(60),
  status: z.coerce.number().int().min(1).max(10),
  note: z.string().max(1000).nullable().optional(),
  changedAt: z.string().optional(),
});

/**
 * Status changes made in the one-stop system: signed (HMAC-SHA256 over the raw body),
 * deduplicated by eventId, applied through the same transition table as the console.
 */
export function onestopWebhookRouter(ctx: AppContext): Router {
  const r = makeRouter("/webhooks");
  routeRegistry.push({
    method: "post",
    path: "/webhooks/onestop",
    summary: "One-stop status changes (x-onestop-signature: sha256=…)",
    tag: "Webhooks",
    auth: "none",
    errors: [400, 401, 409],
    status: 200,
  });
  r.post(
    "/onestop",
    signedWebhook(ctx, {
      system: "onestop",
      url: "/webhooks/onestop",
      signatureHeader: "x-onestop-signature",
      secret: ctx.config.ONESTOP_WEBHOOK_SECRET,
      operationPrefix: "status",
      handle: async (_raw, req) => {
        const e = parseOrThrow(statusEvent, req.body);
        const to = STATUS_FROM_CODE[e.status];
        if (!to) throw new AppError("BAD_REQUEST", { message: "unknown status" });
        const result = await transitionDossier(ctx, {
          code: e.code,
          to,
          actor: "onestop",
          reason: e.note ?? null,
          externalEventId: e.eventId,
        });
        return {
          operation: result.changed ? "status.applied" : "status.duplicate",
          body: { ok: true, changed: result.changed },
        };
      },
    }),
  );
  return r;
}
