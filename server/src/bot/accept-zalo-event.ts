import type { AppContext } from "../platform/context.js";
import { jobIdFor } from "../platform/jobs.js";
import { recordInboundCall } from "../integrations/http.js";
import { handleZaloEventJob } from "./handle-zalo-event.job.js";
import { HANDLED_EVENTS, eventDedupeKey, zaloEvent } from "./zalo-event.schema.js";
import { verifyZaloSignature } from "./verify-zalo-signature.js";
import { intakeBatcher } from "./intake-batch.js";

export type IntakeResult =
  | { status: 200; outcome: "queued" | "duplicate" | "ignored" | "unsigned_dropped" | "unreadable" }
  | { status: 401; outcome: "bad_signature" | "stale" };

/**
 * The webhook's whole request path: verify, deduplicate, persist the event with its job in
 * one transaction, answer. Processing happens in the bot queue, so Zalo gets its 200 in
 * milliseconds and never re-sends because we were slow.
 */
export async function acceptZaloEvent(
  ctx: AppContext,
  req: { rawBody: Buffer | undefined; signature: string | undefined; now?: number },
): Promise<IntakeResult> {
  const startedAt = new Date();
  const result = await decide(ctx, req, startedAt);
  // Queued events were logged in the same statement that queued them.
  if (result.outcome === "queued") return result;
  void recordInboundCall(ctx.db, {
    system: "zalo_oa",
    operation: `webhook.${result.outcome}`,
    method: "POST",
    url: "/webhooks/zalo",
    statusCode: result.status,
    startedAt,
  }).catch(() => {});
  if (result.outcome !== "duplicate") {
    ctx.logger.info({ outcome: result.outcome }, "zalo webhook not queued");
  }
  return result;
}

async function decide(
  ctx: AppContext,
  req: { rawBody: Buffer | undefined; signature: string | undefined; now?: number },
  startedAt: Date,
): Promise<IntakeResult> {
  // Zalo's test request when the webhook URL is saved may come unsigned: acknowledge it,
  // but an unsigned event is never trusted, so it is dropped, never queued.
  if (!req.signature) return { status: 200, outcome: "unsigned_dropped" };
  const raw = req.rawBody ?? Buffer.alloc(0);
  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch {
    // Without the body's timestamp the signature cannot even be computed: unauthenticated.
    return { status: 401, outcome: "bad_signature" };
  }
  const timestamp = (json as { timestamp?: unknown })?.timestamp;
  if (typeof timestamp !== "string") return { status: 401, outcome: "bad_signature" };
  const ok = verifyZaloSignature({
    header: req.signature,
    rawBody: raw,
    timestamp,
    appId: ctx.config.ZALO_APP_ID,
    secret: ctx.config.ZALO_OA_SECRET_KEY,
  });
  if (!ok) return { status: 401, outcome: "bad_signature" };
  const ageMs = Math.abs((req.now ?? Date.now()) - Number(timestamp));
  if (!Number.isFinite(ageMs) || ageMs > ctx.config.ZALO_WEBHOOK_MAX_AGE_SECONDS * 1000) {
    return { status: 401, outcome: "stale" };
  }
  // Event names we do not act on (receipts, echoes of our own sends, new kinds Zalo adds)
  // are acknowledged before any schema check, so a shape we never read cannot fail them.
  const name = (json as { event_name?: unknown }).event_name;
  if (typeof name !== "string" || !HANDLED_EVENTS.has(name)) return { status: 200, outcome: "ignored" };
  const parsed = zaloEvent.safeParse(json);
  // Signed by Zalo but not a shape we can read: a 4xx would only make Zalo re-send the same
  // bytes for hours, so it is acknowledged and logged instead.
  if (!parsed.success) return { status: 200, outcome: "unreadable" };
  const event = parsed.data;

  const key = eventDedupeKey(event);
  // The payload carries the exact bytes Zalo sent (already parsed and checked above; the
  // worker validates the job's schema again), which saves re-serialising the event.
  const payload = `{"eventKey":${JSON.stringify(key)},"event":${raw.toString("utf8")}}`;
  const jobId = jobIdFor(handleZaloEventJob.name, key);
  // The dedupe row, the outbox row and the call-log row commit together, in one statement
  // shared with the other events arriving at the same moment (intake-batch.ts).
  const queued = await intakeBatcher(ctx.pg, handleZaloEventJob).add({ key, jobId, payload, startedAt });
  return { status: 200, outcome: queued ? "queued" : "duplicate" };
}
