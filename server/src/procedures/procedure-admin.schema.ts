import { z } from "zod";
import { editableFormSchema, procedureLevel, procedureView } from "./procedure.schema.js";

const text = (max: number, label: string) =>
  z
    .string({ message: `${label} phải là văn bản.` })
    .trim()
    .max(max, `${label} tối đa ${max} ký tự.`);
const required = (max: number, label: string) =>
  text(max, label).min(1, `Vui lòng nhập ${label.toLowerCase()}.`);
/** Optional long text: an empty box is stored as "not given". */
const optionalText = (max: number, label: string) =>
  text(max, label)
    .nullable()
    .transform((s) => (s ? s : null));

export const procedureEditBody = z.object({
  name: text(500, "Tên thủ tục").min(5, "Tên thủ tục tối thiểu 5 ký tự."),
  field: required(200, "Lĩnh vực"),
  level: procedureLevel,
  purpose: optionalText(4000, "Mục đích"),
  eligibility: optionalText(4000, "Đối tượng thực hiện"),
  requiredDocuments: z
    .array(
      z.object({
        group: required(200, "Nhóm giấy tờ"),
        document: required(2000, "Tên giấy tờ"),
        quantity: required(100, "Số lượng"),
      }),
    )
    .max(100, "Tối đa 100 giấy tờ."),
  fees: z
    .array(
      z.object({
        label: required(200, "Tên khoản phí"),
        amountVnd: z
          .number({ message: "Số tiền phải là số." })
          .int("Số tiền phải là số nguyên (đồng).")
          .min(0, "Số tiền không được âm.")
          .max(100_000_000, "Số tiền quá lớn."),
        per: z.enum(["dossier", "copy"], { message: "Chọn tính theo hồ sơ hoặc theo bản." }),
        exemptGroups: z.array(z.string().trim().min(1).max(60)).max(10).default([]),
      }),
    )
    .max(20, "Tối đa 20 khoản phí."),
  feeNote: optionalText(2000, "Ghi chú phí"),
  processingDays: z
    .number({ message: "Thời hạn phải là số ngày." })
    .int("Thời hạn phải là số ngày nguyên.")
    .min(0, "Thời hạn không được âm.")
    .max(365, "Thời hạn tối đa 365 ngày."),
  processingUnit: z.enum(["working_days", "calendar_days"], { message: "Chọn ngày làm việc hoặc ngày." }),
  processingNote: optionalText(2000, "Ghi chú thời hạn"),
  onlineLevel: z.enum(["full", "partial", "none"], { message: "Chọn mức độ trực tuyến." }),
  /** A department or the service centre; null = the commune committee where the citizen files. */
  agencyCode: z.string().trim().min(1).max(40).nullable(),
  active: z.boolean({ message: "Chọn đang áp dụng hoặc ngừng áp dụng." }),
  /** The filing form (fields and document slots); absent = unchanged. */
  formSchema: editableFormSchema.optional(),
  /** The version the admin opened: a save over someone else's newer edit is refused. */
  expectedUpdatedAt: z.string().datetime({ message: "Phiên bản không hợp lệ." }),
});
export type ProcedureEdit = z.infer<typeof procedureEditBody>;

export const procedureAdminView = procedureView.extend({
  active: z.boolean(),
  updatedAt: z.string(),
});

export const procedureAdminListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  field: z.string().trim().min(1).max(200).optional(),
  level: procedureLevel.optional(),
  active: z.enum(["true", "false"]).optional(),
  page: z.coerce.number().int().min(1, "Số trang không hợp lệ.").max(1000).default(1),
});

export const procedureAdminList = z.object({
  items: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      field: z.string(),
      level: procedureLevel,
      agency: z.string().nullable(),
      onlineLevel: z.enum(["full", "partial", "none"]),
      active: z.boolean(),
      updatedAt: z.string(),
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const procedureOptions = z.object({
  fields: z.array(z.string()),
  agencies: z.array(z.object({ code: z.string(), name: z.string(), kind: z.string() })),
});

export const ratingsQuery = z
  .object({
    from: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Ngày phải có dạng YYYY-MM-DD.")
      .optional(),
    to: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Ngày phải có dạng YYYY-MM-DD.")
      .optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: "Từ ngày phải trước đến ngày.",
    path: ["to"],
  });

const ratingGroup = z.object({
  average: z.number(),
  count: z.number().int(),
  /** How many ratings gave 1, 2, 3, 4, 5. */
  distribution: z.array(z.number().int()).length(5),
});

export const ratingsReport = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  overall: ratingGroup,
  byAgency: z.array(ratingGroup.extend({ agencyCode: z.string(), agency: z.string() })),
  byProcedure: z.array(ratingGroup.extend({ code: z.string(), procedure: z.string() })),
  comments: z.array(
    z.object({
      dossierCode: z.string(),
      procedure: z.string(),
      agency: z.string(),
      score: z.number().int(),
      comment: z.string(),
      ratedAt: z.string(),
    }),
  ),
});
