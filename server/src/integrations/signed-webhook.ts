import type { Request, RequestHandler } from "express";
import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { asyncHandler } from "../platform/http.js";
import { recordInboundCall, type SystemName } from "./http.js";
import { verifyWebhook } from "./webhook-signature.js";

/** What a webhook handler answers: the HTTP status (200 unless said), the body, what it did. */
export interface WebhookOutcome {
  status?: number;
  operation: string;
  body: unknown;
}

/** A refusal that names what happened for the call log ("incident.unknown", …). */
export function webhookRefusal(operation: string, error: AppError): AppError {
  return Object.assign(error, { webhookOperation: operation });
}

/**
 * A webhook from a system we bridge to (the one-stop system, the IOC), in our protocol:
 * `sha256=<hex HMAC-SHA256(secret, raw body)>` in a header, checked on the raw bytes before
 * anything is parsed or acted on. Every delivery — accepted, duplicate or refused — goes to
 * the integration call log with the operation it led to.
 */
export function signedWebhook(
  ctx: AppContext,
  spec: {
    system: SystemName;
    url: string;
    signatureHeader: string;
    secret: string;
    /** Logged for a delivery that fails the signature; `<prefix>.bad_signature`. */
    operationPrefix: string;
    handle: (raw: Buffer, req: Request) => Promise<WebhookOutcome>;
  },
): RequestHandler {
  return asyncHandler(async (req, res) => {
    const startedAt = new Date();
    const raw = req.rawBody ?? (Buffer.isBuffer(req.body) ? req.body : undefined);
    const log = (statusCode: number, operation: string) =>
      recordInboundCall(ctx.db, {
        system: spec.system,
        operation,
        method: "POST",
        url: spec.url,
        body: raw?.toString("utf8").slice(0, 4000),
        statusCode,
        startedAt,
      }).catch(() => {});
    if (!raw || !verifyWebhook(raw, req.header(spec.signatureHeader), spec.secret)) {
      await log(401, `${spec.operationPrefix}.bad_signature`);
      throw new AppError("UNAUTHENTICATED", { message: "bad webhook signature" });
    }
    let outcome: WebhookOutcome;
    try {
      outcome = await spec.handle(raw, req);
    } catch (err) {
      if (err instanceof AppError) {
        const op = (err as AppError & { webhookOperation?: string }).webhookOperation;
        await log(err.status, op ?? `${spec.operationPrefix}.refused`);
      }
      throw err;
    }
    await log(outcome.status ?? 200, outcome.operation);
    res.status(outcome.status ?? 200).json(outcome.body);
  });
}
