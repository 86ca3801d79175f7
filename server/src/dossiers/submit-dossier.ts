import { randomUUID } from "node:crypto";
import type { AppContext } from "../platform/context.js";
import { AppError, notFound } from "../platform/errors.js";
import { enqueueInTx } from "../platform/outbox.js";
import { notifyCitizen } from "../notifications/notify-citizen.js";
import { appointmentFor, dueInstant } from "../calendar/working-days.js";
import { formSchema } from "../procedures/procedure.schema.js";
import { feeLinesFor } from "../payments/fee-lines.js";
import { loadCalendar } from "./calendar-store.js";
import { pushToOnestopJob } from "./push-to-onestop.job.js";
import { validateForm } from "./validate-form.js";

export interface SubmitInput {
  citizenId: string;
  procedureCode: string;
  formData: Record<string, unknown>;
  documents: { key: string; fileIds: string[] }[];
  deliveryMethod: "at_centre" | "public_post";
  deliveryAddress?: string | undefined;
  communeCode?: string | undefined;
  copies?: number | undefined;
  consentTextVersion: string;
}

const yymmdd = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(2, 10).replace(/-/g, "");

/** Which agency receives it: the procedure's own department, or the chosen commune's committee. */
async function receivingAgency(
  ctx: AppContext,
  p: { agencyId: string | null; agencyKind: string },
  communeCode?: string,
) {
  if (p.agencyId) return ctx.db.agency.findUniqueOrThrow({ where: { id: p.agencyId } });
  if (p.agencyKind === "commune_committee") {
    const a = communeCode
      ? await ctx.db.agency.findFirst({ where: { unitCode: communeCode, kind: "commune_committee" } })
      : null;
    if (!a) {
      throw new AppError("VALIDATION_FAILED", {
        fields: [{ field: "communeCode", message: "Vui lòng chọn xã, phường nơi nộp hồ sơ." }],
      });
    }
    return a;
  }
  return ctx.db.agency.findUniqueOrThrow({ where: { code: "H38" } });
}

/**
 * Accepts a dossier. One transaction creates the dossier, links its files, its fee lines,
 * its first event, the job that pushes it to the one-stop system and the citizen's message;
 * the code's daily sequence is incremented in the same transaction, so codes are unique and
 * gap-free under concurrent submissions (a rolled-back submission gives its number back).
 */
export async function submitDossier(ctx: AppContext, input: SubmitInput) {
  const procedure = await ctx.db.procedure.findUnique({ where: { nationalCode: input.procedureCode } });
  if (!procedure || !procedure.active) throw notFound("procedure");
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
  const fileIds = [...new Set(input.documents.flatMap((d) => d.fileIds))];
  const files = await ctx.db.dossierFile.findMany({
    where: { id: { in: fileIds }, ownerCitizenId: input.citizenId, dossierId: null },
  });
  if (files.length !== fileIds.length) {
    throw new AppError("VALIDATION_FAILED", {
      fields: [
        {
          field: "documents",
          message: "Có tệp đính kèm không hợp lệ hoặc đã được dùng. Vui lòng tải lên lại.",
        },
      ],
    });
  }
  const agency = await receivingAgency(ctx, procedure, input.communeCode);
  const receivedAt = new Date();
  const calendar = await loadCalendar(ctx);
  const unit = procedure.processingUnit === "calendar_days" ? "calendar_days" : "working_days";
  const { dueDate } = appointmentFor(calendar, receivedAt, { days: procedure.processingDays, unit });
  const appointmentAt = dueInstant(dueDate);
  const fees = feeLinesFor(procedure.feeSchedule, { copies: input.copies ?? 1 });
  const labelOf = new Map(
    input.documents.flatMap((d) =>
      d.fileIds.map((id) => [id, form.documents.find((x) => x.key === d.key)?.label ?? d.key]),
    ),
  );

  const dossier = await ctx.db.$transaction(async (tx) => {
    const day = yymmdd(receivedAt);
    const d = await tx.dossier.create({
      data: {
        // A placeholder until the daily number is taken at the very end of the transaction:
        // the per-agency sequence row stays locked only for the last statements.
        code: `pending-${randomUUID()}`,
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
        appointmentAt,
        feeTotalVnd: fees.filter((f) => !f.exempt).reduce((s, f) => s + f.amountVnd * f.quantity, 0),
        feeLines: {
          create: fees.map((f) => ({
            label: f.label,
            amountVnd: f.amountVnd,
            quantity: f.quantity,
            exempt: f.exempt,
          })),
        },
        events: {
          create: {
            toStatus: "new_registered",
            actorType: "citizen",
            actorId: input.citizenId,
            reason: "Nộp hồ sơ trực tuyến",
          },
        },
      },
    });
    for (const f of files) {
      const claimed = await tx.dossierFile.updateMany({
        where: { id: f.id, dossierId: null },
        data: { dossierId: d.id, label: labelOf.get(f.id) ?? null },
      });
      if (claimed.count !== 1) throw new AppError("CONFLICT", { message: "file already used" });
    }
    await tx.consentRecord.create({
      data: {
        citizenId: input.citizenId,
        purpose: "dossier_processing",
        granted: true,
        textVersion: input.consentTextVersion,
      },
    });
    await tx.dossierDraft.deleteMany({ where: { citizenId: input.citizenId, procedureId: procedure.id } });
    await enqueueInTx(tx, pushToOnestopJob, { dossierId: d.id }, { entityId: d.id });
    // Gap-free and unique: the increment commits or rolls back with the dossier.
    const [{ code } = { code: "" }] = await tx.$queryRaw<{ code: string }[]>`
      WITH s AS (
        INSERT INTO "DossierSequence" ("agencyId", day, "lastSeq") VALUES (${agency.id}, ${day}, 1)
        ON CONFLICT ("agencyId", day) DO UPDATE SET "lastSeq" = "DossierSequence"."lastSeq" + 1
        RETURNING "lastSeq"
      )
      UPDATE "Dossier" SET code = ${`${agency.code}-${day}-`} || lpad(s."lastSeq"::text, 4, '0')
      FROM s WHERE id = ${d.id}
      RETURNING code`;
    await notifyCitizen(tx, {
      citizenId: input.citizenId,
      kind: "dossier_status",
      template: "dossier_received",
      dedupeKey: `dossier-received:${d.id}`,
      params: {
        code,
        procedure: procedure.name,
        agency: agency.name,
        appointment: dueDate.split("-").reverse().join("/"),
      },
    });
    return { ...d, code };
  });
  return dossier;
}
