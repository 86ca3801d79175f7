import type { AppContext } from "../platform/context.js";
import { AppError, conflict, notFound } from "../platform/errors.js";
import { enqueueInTx } from "../platform/outbox.js";
import { pushStatusToOnestopJob } from "../dossiers/push-to-onestop.job.js";
import type { StaffPrincipal } from "../platform/request-context.js";
import { notifyCitizen } from "../notifications/notify-citizen.js";
import { recordAudit } from "../staff/record-audit.js";
import { formatVnd } from "./vnd-in-words.js";

/** Statuses from which a clerk may ask for a financial obligation (one-stop status 6). */
const FROM = new Set(["received", "processing"]);
/** A fee found during handling is at most this much (amounts are 32-bit integers of VND). */
const MAX_OBLIGATION_VND = 1_000_000_000;

/**
 * A clerk adds a fee found during handling (one-stop status 6, "yêu cầu thực hiện nghĩa vụ
 * tài chính"): fee lines, the status, an event and the citizen's notification commit
 * together. Paying it (IPN) moves the dossier back to processing.
 */
export async function addFinancialObligation(
  ctx: AppContext,
  input: {
    dossierCode: string;
    staff: StaffPrincipal;
    lines: { label: string; amountVnd: number; quantity: number }[];
    note: string;
  },
) {
  const d = await ctx.db.dossier.findUnique({ where: { code: input.dossierCode } });
  // Another agency's dossier does not exist for this clerk.
  if (!d || (input.staff.role !== "admin" && d.agencyId !== input.staff.agencyId)) throw notFound("dossier");
  if (!FROM.has(d.status)) {
    throw conflict(
      `cannot request payment in status ${d.status}`,
      "Không thể yêu cầu nộp phí ở trạng thái hiện tại của hồ sơ.",
    );
  }
  const total = input.lines.reduce((s, l) => s + l.amountVnd * l.quantity, 0);
  if (total > MAX_OBLIGATION_VND) {
    throw new AppError("VALIDATION_FAILED", {
      fields: [{ field: "lines", message: `Tổng số tiền không được quá ${formatVnd(MAX_OBLIGATION_VND)}.` }],
    });
  }
  await ctx.db.$transaction(async (tx) => {
    await tx.dossierFeeLine.createMany({
      data: input.lines.map((l) => ({
        dossierId: d.id,
        label: l.label,
        amountVnd: l.amountVnd,
        quantity: l.quantity,
        addedBy: input.staff.id,
      })),
    });
    const moved = await tx.dossier.updateMany({
      where: { id: d.id, status: d.status },
      data: { status: "financial_obligation", feeTotalVnd: { increment: total } },
    });
    if (moved.count === 0)
      throw conflict("dossier changed meanwhile", "Hồ sơ vừa được cập nhật, vui lòng tải lại.");
    const event = await tx.dossierEvent.create({
      data: {
        dossierId: d.id,
        fromStatus: d.status,
        toStatus: "financial_obligation",
        actorType: "staff",
        actorId: input.staff.id,
        reason: `${input.note} — cần nộp ${formatVnd(total)}`,
      },
    });
    // The one-stop system is the province's record: it hears of status 6 too.
    await enqueueInTx(tx, pushStatusToOnestopJob, { eventId: event.id }, { entityId: event.id });
    await notifyCitizen(tx, {
      citizenId: d.citizenId,
      kind: "dossier_status",
      dedupeKey: `dossier-event:${event.id}`,
      params: {
        code: d.code,
        statusText: "cần nộp phí, lệ phí",
        note: `Số tiền: ${formatVnd(total)}. Vui lòng thanh toán trong mục Thanh toán của ứng dụng.`,
      },
    });
  });
  await recordAudit(ctx, {
    staffId: input.staff.id,
    action: "dossier.financial_obligation",
    target: d.code,
    detail: { total },
  });
  return { dossierCode: d.code, status: "financial_obligation" as const, addedVnd: total };
}
