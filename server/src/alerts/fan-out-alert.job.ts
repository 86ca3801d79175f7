import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { defineJob, type JobDefinition } from "../platform/jobs.js";
import { PRIORITY, QUEUES } from "../platform/queues.js";
import { sendNotificationJob } from "../notifications/send-notification.job.js";
import { alertText, type AlertForMessage } from "./alert-message.js";
import { handOver } from "./hand-over.js";
import { safetyButtons } from "./safety-payload.js";
import type { Lang } from "./hazards.js";
import type { StoredInfo } from "./ingest-cap.js";
import { miniappLink } from "../notifications/public-links.js";

/** The first chunk is small so the first messages leave quickly; later ones amortise the round trips. */
export const FIRST_CHUNK = 200;
export const CHUNK = 5000;
/**
 * Outbox rows of planned messages are handed to BullMQ by the fan-out itself; the relay
 * only takes them when that did not happen (a crash between commit and hand-over), after
 * this grace period, so the two do not do the same work twice.
 */
export const RELAY_GRACE_SECONDS = 15;

export const fanOutPayload = z.object({ alertId: z.string().min(1) });

/**
 * The other messages of an alert's chain, before and after it: an Update or Cancel follows
 * all of them (their queued messages stop; whoever was sent any of them hears this one).
 */
export async function chainMembers(
  ctx: AppContext,
  alert: { id: string; chainId: string },
): Promise<string[]> {
  const { rows } = await ctx.pg.query<{ id: string }>(
    `SELECT id FROM "Alert" WHERE "chainId" = $1 AND id <> $2`,
    [alert.chainId, alert.id],
  );
  return rows.map((r) => r.id);
}

/**
 * One statement per chunk: the next recipients after the cursor (subscribers of the
 * targeted communes — none for a Cancel — plus, for an Update or Cancel, everyone who was
 * sent another message of the chain, subscribed or not any more), each citizen once (DISTINCT ON; ON CONFLICT (alertId, citizenId) keeps it
 * once across retries), their delivery, their notification (dedupe key
 * alert:<alertId>:<citizenId>) and its outbox row, all in one transaction by construction.
 */
export const PLAN_CHUNK = `
WITH sub AS (
  -- In citizen order along the (citizenId, unitCode, label) index: a chunk reads about
  -- its own size, not every subscription of the targeted communes.
  SELECT s."citizenId", s."unitCode", s.language::text AS slang, s."createdAt"
  FROM "AlertSubscription" s
  WHERE s."unitCode" = ANY($2::text[]) AND (s."expiresAt" IS NULL OR s."expiresAt" > now())
    AND s."citizenId" > $4
  ORDER BY s."citizenId"
  LIMIT $5
), bound AS (
  -- Cut by its limit, the subscription list may hold only part of its last citizen's rows:
  -- this chunk stops before that citizen, the next one starts with all of them.
  SELECT CASE WHEN count(*) = $5 THEN max("citizenId") END AS upto FROM sub
), cand AS (
  SELECT "citizenId", "unitCode", slang, 0 AS rank, "createdAt" FROM sub
  UNION ALL
  SELECT d."citizenId", d."unitCode", n.params->>'lang', 1, d."createdAt"
  FROM "AlertDelivery" d JOIN "Notification" n ON n.id = d."notificationId"
  WHERE d."alertId" = ANY($3::text[]) AND n.status = 'sent' AND d."citizenId" > $4
), targets AS (
  SELECT DISTINCT ON (c."citizenId") c."citizenId", c."unitCode",
         coalesce(c.slang, z.language::text) AS lang
  FROM cand c JOIN "Citizen" z ON z.id = c."citizenId" CROSS JOIN bound b
  WHERE z."deletedAt" IS NULL AND (b.upto IS NULL OR c."citizenId" < b.upto)
  ORDER BY c."citizenId", c.rank, (c.slang IS NULL), c."createdAt"
  LIMIT $5
), d AS (
  INSERT INTO "AlertDelivery" (id, "alertId", "citizenId", "unitCode", "notificationId", "updatedAt")
  SELECT gen_random_uuid()::text, $1, t."citizenId", t."unitCode", gen_random_uuid()::text, now()
  FROM targets t
  ON CONFLICT ("alertId", "citizenId") DO NOTHING
  RETURNING "citizenId", "notificationId"
), n AS (
  INSERT INTO "Notification" (id, "citizenId", kind, "dedupeKey", template, params, priority, "updatedAt")
  SELECT d."notificationId", d."citizenId", 'alert', 'alert:' || $1 || ':' || d."citizenId", 'alert',
         jsonb_build_object('text', coalesce($6::jsonb ->> t.lang, $6::jsonb ->> 'vi'), 'alertId', $1::text, 'lang', t.lang,
                            'buttons', coalesce($10::jsonb ->> t.lang, $10::jsonb ->> 'vi')),
         ${PRIORITY.alert}, now()
  FROM d JOIN targets t ON t."citizenId" = d."citizenId"
  ON CONFLICT ("dedupeKey") DO NOTHING
  RETURNING id
), o AS (
  INSERT INTO "OutboxEvent" (queue, "jobName", "jobId", payload, priority, "availableAt")
  SELECT $7, $8, $9 || n.id, jsonb_build_object('notificationId', n.id), ${PRIORITY.alert},
         now() + make_interval(secs => ${RELAY_GRACE_SECONDS})
  FROM n
  ON CONFLICT ("jobId") DO NOTHING
  RETURNING "jobId", payload->>'notificationId' AS "notificationId"
)
SELECT (SELECT max("citizenId") FROM targets) AS last,
       (SELECT count(*)::int FROM targets) = $5 OR (SELECT upto IS NOT NULL FROM bound) AS more,
       coalesce((SELECT json_agg(json_build_object('jobId', "jobId", 'notificationId', "notificationId")) FROM o), '[]'::json) AS jobs`;

