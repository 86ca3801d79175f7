import type {
  Agency,
  Dossier,
  DossierEvent,
  DossierFile,
  DossierFeeLine,
  Payment,
  PaymentRefund,
  Procedure,
} from "../platform/db.js";
import { CLOCK_RUNNING, ONESTOP_CODE, STATUS_TEXT } from "./dossier-status.js";
import { formSchema } from "../procedures/procedure.schema.js";

export type FullDossier = Dossier & {
  procedure: Procedure;
  agency: Agency;
  events: DossierEvent[];
  files: DossierFile[];
  feeLines: DossierFeeLine[];
  /** Absent right after filing (there is none yet). */
  payments?: (Payment & { refunds: PaymentRefund[] })[];
};

/** What a dossier page reads with the dossier: one query, the same for citizen and clerk. */
export const DOSSIER_INCLUDE = {
  procedure: true,
  agency: true,
  events: true,
  files: true,
  feeLines: true,
  payments: { include: { refunds: { orderBy: { createdAt: "asc" } } }, orderBy: { createdAt: "asc" } },
} as const;

const vnDate = (d: Date | null) =>
  d ? new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10).split("-").reverse().join("/") : null;

/** Past its appointment while the agency's clock runs (not while the citizen's turn). */
export function isOverdue(d: Pick<Dossier, "appointmentAt" | "status">, now = new Date()): boolean {
  return Boolean(d.appointmentAt && d.appointmentAt < now && CLOCK_RUNNING.includes(d.status));
}

/** What a citizen sees of their own dossier (never another's). */
export function toDossierView(d: FullDossier, lang: "vi" | "en" | "zh" = "vi") {
  const t = (s: keyof typeof STATUS_TEXT) => STATUS_TEXT[s][lang];
  const actions: ("supplement" | "rate")[] = [];
  if (d.status === "supplement_requested") actions.push("supplement");
  if (d.status === "result_returned" && d.ratingScore == null) actions.push("rate");
  return {
    code: d.code,
    status: d.status,
    statusCode: ONESTOP_CODE[d.status],
    statusText: t(d.status),
    overdue: isOverdue(d),
    procedure: { code: d.procedure.nationalCode, name: d.procedure.name },
    agency: { code: d.agency.code, name: d.agency.name },
    receivedAt: d.receivedAt.toISOString(),
    appointmentAt: d.appointmentAt?.toISOString() ?? null,
    deliveryMethod: d.deliveryMethod,
    /** Where the result goes by public post; null when it is collected at the centre. */
    deliveryAddress: d.deliveryMethod === "public_post" ? d.deliveryAddress : null,
    supplementNote: d.supplementNote,
    refusalReason: d.refusalReason,
    rating: d.ratingScore != null ? { score: d.ratingScore, comment: d.ratingComment } : null,
    events: [...d.events]
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map((e) => ({
        at: e.createdAt.toISOString(),
        status: e.toStatus,
        statusText: t(e.toStatus),
        actor: e.actorType,
        reason: e.reason,
      })),
    files: d.files.map((f) => ({
      id: f.id,
      fileName: f.fileName,
      mimeType: f.mimeType,
      kind: f.kind,
      label: f.label,
    })),
    fees: d.feeLines.map((f) => ({
      label: f.label,
      amountVnd: f.amountVnd,
      quantity: f.quantity,
      exempt: f.exempt,
    })),
    // Attempts that came to nothing (abandoned, expired) are not the citizen's business.
    payments: (d.payments ?? [])
      .filter((p) => p.status !== "pending" && p.status !== "failed" && p.status !== "expired")
      .map((p) => ({
        txnRef: p.txnRef,
        amountVnd: p.amountVnd,
        status: p.status,
        paidAt: p.paidAt?.toISOString() ?? null,
        receiptNo: p.receiptNo,
        refundedVnd: p.refundedVnd,
        refunds: p.refunds
          .filter((r) => r.status === "succeeded")
          .map((r) => ({ amountVnd: r.amountVnd, reason: r.reason, at: r.createdAt.toISOString() })),
      })),
    allowedCitizenActions: actions,
    // Giấy tiếp nhận hồ sơ và hẹn trả kết quả
    receipt: {
      title: "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
      agency: d.agency.name,
      code: d.code,
      applicant: d.applicantName,
      procedure: d.procedure.name,
      receivedAt: d.receivedAt.toISOString(),
      /** The day of receipt (dd/mm/yyyy) under the one-stop rules, the day the code carries. */
      receiptDate: isoDay(d.receiptDate),
      /** What was received, one line per kind of document with its number of files. */
      documents: documentsReceived(d.files),
      appointmentDate: vnDate(d.appointmentAt),
      delivery:
        d.deliveryMethod === "public_post"
          ? "Nhận kết quả qua dịch vụ bưu chính công ích"
          : "Nhận kết quả tại Bộ phận Một cửa",
      deliveryAddress: d.deliveryMethod === "public_post" ? d.deliveryAddress : null,
    },
  };
}

/** A @db.Date (midnight UTC of the day) as dd/mm/yyyy. */
const isoDay = (d: Date) => d.toISOString().slice(0, 10).split("-").reverse().join("/");

function documentsReceived(files: DossierFile[]): { label: string; files: number }[] {
  const byLabel = new Map<string, number>();
  for (const f of files) {
    if (f.kind !== "document" && f.kind !== "supplement") continue;
    const label = f.label ?? f.fileName;
    byLabel.set(label, (byLabel.get(label) ?? 0) + 1);
  }
  return [...byLabel].map(([label, n]) => ({ label, files: n }));
}

export function toStaffDossierView(d: FullDossier) {
  const form = formSchema.catch({ fields: [], documents: [] }).parse(d.procedure.formSchema);
  const data = (d.formData ?? {}) as Record<string, string>;
  // The clerk reads the citizen's answers under the form's own Vietnamese labels.
  const answers = form.fields
    .filter((f) => data[f.name] !== undefined)
    .map((f) => ({
      name: f.name,
      label: f.label,
      value: f.options?.find((o) => o.value === data[f.name])?.label ?? data[f.name]!,
    }));
  return {
    ...toDossierView(d, "vi"),
    formData: d.formData,
    answers,
    applicant: { name: d.applicantName },
    onestopId: d.onestopId,
  };
}
