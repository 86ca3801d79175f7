// Maps the research snapshot of 38 real procedures (shared/data/procedures.json) to our
// Procedure rows: processing time and unit, fee schedule, agency, online level, form.
import type { AgencyKind, OnlineLevel, ProcedureLevel } from "../server/src/platform/db.js";
import { procedureNameSearch } from "../server/src/procedures/fold.js";

interface RawProcedure {
  code: string;
  name: string;
  field: string;
  level_dvc: string;
  authority: string;
  dvc_url: string;
  online_channels: string[];
  processing_time: { summary?: string; dvc_per_channel?: { channel: string; time: string }[] };
  fee: {
    summary?: string;
    legal_basis?: string;
    dvc_per_channel?: { channel: string; fee: string; note?: string }[];
  };
  required_documents: { group: string; document: string; quantity: string }[];
  legal_basis: { code: string; name: string | null }[];
  notes?: unknown;
}

export interface ProcedureSeed {
  nationalCode: string;
  name: string;
  nameSearch: string;
  field: string;
  level: ProcedureLevel;
  agencyKind: AgencyKind;
  agencyCode: string | null;
  processingDays: number;
  processingUnit: string;
  processingNote: string | null;
  purpose: string | null;
  eligibility: string | null;
  feeSchedule: object;
  feeNote: string | null;
  requiredDocuments: object;
  formSchema: object;
  onlineLevel: OnlineLevel;
  channels: string[];
  legalBasis: object;
  sourceUrl: string | null;
}

/**
 * The research data's summaries carry source annotations for us ("(DVC: 1)", "— knowledge",
 * "DVC ghi …"): a citizen reading the procedure page should see only the rule itself.
 */
export function citizenText(t: string | undefined): string | null {
  if (!t) return null;
  const parts = t
    .replace(/\s*\((?:[^()]*\b(?:DVC|knowledge)\b[^()]*)\)/g, "")
    .replace(/\s*[—,]\s*knowledge\b/g, "")
    .split(/(?<=[;.])\s+/)
    .filter((part) => !/\bDVC\b|knowledge/.test(part));
  // A clause cut after "…;" leaves the next sentence starting with a capital: end the first.
  const text = parts
    .map((part, i) =>
      part.endsWith(";") && /^\p{Lu}/u.test(parts[i + 1] ?? "") ? `${part.slice(0, -1)}.` : part,
    )
    .join(" ")
    .replace(/[;,]\s*$/, ".")
    .trim();
  return text || null;
}

/**
 * The processing time. The summary states the rule ("Không quá 02 ngày làm việc…", "Ngay
 * trong ngày…"), the DVC column often only a bare number or "Không có thông tin", so the
 * summary's leading statement wins; the column is used when the summary does not open with
 * a time (e.g. "DVC: 1 (đơn vị không hiển thị)"), and a default only when neither parses.
 * Only the leading statement counts: later clauses are exceptions ("cần xác minh: tối đa 05
 * ngày làm việc") or other channels.
 */
function processing(p: RawProcedure): { days: number; unit: string } {
  const summary = (p.processing_time.summary ?? "").trim();
  // Hộ tịch, chứng thực: same day, next working day if received after 15:00 (holidays.md §3.4).
  if (/^ngay trong ngày/i.test(summary)) return { days: 0, unit: "working_days" };
  const lead = /^(?:(?:tối đa|không quá)\s+)*0*(\d+)\s+ngày(\s+làm việc)?/i.exec(summary);
  // "Ngày" without "làm việc" may be calendar days (holidays.md §3.6): keep the unit.
  if (lead) return { days: Number(lead[1]), unit: lead[2] ? "working_days" : "calendar_days" };
  const t = p.processing_time.dvc_per_channel?.find((c) => /\d/.test(c.time))?.time ?? "";
  const n = Number(/(\d+)/.exec(t)?.[1] ?? NaN);
  if (!Number.isFinite(n)) {
    // Chứng thực: NĐ 23/2015 Đ.7 — same day, next working day if received after 15:00.
    return { days: p.field === "Chứng thực" ? 0 : 5, unit: "working_days" };
  }
  // A bare number is working days (the hộ tịch records, per the data's caveats).
  const unit = /làm việc/i.test(t) || /^\d+$/.test(t.trim()) ? "working_days" : "calendar_days";
  return { days: n, unit };
}

function fees(
  p: RawProcedure,
): { label: string; amountVnd: number; per: "dossier" | "copy"; exemptGroups: string[] }[] {
  const c = p.fee.dvc_per_channel?.find((f) => /\d/.test(f.fee));
  if (!c) return [];
  const amount = Number(/([\d.,]+)\s*(VNĐ|Việt Nam Đồng)/i.exec(c.fee)?.[1]?.replace(/[.,]/g, "") ?? NaN);
  if (!Number.isFinite(amount) || amount <= 0) return [];
  const per = /\/(trang|bản)/i.test(c.fee) ? "copy" : "dossier";
  return [
    {
      label: /phí/i.test(c.fee) && !/lệ phí/i.test(c.fee) ? "Phí" : "Lệ phí",
      amountVnd: amount,
      per,
      exemptGroups: ["poor_household", "disabled", "revolutionary_family"],
    },
  ];
}

