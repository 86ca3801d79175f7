import type { Db, Tx } from "../platform/db.js";
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
export async function notifyCitizen(tx: Tx | Db, input: NotifyInput): Promise<string> {
  const template = input.template ?? input.kind;
  if (!hasTemplate(template)) throw new Error(`unknown template ${template}`);
  const priority = input.priority ?? (input.kind === "alert" ? PRIORITY.alert : PRIORITY.normal);
  const job = sendNotificationJob;
  // One statement (the notification, its outbox row, or the existing notification for a
  // repeated dedupe key): this runs inside the business transactions of every domain,
  // often while they hold row locks, so round trips matter (bench vnpay-ipn).
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH n AS (
      INSERT INTO "Notification" (id, "citizenId", kind, "dedupeKey", template, params, priority, "updatedAt")
      VALUES (${randomUUID()}, ${input.citizenId}, ${input.kind}, ${input.dedupeKey}, ${template},
              ${JSON.stringify(input.params ?? {})}::jsonb, ${priority}, now())
      ON CONFLICT ("dedupeKey") DO NOTHING
      RETURNING id
    ), o AS (
      INSERT INTO "OutboxEvent" (queue, "jobName", "jobId", payload, priority)
      SELECT ${job.queue}, ${job.name}, ${`${job.name}__`} || n.id, jsonb_build_object('notificationId', n.id), ${priority}
      FROM n
      ON CONFLICT ("jobId") DO NOTHING
    )
    SELECT id FROM n
    UNION ALL
    SELECT id FROM "Notification" WHERE "dedupeKey" = ${input.dedupeKey}
    LIMIT 1`;
  const id = rows[0]?.id;
  if (!id) throw new Error("notification was neither created nor found");
  return id;
}
