import { Prisma, type Db, type PgTx, type Tx } from "../platform/db.js";
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
 * The notification and its send job as two CTEs (`notif`, `notif_ob`), for a caller that
 * folds them into a larger statement. `params` is a jsonb expression that may use earlier
 * CTEs (e.g. a dossier code numbered in the same statement); `from` names the CTE whose
 * row must exist for the notification to be written, and `citizenId` may come from it.
 */
export function notificationCtes(
  input: Omit<NotifyInput, "params" | "citizenId">,
  sql: { citizenId: Prisma.Sql; params: Prisma.Sql; from?: Prisma.Sql },
): Prisma.Sql {
  const { citizenId, params, from = Prisma.empty } = sql;
  const template = input.template ?? input.kind;
  if (!hasTemplate(template)) throw new Error(`unknown template ${template}`);
  const priority = input.priority ?? (input.kind === "alert" ? PRIORITY.alert : PRIORITY.normal);
  const job = sendNotificationJob;
  return Prisma.sql`notif AS (
      INSERT INTO "Notification" (id, "citizenId", kind, "dedupeKey", template, params, priority, "updatedAt")
      SELECT ${randomUUID()}, ${citizenId}, ${input.kind}, ${input.dedupeKey}, ${template}, ${params},
             ${priority}, now()
      ${from === Prisma.empty ? Prisma.empty : Prisma.sql`FROM ${from}`}
      ON CONFLICT ("dedupeKey") DO NOTHING
      RETURNING id
    ), notif_ob AS (
      INSERT INTO "OutboxEvent" (queue, "jobName", "jobId", payload, priority)
      SELECT ${job.queue}, ${job.name}, ${`${job.name}__`} || notif.id, jsonb_build_object('notificationId', notif.id),
             ${priority}
      FROM notif
      ON CONFLICT ("jobId") DO NOTHING
    )`;
}

/**
 * Records a notification and its send job in the caller's transaction (persist first,
 * then enqueue — the GOV.UK Notify pattern). Returns the notification id.
 */
export async function notifyCitizen(tx: Tx | Db | PgTx, input: NotifyInput): Promise<string> {
  // One statement (the notification, its outbox row, or the existing notification for a
  // repeated dedupe key): this runs inside the business transactions of every domain,
  // often while they hold row locks, so round trips matter (bench vnpay-ipn).
  const sql = Prisma.sql`
    WITH ${notificationCtes(input, {
      citizenId: Prisma.sql`${input.citizenId}`,
      params: Prisma.sql`${JSON.stringify(input.params ?? {})}::jsonb`,
    })}
    SELECT id FROM notif
    UNION ALL
    SELECT id FROM "Notification" WHERE "dedupeKey" = ${input.dedupeKey}
    LIMIT 1`;
  const rows =
    "$queryRawUnsafe" in tx
      ? await tx.$queryRaw<{ id: string }[]>(sql)
      : (await tx.query<{ id: string }>(sql.text, sql.values)).rows;
  const id = rows[0]?.id;
  if (!id) throw new Error("notification was neither created nor found");
  return id;
}
