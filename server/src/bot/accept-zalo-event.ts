import type { AppContext } from "../platform/context.js";
import { jobIdFor } from "../platform/jobs.js";
import { recordInboundCall } from "../integrations/http.js";
import { handleZaloEventJob } from "./handle-zalo-event.job.js";
import { HANDLED_EVENTS, eventDedupeKey, zaloEvent } from "./zalo-event.schema.js";
import { verifyZaloSignature } from "./verify-zalo-signature.js";

export type IntakeResult =
  | { status: 200; outcome: "queued" | "duplicate" | "ignored" | "unsigned_dropped" }
  | { status: 400 | 401; outcome: "bad_signature" | "stale" | "malformed" };

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
    return { status: 400, outcome: "malformed" };
  }
  const parsed = zaloEvent.safeParse(json);
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
  if (!parsed.success) return { status: 400, outcome: "malformed" };
  const event = parsed.data;
  if (!HANDLED_EVENTS.has(event.event_name)) return { status: 200, outcome: "ignored" };

  const key = eventDedupeKey(event);
  const payload = handleZaloEventJob.schema.parse({ eventKey: key, event });
  const jobId = jobIdFor(handleZaloEventJob.name, key);
  // One statement, so one round trip and atomic: the dedupe row, the outbox row and the
  // call-log row commit together. (An interactive transaction here cost ~4 round trips
  // and was the whole difference against bare Express in the webhook-intake bench.)
  const { rows } = await ctx.pg.query(
    `
    WITH dedupe AS (
      INSERT INTO "InboundEvent" (id, source) VALUES ($1, 'zalo')
      ON CONFLICT (id) DO NOTHING RETURNING id
    ), job AS (
      INSERT INTO "OutboxEvent" (queue, "jobName", "jobId", payload, status, attempts, "availableAt", "createdAt")
      SELECT $2, $3, $4, $5::jsonb,
             'pending', 0, now(), now()
      FROM dedupe
      ON CONFLICT ("jobId") DO NOTHING RETURNING "jobId"
    )
    INSERT INTO "IntegrationCall" (system, operation, direction, method, url, "statusCode", "durationMs", "startedAt", "finishedAt")
    SELECT 'zalo_oa', 'webhook.queued', 'in', 'POST', '/webhooks/zalo', 200,
           (extract(epoch FROM clock_timestamp() - $6::timestamptz) * 1000)::int, $6::timestamptz, clock_timestamp()
    FROM job
    RETURNING id::text`,
    [key, handleZaloEventJob.queue, handleZaloEventJob.name, jobId, JSON.stringify(payload), startedAt],
  );
  return { status: 200, outcome: rows.length > 0 ? "queued" : "duplicate" };
}
