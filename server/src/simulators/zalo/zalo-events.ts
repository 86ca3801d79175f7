// Webhook event bodies as Zalo sends them (integrations.md §1). Every id and the
// timestamp are strings: real Zalo ids exceed 2^53, so a receiver that parses them into
// JS numbers silently corrupts them — the defaults below are deliberately that large.
import { randomBytes, randomInt } from "node:crypto";
import { z } from "zod";

export const ZALO_EVENT_NAMES = [
  "user_send_text",
  "user_send_image",
  "user_send_location",
  "user_send_file",
  "user_send_sticker",
  "user_send_link",
  "user_send_audio",
  "user_send_video",
  "user_submit_info",
  "user_received_message",
  "user_seen_message",
  "anonymous_send_text",
  "follow",
  "unfollow",
] as const;
export type ZaloEventName = (typeof ZALO_EVENT_NAMES)[number];

/** What a test asks the emitter for; everything left out gets a realistic value. */
export const emitEventInput = z
  .object({
    event_name: z.enum(ZALO_EVENT_NAMES),
    user_id: z.string().min(1).max(64).optional(),
    user_id_by_app: z.string().optional(),
    msg_id: z.string().min(1).max(128).optional(),
    text: z.string().optional(),
    url: z.string().optional(),
    latitude: z.union([z.number(), z.string()]).optional(),
    longitude: z.union([z.number(), z.string()]).optional(),
    file_name: z.string().optional(),
    msg_ids: z.array(z.string()).optional(),
    info: z.record(z.string(), z.string()).optional(),
    source: z.string().optional(),
  })
  .strict();
export type EmitEventInput = z.infer<typeof emitEventInput>;

/** A Zalo-looking user id: 16–19 digits, above Number.MAX_SAFE_INTEGER. */
export function zaloLikeId(): string {
  return `${randomInt(1, 10)}${randomBytes(18).reduce((s, b) => s + String(b % 10), "")}`;
}

const msgId = () => randomBytes(16).toString("hex");

export function buildZaloEvent(
  e: EmitEventInput & { user_id: string },
  ctx: { appId: string; oaId: string; timestamp: string; userIdByApp: string },
): Record<string, unknown> {
  const base = {
    event_name: e.event_name,
    app_id: ctx.appId,
    timestamp: ctx.timestamp,
    user_id_by_app: e.user_id_by_app ?? ctx.userIdByApp,
  };
  // follow/unfollow carry follower + oa_id + source instead of sender/recipient.
  if (e.event_name === "follow" || e.event_name === "unfollow") {
    return { ...base, oa_id: ctx.oaId, follower: { id: e.user_id }, source: e.source ?? "oa_profile" };
  }
  const parties = { sender: { id: e.user_id }, recipient: { id: ctx.oaId } };
  if (e.event_name === "user_submit_info") {
    return {
      ...base,
      ...parties,
      info: e.info ?? { name: "Nguyễn Văn A", phone: "84912345678", address: "Phường Yên Bái, Lào Cai" },
    };
  }
  if (e.event_name === "user_received_message" || e.event_name === "user_seen_message") {
    // Delivery/read receipts for our own sends: they name the messages, not a new one.
    return { ...base, ...parties, message: { msg_ids: e.msg_ids ?? [msgId()] } };
  }
  const message: Record<string, unknown> = { msg_id: e.msg_id ?? msgId() };
  if (e.text !== undefined) message.text = e.text;
  const url = e.url ?? "https://photo-stal.zadn.vn/sim/attachment.jpg";
  switch (e.event_name) {
    case "user_send_text":
    case "anonymous_send_text":
      message.text ??= "Xin chào";
      break;
    case "user_send_location":
      message.attachments = [
        {
          type: "location",
          payload: {
            coordinates: {
              latitude: String(e.latitude ?? "22.4856"),
              longitude: String(e.longitude ?? "103.9707"),
            },
          },
        },
      ];
      break;
    case "user_send_image":
      message.attachments = [{ type: "image", payload: { url, thumbnail: url } }];
      break;
    case "user_send_file":
      message.attachments = [
        {
          type: "file",
          payload: { url, name: e.file_name ?? "giay-to.pdf", size: "24576", type: "pdf", checksum: msgId() },
        },
      ];
      break;
    case "user_send_sticker":
      message.attachments = [{ type: "sticker", payload: { id: "bfe458bf64fa8da4d4eb", url } }];
      break;
    case "user_send_link":
      message.attachments = [{ type: "link", payload: { url, description: "", thumbnail: "" } }];
      break;
    case "user_send_audio":
    case "user_send_video":
      message.attachments = [
        { type: e.event_name === "user_send_audio" ? "audio" : "video", payload: { url } },
      ];
      break;
  }
  return { ...base, ...parties, message };
}
