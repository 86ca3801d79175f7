import { z } from "zod";

export const feeLine = z.object({
  label: z.string(),
  amountVnd: z.number().int().nonnegative(),
  per: z.enum(["dossier", "copy"]),
  exemptGroups: z.array(z.string()),
});

export const formField = z.object({
  name: z.string(),
  type: z.enum(["text", "textarea", "date", "select", "number", "id_number", "phone"]),
  label: z.string(),
  hint: z.string().optional(),
  required: z.boolean(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  pattern: z.string().optional(),
  maxLength: z.number().int().optional(),
  maxDate: z.string().optional(),
});

export const formSchema = z.object({
  fields: z.array(formField),
  documents: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean() })).default([]),
});

export const procedureView = z.object({
  code: z.string(),
  name: z.string(),
  field: z.string(),
  level: z.enum(["province", "commune"]),
  agency: z.object({ code: z.string(), name: z.string() }).nullable(),
  agencyKind: z.string(),
  processingDays: z.number().int(),
  processingUnit: z.enum(["working_days", "calendar_days"]),
  processingNote: z.string().nullable(),
  purpose: z.string().nullable(),
  eligibility: z.string().nullable(),
  fees: z.array(feeLine),
  feeNote: z.string().nullable(),
  requiredDocuments: z.array(z.object({ group: z.string(), document: z.string(), quantity: z.string() })),
  form: formSchema,
  onlineLevel: z.enum(["full", "partial", "none"]),
  channels: z.array(z.string()),
  sourceUrl: z.string().nullable(),
});

export type ProcedureView = z.infer<typeof procedureView>;

export const procedureCodeParams = z.object({
  code: z.string().regex(/^\d\.\d{6}$/, "Mã thủ tục không hợp lệ."),
});

// ── Catalog (browse and search) ──

export const procedureLevel = z.enum(["province", "commune"]);

export const procedureSummary = z.object({
  code: z.string(),
  name: z.string(),
  field: z.string(),
  level: procedureLevel,
  agency: z.object({ code: z.string(), name: z.string() }).nullable(),
  agencyKind: z.string(),
  processingDays: z.number().int(),
  processingUnit: z.enum(["working_days", "calendar_days"]),
  onlineLevel: z.enum(["full", "partial", "none"]),
});
export type ProcedureSummary = z.infer<typeof procedureSummary>;

export const catalogQuery = z.object({
  q: z.string().trim().max(200, "Từ khóa tìm kiếm quá dài.").optional(),
  field: z.string().trim().min(1).max(200).optional(),
  level: procedureLevel.optional(),
  page: z.coerce.number().int("Số trang không hợp lệ.").min(1, "Số trang không hợp lệ.").max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});

export const catalogPage = z.object({
  items: z.array(procedureSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const catalogFields = z.object({
  fields: z.array(z.object({ name: z.string(), count: z.number().int() })),
});
