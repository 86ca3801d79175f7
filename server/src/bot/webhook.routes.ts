import type { Router } from "express";
import type { AppContext } from "../platform/context.js";
import { asyncHandler, makeRouter, routeRegistry } from "../platform/http.js";
import { acceptZaloEvent } from "./accept-zalo-event.js";

export function webhookRouter(ctx: AppContext): Router {
  const r = makeRouter("/webhooks");
  routeRegistry.push({
    method: "post",
    path: "/webhooks/zalo",
    summary: "Zalo OA events (signed: X-ZEvent-Signature: mac=…)",
    tag: "Webhooks",
    auth: "none",
    errors: [400, 401],
    status: 200,
  });
  r.post(
    "/zalo",
    asyncHandler(async (req, res) => {
      const result = await acceptZaloEvent(ctx, {
        rawBody: req.rawBody,
        signature: req.header("x-zevent-signature"),
      });
      res.status(result.status).json({ received: result.status === 200, outcome: result.outcome });
    }),
  );
  return r;
}
