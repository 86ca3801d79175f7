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
      exemptGroups: exemptGroupsOf(p),
    },
  ];
}

/**
 * The exempt groups the data itself names for this procedure's fee (the summary or the DVC
 * notes: "miễn … hộ nghèo, người khuyết tật, gia đình có công"). None is invented: a fee whose
 * text names no group (chứng thực, business registration, or a rule cited only by article)
 * has no exemption to claim here; the clerk still applies the law at reception.
 */
function exemptGroupsOf(p: RawProcedure): string[] {
  const text = [p.fee.summary ?? "", ...(p.fee.dvc_per_channel ?? []).map((c) => `${c.fee} ${c.note ?? ""}`)]
    .join(" ")
    .toLowerCase();
  if (!/miễn/.test(text)) return [];
  return [
    /hộ nghèo/.test(text) ? "poor_household" : null,
    /khuyết tật/.test(text) ? "disabled" : null,
    /có công/.test(text) ? "revolutionary_family" : null,
  ].filter((g): g is string => g !== null);
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

// ── Forms of the hộ tịch (civil status) and cư trú (residence) procedures: the online
// equivalent of each procedure's declaration (tờ khai / mẫu CT01) and the documents its DVC
// record asks to be filed (procedures.json required_documents). Identity papers and proof of
// residence that the desk reads from the national population database are optional uploads.

type Field = Record<string, unknown> & { name: string };
const ID_PATTERN = "^\\d{12}$";
const person = (
  prefix: string,
  who: string,
  opts: { id?: "required" | "optional" | "none"; birth?: boolean } = {},
) =>
  [
    {
      name: `${prefix}Name`,
      type: "text",
      label: `Họ, chữ đệm và tên ${who}`,
      required: true,
      maxLength: 100,
    },
    ...(opts.birth === false
      ? []
      : [
          {
            name: `${prefix}BirthDate`,
            type: "date",
            label: `Ngày sinh ${who}`,
            required: true,
            maxDate: "today",
          },
        ]),
    ...(opts.id === "none"
      ? []
      : [
          {
            name: `${prefix}IdNumber`,
            type: "id_number",
            label: `Số định danh cá nhân ${who}`,
            hint: "12 chữ số trên thẻ căn cước",
            required: opts.id !== "optional",
            pattern: ID_PATTERN,
          },
        ]),
  ] as Field[];
const text = (name: string, label: string, required = true, extra: Record<string, unknown> = {}): Field => ({
  name,
  type: "text",
  label,
  required,
  maxLength: 200,
  ...extra,
});
const area = (name: string, label: string, required = true, extra: Record<string, unknown> = {}): Field => ({
  name,
  type: "textarea",
  label,
  required,
  maxLength: 1000,
  ...extra,
});
const date = (name: string, label: string, extra: Record<string, unknown> = {}): Field => ({
  name,
  type: "date",
  label,
  required: true,
  ...extra,
});
const select = (name: string, label: string, options: [string, string][]): Field => ({
  name,
  type: "select",
  label,
  required: true,
  options: options.map(([value, label]) => ({ value, label })),
});
const doc = (key: string, label: string, required = false) => ({ key, label, required });
const AUTHORIZATION = doc("authorization", "Văn bản ủy quyền (nếu nộp thay người khác)");
const RESIDENCE_PROOF = doc(
  "residence_proof",
  "Giấy tờ chứng minh nơi cư trú (nếu cơ quan không khai thác được trên Cơ sở dữ liệu quốc gia về dân cư)",
);
const CIVIL_STATUS_RELATION = select("relationship", "Quan hệ với người được đăng ký", [
  ["self", "Bản thân"],
  ["parent", "Cha/Mẹ"],
  ["spouse", "Vợ/Chồng"],
  ["child", "Con"],
  ["relative", "Người thân khác"],
  ["authorized", "Người được ủy quyền"],
]);

const BIRTH_FIELDS = BIRTH_FORM.fields.filter((f) => !applicantFields.some((a) => a.name === f.name));

const HO_TICH_FORMS: Record<string, { fields: Field[]; documents: ReturnType<typeof doc>[] }> = {
  // Đăng ký kết hôn: both parties' details (one declaration for the two, Luật Hộ tịch Đ.18).
  "1.000894": {
    fields: [
      ...applicantFields,
      ...person("husband", "bên nam"),
      text("husbandEthnicity", "Dân tộc bên nam", true, { maxLength: 50 }),
      area("husbandResidence", "Nơi cư trú bên nam", true, { maxLength: 300 }),
      ...person("wife", "bên nữ"),
      text("wifeEthnicity", "Dân tộc bên nữ", true, { maxLength: 50 }),
      area("wifeResidence", "Nơi cư trú bên nữ", true, { maxLength: 300 }),
    ],
    documents: [RESIDENCE_PROOF],
  },
  "1.000656": {
    fields: [
      ...applicantFields,
      text("relationship", "Quan hệ với người đã chết", true, {
        maxLength: 50,
        hint: "Ví dụ: con, vợ, chồng",
      }),
      ...person("deceased", "người đã chết", { id: "optional" }),
      date("deathDate", "Ngày chết", { maxDate: "today" }),
      text("deathPlace", "Nơi chết"),
      area("lastResidence", "Nơi cư trú cuối cùng của người đã chết", true, { maxLength: 300 }),
    ],
    documents: [
      doc("death_notice", "Giấy báo tử hoặc giấy tờ thay Giấy báo tử (ảnh chụp hoặc PDF)", true),
      AUTHORIZATION,
    ],
  },
  "1.004884": {
    fields: [
      ...applicantFields,
      ...BIRTH_FIELDS,
      area("previousRegistration", "Nơi đã đăng ký khai sinh trước đây", true, { maxLength: 300 }),
    ],
    documents: [
      doc("previous_papers", "Bản sao Giấy khai sinh hoặc giấy tờ có thông tin khai sinh trước đây", true),
      AUTHORIZATION,
    ],
  },
  "1.001022": {
    fields: [
      ...applicantFields,
      select("recognition", "Nội dung đăng ký", [
        ["father_child", "Nhận cha – con"],
        ["mother_child", "Nhận mẹ – con"],
      ]),
      ...person("parent", "người nhận (cha/mẹ)"),
      ...person("child", "người được nhận là con", { id: "optional" }),
    ],
    documents: [
      doc(
        "relationship_proof",
        "Văn bản xác nhận quan hệ cha, mẹ, con của cơ quan y tế, giám định (hoặc văn bản cam đoan có hai người làm chứng)",
        true,
      ),
      AUTHORIZATION,
    ],
  },
  "1.000689": {
    fields: [...applicantFields, ...BIRTH_FIELDS, ...person("recognizingParent", "người nhận cha/mẹ – con")],
    documents: [
      doc("birth_certificate", "Giấy chứng sinh (ảnh chụp hoặc PDF)", true),
      doc(
        "relationship_proof",
        "Văn bản xác nhận quan hệ cha, mẹ, con của cơ quan y tế, giám định (hoặc văn bản cam đoan có hai người làm chứng)",
        true,
      ),
      AUTHORIZATION,
    ],
  },
  "1.004837": {
    fields: [
      ...applicantFields,
      select("guardianshipKind", "Loại giám hộ", [
        ["statutory", "Giám hộ đương nhiên"],
        ["appointed", "Giám hộ cử"],
      ]),
      ...person("ward", "người được giám hộ", { id: "optional" }),
      ...person("guardian", "người giám hộ"),
    ],
    documents: [
      doc(
        "guardianship_basis",
        "Giấy tờ chứng minh điều kiện giám hộ đương nhiên hoặc văn bản cử người giám hộ",
        true,
      ),
      AUTHORIZATION,
    ],
  },
  "1.004859": {
    fields: [
      ...applicantFields,
      CIVIL_STATUS_RELATION,
      ...person("subject", "người có thông tin hộ tịch cần sửa", { id: "optional" }),
      select("changeKind", "Nội dung yêu cầu", [
        ["change", "Thay đổi thông tin hộ tịch"],
        ["correct", "Cải chính thông tin hộ tịch"],
        ["supplement", "Bổ sung thông tin hộ tịch"],
        ["ethnicity", "Xác định lại dân tộc"],
      ]),
      area("currentInfo", "Thông tin hiện ghi trong sổ hộ tịch"),
      area("requestedInfo", "Thông tin đề nghị ghi lại"),
    ],
    documents: [
      doc("basis", "Giấy tờ làm căn cứ thay đổi, cải chính, bổ sung thông tin", true),
      AUTHORIZATION,
    ],
  },
  "1.004873": {
    fields: [
      ...applicantFields,
      CIVIL_STATUS_RELATION,
      ...person("subject", "người được xác nhận"),
      select("maritalStatus", "Tình trạng hôn nhân hiện nay", [
        ["single", "Chưa đăng ký kết hôn với ai"],
        ["married", "Đang có vợ/chồng"],
        ["divorced", "Đã ly hôn"],
        ["widowed", "Vợ/chồng đã chết"],
      ]),
      area("usePurpose", "Mục đích sử dụng Giấy xác nhận", true, {
        maxLength: 500,
        hint: "Ví dụ: để đăng ký kết hôn",
      }),
    ],
    documents: [
      doc("previous_confirmation", "Giấy xác nhận tình trạng hôn nhân đã được cấp (nếu xin cấp lại)"),
      AUTHORIZATION,
    ],
  },
  "2.000635": {
    fields: [
      ...applicantFields,
      CIVIL_STATUS_RELATION,
      select("extractKind", "Loại bản sao đề nghị cấp", [
        ["birth", "Bản sao Giấy khai sinh / Trích lục khai sinh"],
        ["marriage", "Bản sao Trích lục kết hôn"],
        ["death", "Bản sao Trích lục khai tử"],
        ["other", "Bản sao trích lục hộ tịch khác"],
      ]),
      ...person("subject", "người có tên trong giấy tờ", { id: "optional" }),
      text("registrationPlace", "Nơi đã đăng ký hộ tịch", true),
      {
        name: "copies",
        type: "number",
        label: "Số bản sao",
        required: true,
        pattern: "^[1-9]\\d?$",
        hint: "Từ 1 đến 99",
      },
    ],
    documents: [AUTHORIZATION],
  },
  "1.004746": {
    fields: [
      ...applicantFields,
      ...person("husband", "bên nam"),
      ...person("wife", "bên nữ"),
      area("previousRegistration", "Nơi đã đăng ký kết hôn trước đây", true, { maxLength: 300 }),
    ],
    documents: [
      doc(
        "previous_marriage",
        "Bản sao Giấy chứng nhận kết hôn trước đây (hoặc giấy tờ có thông tin về việc kết hôn)",
        true,
      ),
      RESIDENCE_PROOF,
    ],
  },
  // Liên thông khai sinh + thường trú + thẻ BHYT cho trẻ dưới 6 tuổi.
  "2.000986": {
    fields: [
      ...applicantFields,
      ...BIRTH_FIELDS,
      area("permanentResidence", "Nơi đăng ký thường trú của trẻ", true, { maxLength: 300 }),
      text("householdHeadName", "Họ và tên chủ hộ nơi trẻ đăng ký thường trú", true, { maxLength: 100 }),
    ],
    documents: [doc("birth_certificate", "Giấy chứng sinh (ảnh chụp hoặc PDF)", true), AUTHORIZATION],
  },
  "2.000806": {
    fields: [
      ...applicantFields,
      ...person("vietnamese", "bên là công dân Việt Nam"),
      area("vietnameseResidence", "Nơi cư trú bên là công dân Việt Nam", true, { maxLength: 300 }),
      ...person("foreign", "bên là người nước ngoài", { id: "none" }),
      text("foreignNationality", "Quốc tịch bên là người nước ngoài", true, { maxLength: 100 }),
      text("foreignPassport", "Số hộ chiếu bên là người nước ngoài", true, { maxLength: 30 }),
    ],
    documents: [
      doc("passport", "Bản sao hộ chiếu (hoặc giấy tờ thay thế) của người nước ngoài", true),
      doc("marital_status", "Giấy tờ chứng minh tình trạng hôn nhân của người nước ngoài", true),
      doc("health", "Giấy xác nhận của tổ chức y tế về sức khỏe tâm thần của các bên", true),
      doc("other", "Giấy tờ khác theo trường hợp (nếu có)"),
    ],
  },
};

// Cư trú: the online form stands for the Tờ khai thay đổi thông tin cư trú (mẫu CT01).
const STAY_BASIS = select("residenceBasis", "Chỗ ở hợp pháp", [
  ["own", "Thuộc quyền sở hữu của tôi"],
  ["rent", "Thuê, mượn, ở nhờ"],
  ["relative", "Nhà của người thân (cùng hộ gia đình)"],
  ["other", "Khác"],
]);
const CU_TRU_FORMS: Record<string, { fields: Field[]; documents: ReturnType<typeof doc>[] }> = {
  "1.004222": {
    fields: [
      ...applicantFields,
      area("newResidence", "Địa chỉ đăng ký thường trú", true, { maxLength: 300 }),
      STAY_BASIS,
      text("householdHeadName", "Họ và tên chủ hộ", true, { maxLength: 100 }),
      text("relationshipToHead", "Quan hệ với chủ hộ", true, {
        maxLength: 50,
        hint: "Ví dụ: chủ hộ, con, vợ",
      }),
    ],
    documents: [
      doc(
        "tenancy",
        "Hợp đồng, văn bản cho thuê, cho mượn, cho ở nhờ (công chứng hoặc chứng thực), nếu thuê, mượn, ở nhờ",
      ),
      doc(
        "residence_proof",
        "Giấy tờ chứng minh chỗ ở hợp pháp (nếu không khai thác được trên VNeID, CSDL dân cư)",
      ),
    ],
  },
  "1.004194": {
    fields: [
      ...applicantFields,
      area("newResidence", "Địa chỉ đăng ký tạm trú", true, { maxLength: 300 }),
      STAY_BASIS,
      text("ownerName", "Họ và tên chủ hộ hoặc chủ sở hữu chỗ ở", true, { maxLength: 100 }),
      date("stayUntil", "Tạm trú đến ngày"),
    ],
    documents: [
      doc(
        "residence_proof",
        "Giấy tờ chứng minh chỗ ở hợp pháp (nếu không khai thác được trên VNeID, CSDL dân cư)",
      ),
      doc("guardian_consent", "Ý kiến đồng ý của cha, mẹ hoặc người giám hộ (người chưa thành niên)"),
    ],
  },
  // Nội dung khai báo tạm vắng: lý do, thời gian, địa chỉ nơi đến (Luật Cư trú Đ.31).
  "1.003677": {
    fields: [
      ...applicantFields,
      area("absenceReason", "Lý do tạm vắng", true, { maxLength: 500 }),
      date("absenceFrom", "Tạm vắng từ ngày"),
      date("absenceTo", "Tạm vắng đến ngày"),
      area("destination", "Địa chỉ nơi đến", true, { maxLength: 300 }),
    ],
    documents: [
      doc(
        "supervisor_consent",
        "Văn bản đồng ý của cơ quan giám sát, quản lý (người thuộc điểm a, b khoản 1 Điều 31 Luật Cư trú)",
      ),
    ],
  },
  "1.010038": {
    fields: [
      ...applicantFields,
      area("residence", "Địa chỉ chỗ ở hiện tại", true, { maxLength: 300 }),
      text("currentHouseholdHead", "Họ và tên chủ hộ hiện tại", true, { maxLength: 100 }),
      select("splitCase", "Trường hợp tách hộ", [
        ["same_residence", "Tách hộ tại cùng chỗ ở hợp pháp (có ý kiến đồng ý của chủ hộ)"],
        ["divorced", "Vợ, chồng đã ly hôn vẫn được ở cùng chỗ ở"],
      ]),
      area("membersMoving", "Những người cùng tách hộ (họ tên, số định danh)", false, { maxLength: 1000 }),
    ],
    documents: [
      doc("divorce", "Giấy tờ chứng minh việc ly hôn và được tiếp tục sử dụng chỗ ở (nếu đã ly hôn)"),
    ],
  },
  "1.002755": {
    fields: [
      ...applicantFields,
      area("residence", "Địa chỉ đang tạm trú", true, { maxLength: 300 }),
      text("ownerName", "Họ và tên chủ sở hữu chỗ ở", true, { maxLength: 100 }),
      date("extendUntil", "Gia hạn tạm trú đến ngày"),
    ],
    documents: [
      doc("owner_consent", "Văn bản đồng ý của chủ sở hữu chỗ ở hợp pháp (nếu chưa ghi trong tờ khai)"),
    ],
  },
  "1.003197": {
    fields: [
      ...applicantFields,
      CIVIL_STATUS_RELATION,
      ...person("subject", "người bị xóa đăng ký thường trú"),
      area("residence", "Địa chỉ đang đăng ký thường trú", true, { maxLength: 300 }),
      area("removalReason", "Lý do xóa đăng ký thường trú", true, { maxLength: 500 }),
    ],
    documents: [doc("removal_proof", "Giấy tờ chứng minh thuộc trường hợp xóa đăng ký thường trú (nếu có)")],
  },
};

/**
 * Who may file, only where the research data says so (the procedure's own name); elsewhere the
 * data is silent and the page keeps "Chưa cập nhật" rather than a guess. Purpose: the data has
 * none for any procedure.
 */
const ELIGIBILITY: Record<string, string> = {
  "2.000986": "Trẻ em dưới 6 tuổi.",
  "3.000333":
    "Công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam, người Việt Nam đang cư trú ở nước ngoài.",
  "1.014061": "Người từ đủ 14 tuổi trở lên.",
  "1.013978": "Hộ gia đình, cá nhân, cộng đồng dân cư, người gốc Việt Nam định cư ở nước ngoài.",
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
      eligibility: ELIGIBILITY[p.code] ?? null,
      feeSchedule: fees(p),
      feeNote: citizenText(p.fee.summary),
      requiredDocuments: p.required_documents.map((d) => ({
        group: d.group,
        document: d.document.replace(/^-\s*/, ""),
        quantity: d.quantity,
      })),
      formSchema:
        p.code === "1.001193" ? BIRTH_FORM : (HO_TICH_FORMS[p.code] ?? CU_TRU_FORMS[p.code] ?? GENERIC_FORM),
      // Fully online (toàn trình) when filing and results can both go online; a research
      // snapshot cannot tell, so online procedures start as "partial" for an admin to set.
      onlineLevel: online ? ("partial" as const) : ("none" as const),
      channels: p.online_channels,
      legalBasis: p.legal_basis,
      sourceUrl: p.dvc_url ?? null,
    };
  });
}