export interface FanOutStats {
  recipients: number;
  handedOver: number;
  stopped?: string;
  /** Time spent in the planning statements and in handing jobs to BullMQ (for the logs and the bench). */
  planMs?: number;
  handOverMs?: number;
}

/** Stops the messages of earlier alerts in the chain that have not left yet. */
export async function skipQueuedDeliveries(
  ctx: AppContext,
  alertIds: string[],
  reason: string,
): Promise<number> {
  if (alertIds.length === 0) return 0;
  const r = await ctx.pg.query(
    `UPDATE "Notification" n SET status = 'skipped', reason = $2, "updatedAt" = now()
     FROM "AlertDelivery" d
     WHERE d."alertId" = ANY($1::text[]) AND n.id = d."notificationId" AND n.status = 'queued'`,
    [alertIds, reason],
  );
  return r.rowCount ?? 0;
}

export async function fanOutAlert(ctx: AppContext, alertId: string): Promise<FanOutStats> {
  const alert = await ctx.db.alert.findUnique({
    where: { id: alertId },
    include: { areas: { include: { units: { include: { unit: { select: { name: true, type: true } } } } } } },
  });
  if (!alert) return { recipients: 0, handedOver: 0, stopped: "alert_gone" };
  if (alert.capStatus !== "Actual" || alert.scope !== "Public") {
    return { recipients: 0, handedOver: 0, stopped: "not_actual_public" };
  }
  if (alert.msgType !== "Cancel" && alert.status !== "active") {
    return { recipients: 0, handedOver: 0, stopped: `alert_${alert.status}` };
  }
  if (alert.expires.getTime() <= Date.now())
    return { recipients: 0, handedOver: 0, stopped: "alert_expired" };

  const prior = alert.msgType === "Alert" ? [] : await chainMembers(ctx, alert);
  if (prior.length > 0) {
    await skipQueuedDeliveries(ctx, prior, alert.msgType === "Cancel" ? "alert_cancelled" : "alert_updated");
  }
  // A Cancel goes to those who were sent a message of the chain, never to people who only
  // follow its areas: whoever did not get the warning has nothing to be told is over.
  const units =
    alert.msgType === "Cancel"
      ? []
      : [...new Set(alert.areas.flatMap((a) => a.units.map((u) => u.unitCode)))];
  let areaNames = [
    ...new Set(
      alert.areas.flatMap((a) =>
        a.units.map((u) => `${u.unit.type === "phuong" ? "phường" : "xã"} ${u.unit.name}`),
      ),
    ),
  ];
  let original: AlertForMessage | undefined;
  if (alert.msgType !== "Alert" && alert.supersedesId) {
    const o = await ctx.db.alert.findUnique({
      where: { id: alert.supersedesId },
      include: {
        areas: { include: { units: { include: { unit: { select: { name: true, type: true } } } } } },
      },
    });
    if (o) {
      original = { ...o, infos: o.infos as unknown as StoredInfo[] };
      if (areaNames.length === 0)
        areaNames = [
          ...new Set(
            o.areas.flatMap((a) =>
              a.units.map((u) => `${u.unit.type === "phuong" ? "phường" : "xã"} ${u.unit.name}`),
            ),
          ),
        ];
    }
  }
  if (areaNames.length > 12) areaNames = [...areaNames.slice(0, 12), "…"];
  const link = miniappLink(ctx.config, `/alerts/${alert.id}`);
  const forMessage: AlertForMessage = { ...alert, infos: alert.infos as unknown as StoredInfo[] };
  const texts = Object.fromEntries(
    (["vi", "en", "zh"] as Lang[]).map((l) => [
      l,
      alertText(forMessage, l, { areaNames, link, ...(original ? { original } : {}) }),
    ]),
  );

  // Buttons under the message: "Tôi an toàn", "Tôi cần giúp đỡ", and the page in the mini app.
  const buttons = Object.fromEntries(
    (["vi", "en", "zh"] as Lang[]).map((l) => [l, JSON.stringify(safetyButtons(alert.id, l, link))]),
  );
  let cursor = "";
  let size = FIRST_CHUNK;
  const stats: FanOutStats = { recipients: 0, handedOver: 0, planMs: 0, handOverMs: 0 };
  const send = sendNotificationJob as unknown as JobDefinition;
  // Planning chunk N+1 (in PostgreSQL) overlaps handing chunk N to BullMQ (Redis): the two
  // costs are about equal, so the pipeline halves the time to enqueue everything.
  let handing: Promise<void> = Promise.resolve();
  const handOverChunk = (jobs: { jobId: string; notificationId: string }[]) => {
    handing = handing.then(async () => {
      const handStart = Date.now();
      const ok = await handOver(
        ctx,
        send,
        jobs.map((j) => ({ jobId: j.jobId, data: { notificationId: j.notificationId } })),
        PRIORITY.alert,
      );
      if (ok) stats.handedOver += jobs.length;
      stats.handOverMs = (stats.handOverMs ?? 0) + Date.now() - handStart;
    });
  };
  for (;;) {
    const planStart = Date.now();
    const { rows } = await ctx.pg.query<{
      last: string | null;
      more: boolean;
      jobs: { jobId: string; notificationId: string }[];
    }>(PLAN_CHUNK, [
      alert.id,
      units,
      prior,
      cursor,
      size,
      JSON.stringify(texts),
      send.queue,
      send.name,
      `${send.name}__`,
      JSON.stringify(buttons),
    ]);
    const row = rows[0]!;
    stats.planMs = (stats.planMs ?? 0) + Date.now() - planStart;
    stats.recipients += row.jobs.length;
    handOverChunk(row.jobs);
    if (!row.last || !row.more) break;
    cursor = row.last;
    size = CHUNK;
    // An alert cancelled, updated or expired while we plan stops here; the sweep skips what is queued.
    const now = await ctx.db.alert.findUnique({
      where: { id: alert.id },
      select: { status: true, expires: true },
    });
    if (
      !now ||
      (alert.msgType !== "Cancel" && now.status !== "active") ||
      now.expires.getTime() <= Date.now()
    ) {
      stats.stopped = "alert_no_longer_active";
      break;
    }
  }
  await handing;
  ctx.logger.info({ alertId: alert.id, ...stats }, "alert fan-out planned");
  return stats;
}

