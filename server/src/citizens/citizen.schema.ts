import { z } from "zod";
import { OPTIONAL_KINDS } from "../notifications/notification.schema.js";

export const language = z.enum(["vi", "en", "zh"]);

/** A zmp-sdk one-time token (getLocation, getPhoneNumber) with the user's access token; redeemed on the server. */
export const zaloTokenBody = z.object({
  accessToken: z.string().max(2000),
  token: z.string().min(1).max(2000),
});

export const signInBody = z.object({
  accessToken: z.string().max(2000),
  displayName: z.string().max(100).optional(),
});

export const citizenView = z.object({
  id: z.string(),
  displayName: z.string().nullable(),
  language,
  hasPhone: z.boolean(),
  followsOA: z.boolean(),
  /** Which kinds of messages the citizen gets (alerts are always on: unsubscribe the place). */
  messagePrefs: z.object(Object.fromEntries(OPTIONAL_KINDS.map((k) => [k, z.boolean()]))),
  /** Minutes after midnight, Asia/Ho_Chi_Minh; everything but alerts waits until `to`. */
  quietHours: z.object({ from: z.number().int(), to: z.number().int() }).nullable(),
});

export const signInResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  citizen: citizenView,
});

export const updateMeBody = z
  .object({
    language: language.optional(),
    quietHours: z
      .object({ from: z.number().int().min(0).max(1439), to: z.number().int().min(0).max(1439) })
      .nullable()
      .optional(),
    messagePrefs: z
      .object(Object.fromEntries(OPTIONAL_KINDS.map((k) => [k, z.boolean("Giá trị phải là bật/tắt.")])))
      .partial()
      .strict()
      .optional(),
  })
  .strict();

export type CitizenView = z.infer<typeof citizenView>;
