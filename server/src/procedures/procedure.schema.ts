import { z } from "zod";

export const feeLine = z.object({
  label: z.string(),
  amountVnd: z.number().int().nonnegative(),
  per: z.enum(["dossier", "copy"]),
  exemptGroups: z.array(z.string()),
});

// A procedure's filing form. The messages are Vietnamese because an admin edits this schema
// as JSON in the console (editableFormSchema) and reads them there.
const FIELD_TYPES = ["text", "textarea", "date", "select", "number", "id_number", "phone"] as const;

export const formField = z.object({
  name: z.string({ message: "Mỗi trường cần có tên (name)." }),
  type: z.enum(FIELD_TYPES, { message: `Kiểu trường (type) phải là một trong: ${FIELD_TYPES.join(", ")}.` }),
  label: z.string({ message: "Mỗi trường cần có nhãn tiếng Việt (label)." }),
  hint: z.string({ message: "Gợi ý (hint) phải là văn bản." }).optional(),
  required: z.boolean({ message: "required phải là true hoặc false." }),
  options: z
    .array(
      z.object({
        value: z.string({ message: "Mỗi lựa chọn cần có value." }),
        label: z.string({ message: "Mỗi lựa chọn cần có nhãn (label)." }),
      }),
      { message: "options phải là danh sách lựa chọn." },
    )
    .optional(),
  pattern: z.string({ message: "pattern phải là biểu thức chính quy (văn bản)." }).optional(),
  maxLength: z.number({ message: "maxLength phải là số." }).int("maxLength phải là số nguyên.").optional(),
  maxDate: z.string({ message: 'maxDate chỉ nhận "today".' }).optional(),
});

export const formSchema = z.object(
  {
    fields: z.array(formField, { message: "fields phải là danh sách trường." }),
    documents: z
      .array(
        z.object({
          key: z.string({ message: "Mỗi giấy tờ cần có mã (key)." }),
          label: z.string({ message: "Mỗi giấy tờ cần có nhãn (label)." }),
          required: z.boolean({ message: "required phải là true hoặc false." }),
        }),
        { message: "documents phải là danh sách giấy tờ." },
      )
      .default([]),
  },
  { message: "Mẫu đơn phải là một đối tượng JSON có fields và documents." },
);

/**
 * The form schema as an admin may save it: the same schema, plus what a citizen's phone and
 * the server's validateForm need to make sense of it.
 */
export const editableFormSchema = formSchema.superRefine((form, ctx) => {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message });
  const names = new Set<string>();
  form.fields.forEach((f, i) => {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,59}$/.test(f.name))
      issue(["fields", i, "name"], "Tên trường chỉ gồm chữ không dấu, số và _, bắt đầu bằng chữ.");
    else if (names.has(f.name)) issue(["fields", i, "name"], `Tên trường "${f.name}" bị trùng.`);
    names.add(f.name);
    if (!f.label.trim()) issue(["fields", i, "label"], "Nhãn trường không được để trống.");
    if (f.type === "select" && !f.options?.length)
      issue(["fields", i, "options"], "Trường chọn (select) cần ít nhất một lựa chọn.");
    if (f.pattern !== undefined) {
      try {
        new RegExp(f.pattern);
      } catch {
        issue(["fields", i, "pattern"], "pattern không phải biểu thức chính quy hợp lệ.");
      }
    }
    if (f.maxDate !== undefined && f.maxDate !== "today")
      issue(["fields", i, "maxDate"], 'maxDate chỉ nhận "today".');
  });
  if (form.fields.length > 60) issue(["fields"], "Mẫu đơn tối đa 60 trường.");
  const keys = new Set<string>();
  form.documents.forEach((d, i) => {
    if (!/^[a-z][a-z0-9_]{0,59}$/.test(d.key))
      issue(["documents", i, "key"], "Mã giấy tờ chỉ gồm chữ thường không dấu, số và _.");
    else if (keys.has(d.key)) issue(["documents", i, "key"], `Mã giấy tờ "${d.key}" bị trùng.`);
    keys.add(d.key);
    if (!d.label.trim()) issue(["documents", i, "label"], "Nhãn giấy tờ không được để trống.");
  });
  if (form.documents.length > 20) issue(["documents"], "Mẫu đơn tối đa 20 loại giấy tờ.");
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
