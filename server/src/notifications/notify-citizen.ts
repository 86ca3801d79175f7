import type { Db, PgTx, Tx } from "../platform/db.js";
import { randomUUID } from "node:crypto";
import { PRIORITY } from "../platform/queues.js";
import type { NotificationKind } from "./notification.schema.js";
import { hasTemplate } from "./templates.js";
import { sendNotificationJob } from "./send-notification.job.js";

export interface NotifyInput {
  citizenId: string;
  kind: NotificationKind;
  /** One message per business event: the same key twice is one notification. */
  dedupeKey: string;
  template?: string;
  params?: Record<string, string>;
  priority?: number;
}

/**
 * Records a notification and its send job in the caller's transaction (persist first,
 * then enqueue — the GOV.UK Notify pattern). Returns the notification id.
 */
export async function notifyCitizen(tx: Tx | Db | PgTx, input: NotifyInput): Promise<string> {
  const template = input.template ?? input.kind;
  if (!hasTemplate(template)) throw new Error(`unknown template ${template}`);
  const priority = input.priority ?? (input.kind === "alert" ? PRIORITY.alert : PRIORITY.normal);
  const job = sendNotificationJob;
  // One statement (the notification, its outbox row, or the existing notification for a
  // repeated dedupe key): this runs inside the business transactions of every domain,
  // often while they hold row locks, so round trips matter (bench vnpay-ipn).
  const sql = `
    WITH n AS (
      INSERT INTO "Notification" (id, "citizenId", kind, "dedupeKey", template, params, priority, "updatedAt")
      VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, now())
      ON CONFLICT ("dedupeKey") DO NOTHING
      RETURNING id
    ), o AS (
      INSERT INTO "OutboxEvent" (queue, "jobName", "jobId", payload, priority)
      SELECT $8, $9, $10 || n.id, jsonb_build_object('notificationId', n.id), $7
      FROM n
      ON CONFLICT ("jobId") DO NOTHING
    )
    SELECT id FROM n
    UNION ALL
    SELECT id FROM "Notification" WHERE "dedupeKey" = $4
    LIMIT 1`;
  const values = [
    randomUUID(),
    input.citizenId,
    input.kind,
    input.dedupeKey,
    template,
    JSON.stringify(input.params ?? {}),
    priority,
    job.queue,
    job.name,
    `${job.name}__`,
  ];
  const rows =
    "$queryRawUnsafe" in tx
      ? await tx.$queryRawUnsafe<{ id: string }[]>(sql, ...values)
      : (await tx.query<{ id: string }>(sql, values)).rows;
  const id = rows[0]?.id;
  if (!id) throw new Error("notification was neither created nor found");
  return id;
}
