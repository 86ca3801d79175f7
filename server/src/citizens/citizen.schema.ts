import { z } from "zod";

export const language = z.enum(["vi", "en", "zh"]);

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
  })
  .strict();

export type CitizenView = z.infer<typeof citizenView>;
