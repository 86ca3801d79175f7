import express, { type RequestHandler, type Router } from "express";
import type { AppContext } from "../platform/context.js";
import { asyncHandler, makeRouter, routeRegistry } from "../platform/http.js";
import { acceptZaloEvent } from "./accept-zalo-event.js";

/**
 * POST /webhooks/zalo, mounted in app.ts ahead of the request logger, helmet and the JSON
 * parser: Zalo wants its 200 within ~2 s and re-sends otherwise, every outcome is already
 * written to the integration call log by the intake, and the signature is over the exact
 * bytes, which the intake parses once itself (a body that is not JSON is then an
 * unauthenticated request, 401, not a generic 400). In the webhook-intake bench the
 * per-request logger and header middleware were a fifth of the API's CPU.
 */
export function zaloWebhook(ctx: AppContext, limit: string): RequestHandler[] {
  return [
    express.raw({ type: () => true, limit }),
    asyncHandler(async (req, res) => {
      const result = await acceptZaloEvent(ctx, {
        rawBody: Buffer.isBuffer(req.body) ? req.body : undefined,
        signature: req.header("x-zevent-signature"),
      });
      res.status(result.status).json({ received: result.status === 200, outcome: result.outcome });
    }),
  ];
}

/** The webhooks this module owns, for the API description (the handler is zaloWebhook). */
export function webhookRouter(_ctx: AppContext): Router {
  const r = makeRouter("/webhooks");
  routeRegistry.push({
    method: "post",
    path: "/webhooks/zalo",
    summary: "Zalo OA events (signed: X-ZEvent-Signature: mac=…)",
    tag: "Webhooks",
    auth: "none",
    errors: [401],
    status: 200,
  });
  return r;
}
