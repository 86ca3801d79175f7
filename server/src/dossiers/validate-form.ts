import { z } from "zod";
import { AppError, type FieldError } from "../platform/errors.js";
import { formSchema } from "../procedures/procedure.schema.js";

type FormField = z.infer<typeof formSchema>["fields"][number];

const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

/** A real calendar day: Date.parse rolls 2026-02-30 over to 2 March instead of refusing it. */
function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function checkField(f: FormField, raw: unknown): string | null {
  const value = typeof raw === "string" ? raw.trim() : raw;
  if (value === undefined || value === null || value === "")
    return f.required ? `Vui lòng nhập ${f.label.toLowerCase()}.` : null;
  if (typeof value !== "string" && typeof value !== "number") return "Giá trị không hợp lệ.";
  const s = String(value);
  if (f.maxLength && s.length > f.maxLength) return `Tối đa ${f.maxLength} ký tự.`;
  switch (f.type) {
    case "date":
      if (!isRealDate(s)) return "Ngày không hợp lệ (dd/mm/yyyy).";
      if (f.maxDate === "today" && s > today()) return "Ngày không được sau hôm nay.";
      break;
    case "number":
      if (!/^-?\d+(\.\d+)?$/.test(s)) return "Vui lòng nhập số.";
      break;
    case "select":
      if (!f.options?.some((o) => o.value === s)) return "Vui lòng chọn một giá trị trong danh sách.";
      break;
    case "id_number":
      if (!/^\d{12}$/.test(s)) return "Số định danh cá nhân gồm đúng 12 chữ số.";
      break;
    case "phone":
      if (!/^0\d{9}$/.test(s)) return "Số điện thoại gồm 10 chữ số, bắt đầu bằng 0.";
      break;
  }
  if (f.pattern && !new RegExp(f.pattern).test(s))
    return f.hint ? `Không đúng định dạng. ${f.hint}` : "Không đúng định dạng.";
  return null;
}

/**
 * Checks form data against the procedure's form schema (the same rules the mini app checks
 * on the phone) and returns only the declared fields, trimmed: unknown keys never reach the
 * dossier.
 */
export function validateForm(schema: unknown, data: Record<string, unknown>): Record<string, string> {
  const form = formSchema.catch({ fields: [], documents: [] }).parse(schema);
  const errors: FieldError[] = [];
  const clean: Record<string, string> = {};
  for (const f of form.fields) {
    const problem = checkField(f, data[f.name]);
    if (problem) errors.push({ field: `formData.${f.name}`, message: problem });
    else if (data[f.name] !== undefined && data[f.name] !== "") clean[f.name] = String(data[f.name]).trim();
  }
  if (errors.length) throw new AppError("VALIDATION_FAILED", { message: "form invalid", fields: errors });
  return clean;
}