/**
 * Resolves an accepted alert's recipients in chunks and plans one message each (priority 1
 * in the notifications queue). Idempotent: a rerun after a crash plans only who is missing.
 */
export const fanOutAlertJob = defineJob({
  name: "alerts.fan-out",
  queue: QUEUES.alerts,
  schema: fanOutPayload,
  attempts: 10,
  backoff: { type: "exponential", delay: 1000 },
  handler: async ({ alertId }, ctx) => {
    const stats = await fanOutAlert(ctx, alertId);
    return stats.stopped && stats.recipients === 0 ? "skipped" : "done";
  },
});

/**
 * Runs when an alert's expiry comes (a delayed job written with the alert): the alert is
 * marked expired and its messages that have not left yet are skipped with that reason.
 */
export const expireAlertJob = defineJob({
  name: "alerts.expire",
  queue: QUEUES.alerts,
  schema: fanOutPayload,
  attempts: 10,
  backoff: { type: "exponential", delay: 5000 },
  handler: async ({ alertId }, ctx, meta) => {
    const alert = await ctx.db.alert.findUnique({ where: { id: alertId }, select: { expires: true } });
    if (!alert) return "skipped";
    // An Update may have moved the expiry later: wait for the new one.
    if (alert.expires.getTime() > Date.now() + 1000) return meta.delayUntil(alert.expires);
    await ctx.db.alert.updateMany({ where: { id: alertId, status: "active" }, data: { status: "expired" } });
    const skipped = await skipQueuedDeliveries(ctx, [alertId], "alert_expired");
    ctx.logger.info({ alertId, skipped }, "alert expired");
    return "done";
  },
});

/**
 * A tourist's subscription ends with their stay; a day later it is deleted (it links a
 * person to a place, so it is not kept for nothing). Hourly, from the worker's schedules.
 */
export const purgeEndedSubscriptionsJob = defineJob({
  name: "alerts.purge-ended-subscriptions",
  queue: QUEUES.alerts,
  schema: z.object({}).loose(),
  attempts: 3,
  deadLetter: false,
  handler: async (_payload, ctx) => {
    const r = await ctx.pg.query(
      `DELETE FROM "AlertSubscription" WHERE "expiresAt" < now() - interval '1 day'`,
    );
    if (r.rowCount) ctx.logger.info({ deleted: r.rowCount }, "ended alert subscriptions deleted");
    return r.rowCount ? "done" : "skipped";
  },
});
