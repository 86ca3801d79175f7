import { z } from "zod";

/** Kinds a citizen can turn off; alerts are always on (unsubscribe from the place instead). */
export const OPTIONAL_KINDS = ["dossier_status", "payment", "incident_status", "news"] as const;

export const notificationKind = z.enum([
  "test_message",
  "welcome",
  "dossier_status",
  "payment",
  "incident_status",
  "alert",
  "bot_reply",
]);
export type NotificationKind = z.infer<typeof notificationKind>;

export const sendNotificationPayload = z.object({ notificationId: z.string().min(1) });
