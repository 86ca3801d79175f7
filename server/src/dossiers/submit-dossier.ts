import { randomUUID } from "node:crypto";
import type { AppContext } from "../platform/context.js";
import { AppError, conflict, notFound } from "../platform/errors.js";
import { jobIdFor } from "../platform/jobs.js";
import { notificationCtes } from "../notifications/notify-citizen.js";
import { appointmentFor, dueInstant } from "../calendar/working-days.js";
import { formSchema } from "../procedures/procedure.schema.js";
import { feeLinesFor, type ExemptGroup } from "../payments/fee-lines.js";
import { loadCalendar } from "./calendar-store.js";
import { pushToOnestopJob } from "./push-to-onestop.job.js";
import { validateForm } from "./validate-form.js";
import type { FullDossier } from "./dossier.mapper.js";
import type {
  Agency,
  Dossier,
  DossierEvent,
  DossierFeeLine,
  DossierFile,
  Procedure,
} from "../platform/db.js";
import { Prisma } from "../platform/db.js";

export interface SubmitInput {
  citizenId: string;
  procedureCode: string;
  formData: Record<string, unknown>;
  documents: { key: string; fileIds: string[] }[];
  /** Files outside any document slot (kept as "Giấy tờ khác"). */
  fileIds?: string[] | undefined;
  deliveryMethod: "at_centre" | "public_post";
  deliveryAddress?: string | undefined;
  communeCode?: string | undefined;
  copies?: number | undefined;
  exemptGroup?: ExemptGroup | undefined;
  consentTextVersion: string;
  /** The instant of filing (tests of the receipt-day rules; the API always files "now"). */
  now?: Date;
}

/** yyyy-mm-dd → yymmdd, the date part of a dossier code. */
const yymmdd = (date: string) => date.slice(2).replace(/-/g, "");

type ProcedureRow = Procedure;
type AgencyRow = Agency;

/**
 * The procedure and the agency that receives it (the procedure's own department, the chosen
 * commune's committee, or the provincial centre) in one statement on the pg pool: the filing
 * path was CPU-bound in Prisma's query compiler (bench dossier-submit).
 */
async function procedureAndAgency(ctx: AppContext, procedureCode: string, communeCode?: string) {
  const { rows } = await ctx.pg.query<{ p: ProcedureRow; a: AgencyRow | null }>(
    `SELECT to_jsonb(p) AS p, to_jsonb(a) AS a
     FROM "Procedure" p
     LEFT JOIN LATERAL (
       SELECT * FROM "Agency" a
       WHERE CASE
         WHEN p."agencyId" IS NOT NULL THEN a.id = p."agencyId"
         WHEN p."agencyKind" = 'commune_committee' THEN a."unitCode" = $2 AND a.kind = 'commune_committee'
         ELSE a.code = 'H38'
       END
       LIMIT 1
     ) a ON true
     WHERE p."nationalCode" = $1`,
    [procedureCode, communeCode ?? null],
  );
  const row = rows[0];
  if (!row || !row.p.active) throw notFound("procedure");
  // to_jsonb gives timestamps as text: back to Dates, as Prisma would give them.
  const procedure: ProcedureRow = {
    ...row.p,
    createdAt: new Date(row.p.createdAt),
    updatedAt: new Date(row.p.updatedAt),
  };
  if (!row.a) {
    if (procedure.agencyKind === "commune_committee" && !procedure.agencyId) {
      throw new AppError("VALIDATION_FAILED", {
        fields: [{ field: "communeCode", message: "Vui lòng chọn xã, phường nơi nộp hồ sơ." }],
      });
    }
    throw new Error(`no receiving agency for procedure ${procedureCode}`);
  }
  const agency: AgencyRow = { ...row.a, createdAt: new Date(row.a.createdAt) };
  return { procedure, agency };
}

const MAX_FILES = 20;

/**
 * Accepts a dossier. One transaction creates the dossier, links its files, its fee lines,
 * its first event, the consent record, the job that pushes it to the one-stop system and the
 * citizen's message; the code's daily sequence is incremented in the same transaction, so
 * codes are unique and gap-free under concurrent submissions (a rolled-back submission gives
 * its number back). Returns the dossier as stored, with its relations (no second read).
 */
