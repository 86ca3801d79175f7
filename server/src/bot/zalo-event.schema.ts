import { z } from "zod";

// Zalo OA webhook events (integrations.md §1). Ids and timestamps are strings: they
// exceed 2^53 and must never pass through a JS number.
const id = z.string().min(1).max(64);

export const zaloEvent = z
  .object({
    event_name: z.string().min(1).max(64),
    app_id: z.string().optional(),
    timestamp: z.string().regex(/^\d{10,16}$/),
    sender: z.object({ id }).optional(),
    recipient: z.object({ id }).optional(),
    follower: z.object({ id }).optional(),
    oa_id: z.string().optional(),
    source: z.string().optional(),
    user_id_by_app: z.string().optional(),
    message: z
      .object({
        msg_id: z.string().max(128).optional(),
        text: z.string().max(4000).optional(),
        attachments: z
          .array(
            z.object({
              type: z.string(),
              payload: z
                .object({
                  url: z.string().optional(),
                  thumbnail: z.string().optional(),
                  coordinates: z
                    .object({ latitude: z.coerce.number(), longitude: z.coerce.number() })
                    .optional(),
                })
                .loose()
                .optional(),
            }),
          )
          .max(10)
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

export type ZaloEvent = z.infer<typeof zaloEvent>;

/** Events the bot acts on; everything else is acknowledged and ignored. */
export const HANDLED_EVENTS = new Set([
  "user_send_text",
  "user_send_image",
  "user_send_location",
  "user_send_file",
  "user_send_sticker",
  "user_send_link",
  "user_send_audio",
  "user_send_video",
  "user_submit_info",
  // A person writing to the OA without following it (integrations.md §1 lists the event).
  "anonymous_send_text",
  "follow",
  "unfollow",
]);

/** Events that are the person saying something to the OA: each gets an answer. */
export const isMessageEvent = (name: string) =>
  name.startsWith("user_send_") || name === "user_submit_info" || name === "anonymous_send_text";

/** The Zalo user an event is about (sender for messages, follower for follow events). */
export function eventUserId(e: ZaloEvent): string | undefined {
  return e.follower?.id ?? e.sender?.id;
}

/** Same message id, or same event name + ids + timestamp, is the same event. */
export function eventDedupeKey(e: ZaloEvent): string {
  if (e.message?.msg_id) return `zalo:msg:${e.message.msg_id}`;
  return `zalo:evt:${e.event_name}:${e.sender?.id ?? ""}:${e.recipient?.id ?? ""}:${e.follower?.id ?? ""}:${e.timestamp}`;
}
