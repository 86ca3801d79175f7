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
