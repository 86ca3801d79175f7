import { z } from "zod";

export const conversationParams = z.object({ citizenId: z.string().min(1).max(64) });
export const conversationMessageParams = conversationParams.extend({ messageId: z.string().min(1).max(64) });

export const conversationSummary = z.object({
  citizenId: z.string(),
  displayName: z.string().nullable(),
  language: z.enum(["vi", "en", "zh"]),
  /** The clerk who answered last, if any. */
  clerkId: z.string().nullable(),
  /** The agency whose clerks have it (the citizen's open dossier); null: any clerk. */
  agencyName: z.string().nullable(),
  /** The citizen wrote last: someone should answer. */
  waiting: z.boolean(),
  lastMessage: z.string().nullable(),
  updatedAt: z.string(),
});

export const conversationMessage = z.object({
  id: z.string(),
  direction: z.enum(["in", "out"]),
  text: z.string().nullable(),
  /** Sent by a clerk (null: the citizen or the bot). */
  staffId: z.string().nullable(),
  /** A photo (served by us from Zalo's CDN) or a location the citizen sent to the clerk. */
  attachment: z
    .discriminatedUnion("kind", [
      z.object({ kind: z.literal("image"), url: z.string() }),
      z.object({
        kind: z.literal("location"),
        lat: z.number(),
        lon: z.number(),
        /** The commune the point falls in (null: outside the province). */
        commune: z.string().nullable(),
      }),
    ])
    .nullable(),
  /** Outbound only: where the message is (queued, sent, skipped or failed, with why). */
  delivery: z
    .object({ status: z.enum(["queued", "sent", "skipped", "failed"]), reason: z.string().nullable() })
    .nullable(),
  at: z.string(),
});

export const conversationDetail = conversationSummary.extend({
  messages: z.array(conversationMessage),
});

export const clerkReplyBody = z
  .object({
    text: z
      .string()
      .trim()
      .min(1, "Vui lòng nhập nội dung trả lời.")
      .max(2000, "Tin nhắn Zalo tối đa 2.000 ký tự."),
  })
  .strict();

export type ConversationSummary = z.infer<typeof conversationSummary>;
export type ConversationDetail = z.infer<typeof conversationDetail>;
export type ConversationMessage = z.infer<typeof conversationMessage>;