export async function submitDossier(ctx: AppContext, input: SubmitInput): Promise<FullDossier> {
  const { procedure, agency } = await procedureAndAgency(ctx, input.procedureCode, input.communeCode);
  // A procedure not offered online is filed at the desk (the catalog says so); the API refuses
  // it too, so no client can file one that no agency expects to receive online.
  if (procedure.onlineLevel === "none") {
    throw conflict(
      "procedure not offered online",
      "Thủ tục này chưa nhận hồ sơ trực tuyến. Vui lòng nộp trực tiếp tại Bộ phận Một cửa.",
    );
  }
  const formData = validateForm(procedure.formSchema, input.formData);
  if (input.deliveryMethod === "public_post" && !input.deliveryAddress?.trim()) {
    throw new AppError("VALIDATION_FAILED", {
      fields: [{ field: "deliveryAddress", message: "Vui lòng nhập địa chỉ nhận kết quả qua bưu điện." }],
    });
  }
  const form = formSchema.catch({ fields: [], documents: [] }).parse(procedure.formSchema);
  const missing = form.documents.filter(
    (d) => d.required && !input.documents.some((x) => x.key === d.key && x.fileIds.length),
  );
  if (missing.length) {
    throw new AppError("VALIDATION_FAILED", {
      fields: missing.map((d) => ({
        field: `documents.${d.key}`,
        message: `Vui lòng đính kèm: ${d.label}.`,
      })),
    });
  }
  // Files in a document slot carry the slot's label; loose ones (fileIds) are "other documents".
  const labelOf = new Map<string, string>();
  for (const d of input.documents)
    for (const id of d.fileIds) labelOf.set(id, form.documents.find((x) => x.key === d.key)?.label ?? d.key);
  for (const id of input.fileIds ?? []) if (!labelOf.has(id)) labelOf.set(id, "Giấy tờ khác");
  const fileIds = [...labelOf.keys()];
  if (fileIds.length > MAX_FILES) {
    throw new AppError("VALIDATION_FAILED", {
      fields: [{ field: "documents", message: `Mỗi hồ sơ đính kèm tối đa ${MAX_FILES} tệp.` }],
    });
  }
  const invalidFiles = () =>
    new AppError("VALIDATION_FAILED", {
      fields: [
        {
          field: "documents",
          message: "Có tệp đính kèm không hợp lệ hoặc đã được dùng. Vui lòng tải lên lại.",
        },
      ],
    });
  const [files, calendar] = await Promise.all([
    fileIds.length
      ? ctx.pg
          .query<DossierFile>(
            `SELECT * FROM "DossierFile" WHERE id = ANY($1::text[]) AND "ownerCitizenId" = $2 AND "dossierId" IS NULL`,
            [fileIds, input.citizenId],
          )
          .then((r) => r.rows)
      : Promise.resolve([] as DossierFile[]),
    loadCalendar(ctx),
  ]);
  if (files.length !== fileIds.length) throw invalidFiles();

  const receivedAt = input.now ?? new Date();
  const unit = procedure.processingUnit === "calendar_days" ? "calendar_days" : "working_days";
  // The receipt day under the one-stop rules (next working day for a filing on a day off or
  // after hours, holidays.md §3.5): the code carries it, as the receipt does (integrations.md §4:
  // "agency identifier + date of receipt + sequence number").
  const { receiptDate, dueDate } = appointmentFor(calendar, receivedAt, {
    days: procedure.processingDays,
    unit,
  });
  const appointmentAt = dueInstant(dueDate);
  const fees = feeLinesFor(procedure.feeSchedule, {
    copies: input.copies ?? 1,
    exemptGroup: input.exemptGroup ?? null,
  });
  const feeLines: DossierFeeLine[] = fees.map((f) => ({
    id: randomUUID(),
    dossierId: "",
    label: f.label,
    amountVnd: f.amountVnd,
    quantity: f.quantity,
    exempt: f.exempt,
    addedBy: null,
    createdAt: receivedAt,
  }));
  const id = randomUUID();
  const event: DossierEvent = {
    id: randomUUID(),
    dossierId: id,
    fromStatus: null,
    toStatus: "new_registered",
    actorType: "citizen",
    actorId: input.citizenId,
    reason: "Nộp hồ sơ trực tuyến",
    externalEventId: null,
    createdAt: receivedAt,
  };
  const dossier: Dossier = {
    id,
    code: "", // the daily number is taken in the filing statement
    citizenId: input.citizenId,
    procedureId: procedure.id,
    agencyId: agency.id,
    status: "new_registered",
    channel: 2,
    formData,
    applicantName: formData.applicantName ?? "",
    deliveryMethod: input.deliveryMethod,
    deliveryAddress: input.deliveryMethod === "public_post" ? input.deliveryAddress!.trim() : null,
    receivedAt,
    receiptDate: new Date(`${receiptDate}T00:00:00Z`),
    appointmentAt,
    supplementNote: null,
    refusalReason: null,
    resultFileId: null,
    onestopId: null,
    onestopSyncedAt: null,
    ratingScore: null,
    ratingComment: null,
    ratedAt: null,
    feeTotalVnd: fees.filter((f) => !f.exempt).reduce((s, f) => s + f.amountVnd * f.quantity, 0),
    createdAt: receivedAt,
    updatedAt: receivedAt,
  };
  const day = yymmdd(receiptDate);

  // The push to the one-stop system, written into the outbox as enqueueInTx would (same job
  // id, validated payload), but inside the filing statement.
  const push = { dossierId: id };
  pushToOnestopJob.schema.parse(push);
  const pushJobId = jobIdFor(pushToOnestopJob.name, id);
  const filesJson = JSON.stringify(fileIds.map((fid) => ({ id: fid, label: labelOf.get(fid) })));

  // ONE statement, committed on its own: the daily number (gap-free and unique: the increment
  // commits or rolls back with the dossier), the dossier, its first event, fee lines, files,
  // consent, the end of the draft, the push job and the citizen's message. Concurrent filings
  // to one agency queue on its sequence row, so the row is held for this statement only, never
  // across a round trip (bench dossier-submit: lock waits were most of the latency).
  // The files are locked first; if another filing took one meanwhile, nothing is written.
  const notification = notificationCtes(
    { kind: "dossier_status", template: "dossier_received", dedupeKey: `dossier-received:${id}` },
    {
      citizenId: Prisma.sql`${input.citizenId}`,
      params: Prisma.sql`jsonb_build_object('code', d.code, 'procedure', ${procedure.name}::text,
        'agency', ${agency.name}::text, 'appointment', ${dueDate.split("-").reverse().join("/")}::text)`,
      from: Prisma.sql`d`,
    },
  );
  const filing = Prisma.sql`
    WITH files AS (
      SELECT id FROM "DossierFile"
      WHERE id = ANY(${fileIds}::text[]) AND "dossierId" IS NULL AND "ownerCitizenId" = ${input.citizenId}
      FOR UPDATE
    ), s AS (
      INSERT INTO "DossierSequence" ("agencyId", day, "lastSeq")
      SELECT ${agency.id}, ${day}, 1 WHERE (SELECT count(*) FROM files) = ${fileIds.length}
      ON CONFLICT ("agencyId", day) DO UPDATE SET "lastSeq" = "DossierSequence"."lastSeq" + 1
      RETURNING "lastSeq"
    ), d AS (
      INSERT INTO "Dossier" (id, code, "citizenId", "procedureId", "agencyId", status, channel, "formData",
        "applicantName", "deliveryMethod", "deliveryAddress", "receivedAt", "receiptDate", "appointmentAt",
        "feeTotalVnd", "createdAt", "updatedAt")
      SELECT ${id}, ${`${agency.code}-${day}-`} || lpad(s."lastSeq"::text, 4, '0'), ${dossier.citizenId},
        ${dossier.procedureId}, ${dossier.agencyId}, 'new_registered'::"DossierStatus", 2,
        ${JSON.stringify(formData)}::jsonb, ${dossier.applicantName}, ${dossier.deliveryMethod}::"DeliveryMethod",
        ${dossier.deliveryAddress}, ${receivedAt}, ${receiptDate}::date, ${appointmentAt}, ${dossier.feeTotalVnd},
        ${receivedAt}, ${receivedAt}
      FROM s
      RETURNING id, code
    ), ev AS (
      INSERT INTO "DossierEvent" (id, "dossierId", "toStatus", "actorType", "actorId", reason, "createdAt")
      SELECT ${event.id}, d.id, 'new_registered'::"DossierStatus", 'citizen', ${input.citizenId},
             ${event.reason}, ${receivedAt}
      FROM d
    ), fl AS (
      INSERT INTO "DossierFeeLine" (id, "dossierId", label, "amountVnd", quantity, exempt, "createdAt")
      SELECT x.id, d.id, x.label, x."amountVnd", x.quantity, x.exempt, ${receivedAt}
      FROM d, jsonb_to_recordset(${JSON.stringify(feeLines)}::jsonb)
           AS x(id text, label text, "amountVnd" int, quantity int, exempt boolean)
    ), f AS (
      UPDATE "DossierFile" df SET "dossierId" = d.id, label = x.label
      FROM d, jsonb_to_recordset(${filesJson}::jsonb) AS x(id text, label text)
      WHERE df.id = x.id AND df."dossierId" IS NULL AND df."ownerCitizenId" = ${input.citizenId}
    ), c AS (
      INSERT INTO "ConsentRecord" (id, "citizenId", purpose, granted, "textVersion", "createdAt")
      SELECT ${randomUUID()}, ${input.citizenId}, 'dossier_processing'::"ConsentPurpose", true,
             ${input.consentTextVersion}, ${receivedAt}
      FROM d
    ), dr AS (
      DELETE FROM "DossierDraft"
      WHERE "citizenId" = ${input.citizenId} AND "procedureId" = ${procedure.id} AND EXISTS (SELECT 1 FROM d)
    ), ob AS (
      INSERT INTO "OutboxEvent" (queue, "jobName", "jobId", payload)
      SELECT ${pushToOnestopJob.queue}, ${pushToOnestopJob.name}, ${pushJobId}, ${JSON.stringify(push)}::jsonb
      FROM d
      ON CONFLICT ("jobId") DO NOTHING
    ), ${notification}
    SELECT d.code FROM d`;
  const {
    rows: [row],
  } = await ctx.pg.query<{ code: string }>(filing.text, filing.values);
  // Another filing took one of the files between the check above and here.
  if (!row) throw invalidFiles();
  const code = row.code;
  return {
    ...dossier,
    code,
    procedure,
    agency,
    events: [event],
    files: files.map((f) => ({ ...f, dossierId: id, label: labelOf.get(f.id) ?? null })),
    feeLines: feeLines.map((l) => ({ ...l, dossierId: id })),
  };
}
