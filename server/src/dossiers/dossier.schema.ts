import { z } from "zod";
import { EXEMPT_GROUP_KEYS } from "../payments/fee-lines.js";

export const submitBody = z.object({
  procedureCode: z.string().regex(/^\d\.\d{6}$/, "Mã thủ tục không hợp lệ."),
  formData: z.record(z.string(), z.union([z.string().max(5000), z.number()])),
  documents: z
    .array(z.object({ key: z.string().max(60), fileIds: z.array(z.string().max(40)).max(20) }))
    .max(20)
    .default([]),
  /** Files outside any document slot of the form. */
  fileIds: z.array(z.string().max(40)).max(20, "Mỗi hồ sơ đính kèm tối đa 20 tệp.").default([]),
  deliveryMethod: z.enum(["at_centre", "public_post"]).default("at_centre"),
  deliveryAddress: z.string().max(300).optional(),
  communeCode: z
    .string()
    .regex(/^\d{5}$/)
    .optional(),
  copies: z.number().int().min(1).max(100).optional(),
  /** The exempt group the citizen says they belong to (checked by the clerk at reception). */
  exemptGroup: z.enum(EXEMPT_GROUP_KEYS).optional(),
  consent: z.literal(true, "Bạn cần đồng ý cho phép xử lý dữ liệu cá nhân để nộp hồ sơ."),
  consentTextVersion: z.string().max(40).default("dossier-v1"),
});

/** A document slot of a draft: the uploads the citizen put in it, as the phone shows them. */
export const draftDocuments = z
  .array(
    z.object({
      key: z.string().max(60),
      files: z
        .array(
          z.object({
            id: z.string().max(40),
            fileName: z.string().max(120),
            kind: z.enum(["image", "pdf"]),
          }),
        )
        .max(20),
    }),
  )
  .max(20)
  .refine((slots) => slots.reduce((n, s) => n + s.files.length, 0) <= 40, "Bản nháp có quá nhiều tệp.");

export const draftBody = z.object({
  data: z
    .record(z.string(), z.unknown())
    .refine((d) => JSON.stringify(d).length < 50_000, "Bản nháp quá lớn."),
  documents: draftDocuments.default([]),
});

export const codeParams = z.object({
  code: z.string().regex(/^[A-Z0-9.]+-\d{6}-\d{4,}$/, "Mã hồ sơ không hợp lệ."),
});

export const staffListQuery = z.object({
  status: z
    .enum([
      "new_registered",
      "received",
      "not_received",
      "processing",
      "supplement_requested",
      "financial_obligation",
      "withdrawn",
      "stopped",
      "processed",
      "result_returned",
    ])
    .optional(),
  procedure: z.string().max(20).optional(),
  overdue: z.enum(["true", "false"]).optional(),
  due: z.enum(["today", "week"]).optional(),
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const actionBody = z.object({
  reason: z.string().trim().max(1000).optional(),
  note: z.string().trim().max(1000).optional(),
  resultFileId: z.string().max(40).optional(),
});
