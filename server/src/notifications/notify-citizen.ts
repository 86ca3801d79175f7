import type { Db, Tx } from "../platform/db.js";
import { enqueueInTx } from "../platform/outbox.js";
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
  const n = await tx.notification.upsert({
    where: { dedupeKey: input.dedupeKey },
    create: {
      citizenId: input.citizenId,
      kind: input.kind,
      dedupeKey: input.dedupeKey,
      template,
      params: input.params ?? {},
      priority,
    },
    update: {},
  });
  await enqueueInTx(tx, sendNotificationJob, { notificationId: n.id }, { entityId: n.id, priority });
  return n.id;
}
