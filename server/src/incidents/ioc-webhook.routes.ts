import type { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { makeRouter, parseOrThrow, routeRegistry } from "../platform/http.js";
import { signedWebhook, webhookRefusal } from "../integrations/signed-webhook.js";
import { STATUS_FROM_IOC } from "./incident-status.js";
import { transitionIncident } from "./transition-incident.js";

const statusEvent = z.object({
  eventId: z.string().min(1).max(100),
  externalId: z.string().min(1).max(100),
  iocId: z.string().max(100).optional(),
  status: z.string().min(1).max(40),
  note: z.string().max(2000).nullable().optional(),
  changedAt: z.string().optional(),
});

/**
 * Status changes made at the IOC: signed (HMAC-SHA256 over the raw body, its own secret),
 * deduplicated by eventId (the IOC delivers at least once), applied through the same
 * transition rules as the console, and told to the reporter and the supporters.
 */
export function iocWebhookRouter(ctx: AppContext): Router {
  const r = makeRouter("/webhooks");
  routeRegistry.push({
    method: "post",
    path: "/webhooks/ioc",
    summary: "IOC incident status changes (x-ioc-signature: sha256=…)",
    tag: "Webhooks",
    auth: "none",
    errors: [400, 401, 404],
    status: 200,
  });
  r.post(
    "/ioc",
    signedWebhook(ctx, {
      system: "ioc",
      url: "/webhooks/ioc",
      signatureHeader: "x-ioc-signature",
      secret: ctx.config.IOC_WEBHOOK_SECRET,
      operationPrefix: "incident",
      handle: async (_raw, req) => {
        const e = parseOrThrow(statusEvent, req.body);
        const incident = await ctx.db.incident.findUnique({ where: { publicId: e.externalId } });
        if (!incident)
          throw webhookRefusal(
            "incident.unknown",
            new AppError("NOT_FOUND", { message: "unknown incident" }),
          );
        // Own keys only: `in` would take "constructor" or "toString" for an IOC status.
        if (!Object.hasOwn(STATUS_FROM_IOC, e.status)) {
          throw webhookRefusal(
            "incident.unknown_status",
            new AppError("BAD_REQUEST", { message: `unknown IOC status ${e.status}` }),
          );
        }
        const to = STATUS_FROM_IOC[e.status];
        const result = to
          ? await transitionIncident(ctx, {
              incidentId: incident.id,
              to,
              actor: "ioc",
              note: e.note ?? null,
              externalEventId: e.eventId,
            })
          : { changed: false };
        return {
          operation: result.changed ? "incident.status_applied" : "incident.status_ignored",
          body: { ok: true, changed: result.changed },
        };
      },
    }),
  );
  return r;
}