function agencyFor(p: RawProcedure): { kind: AgencyKind; code: string | null; level: ProcedureLevel } {
  const a = p.authority;
  const communeLevel = /Cấp xã/.test(p.level_dvc) && !/Cấp tỉnh/.test(p.level_dvc.replace("Cấp xã", ""));
  if (/Công an tỉnh|CSGT/i.test(a) && !/cấp xã/i.test(a))
    return { kind: "province_department", code: "H38.02", level: "province" };
  if (/Sở Tài chính/i.test(a)) return { kind: "province_department", code: "H38.03", level: "province" };
  if (/Văn phòng đăng ký đất đai/i.test(a) && !communeLevel)
    return { kind: "province_department", code: "H38.04", level: "province" };
  if (communeLevel || /cấp xã|UBND/i.test(a))
    return { kind: "commune_committee", code: null, level: "commune" };
  return { kind: "service_centre", code: "H38", level: "province" };
}

const applicantFields = [
  { name: "applicantName", type: "text", label: "Họ và tên người nộp hồ sơ", required: true, maxLength: 100 },
  {
    name: "applicantIdNumber",
    type: "id_number",
    label: "Số định danh cá nhân (CCCD)",
    hint: "12 chữ số trên thẻ căn cước",
    required: true,
    pattern: "^\\d{12}$",
  },
  {
    name: "applicantPhone",
    type: "phone",
    label: "Số điện thoại liên hệ",
    hint: "Ví dụ: 0912345678",
    required: true,
    pattern: "^0\\d{9}$",
  },
  { name: "applicantAddress", type: "textarea", label: "Nơi cư trú", required: true, maxLength: 300 },
];

const BIRTH_FORM = {
  fields: [
    ...applicantFields,
    {
      name: "relationship",
      type: "select",
      label: "Quan hệ với trẻ",
      required: true,
      options: [
        { value: "mother", label: "Mẹ" },
        { value: "father", label: "Cha" },
        { value: "grandparent", label: "Ông/Bà" },
        { value: "other", label: "Người khác (được ủy quyền)" },
      ],
    },
    { name: "childName", type: "text", label: "Họ, chữ đệm và tên của trẻ", required: true, maxLength: 100 },
    { name: "childBirthDate", type: "date", label: "Ngày sinh của trẻ", required: true, maxDate: "today" },
    {
      name: "childGender",
      type: "select",
      label: "Giới tính",
      required: true,
      options: [
        { value: "male", label: "Nam" },
        { value: "female", label: "Nữ" },
      ],
    },
    {
      name: "childEthnicity",
      type: "text",
      label: "Dân tộc",
      required: true,
      maxLength: 50,
      hint: "Ví dụ: Kinh, Hmông, Dao, Tày, Giáy",
    },
    {
      name: "birthPlace",
      type: "text",
      label: "Nơi sinh",
      required: true,
      maxLength: 200,
      hint: "Tên cơ sở y tế hoặc địa chỉ nơi sinh",
    },
    { name: "motherName", type: "text", label: "Họ và tên mẹ", required: true, maxLength: 100 },
    { name: "fatherName", type: "text", label: "Họ và tên cha", required: false, maxLength: 100 },
  ],
  documents: [
    { key: "birth_certificate", label: "Giấy chứng sinh (ảnh chụp hoặc PDF)", required: true },
    { key: "authorization", label: "Văn bản ủy quyền (nếu có)", required: false },
  ],
};

const GENERIC_FORM = {
  fields: [
    ...applicantFields,
    { name: "requestDetail", type: "textarea", label: "Nội dung đề nghị", required: true, maxLength: 2000 },
  ],
  documents: [{ key: "attachments", label: "Giấy tờ kèm theo (ảnh chụp hoặc PDF)", required: false }],
};

export function buildProcedureSeed(raw: { procedures: RawProcedure[] }): ProcedureSeed[] {
  return raw.procedures.map((p) => {
    const { days, unit } = processing(p);
    const agency = agencyFor(p);
    const online = p.online_channels.includes("Trực tuyến");
    return {
      nationalCode: p.code,
      name: p.name,
      nameSearch: procedureNameSearch(p.name),
      field: p.field,
      level: agency.level,
      agencyKind: agency.kind,
      agencyCode: agency.code,
      processingDays: days,
      processingUnit: unit,
      processingNote: citizenText(p.processing_time.summary),
      purpose: null,
      eligibility: null,
      feeSchedule: fees(p),
      feeNote: citizenText(p.fee.summary),
      requiredDocuments: p.required_documents.map((d) => ({
        group: d.group,
        document: d.document.replace(/^-\s*/, ""),
        quantity: d.quantity,
      })),
      formSchema: p.code === "1.001193" ? BIRTH_FORM : GENERIC_FORM,
      // Fully online (toàn trình) when filing and results can both go online; a research
      // snapshot cannot tell, so online procedures start as "partial" for an admin to set.
      onlineLevel: online ? ("partial" as const) : ("none" as const),
      channels: p.online_channels,
      legalBasis: p.legal_basis,
      sourceUrl: p.dvc_url ?? null,
    };
  });
}
