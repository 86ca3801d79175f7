import { randomBytes } from "node:crypto";
import type { AppContext } from "../platform/context.js";
import type { Db, Tx } from "../platform/db.js";
import { AppError, conflict, forbidden, notFound } from "../platform/errors.js";
import { UpstreamError } from "../integrations/http.js";
import { recordAudit } from "../staff/record-audit.js";
import type { StaffPrincipal } from "../platform/request-context.js";
import { formatVnd } from "./vnd-in-words.js";

export type RefundOutcome = "succeeded" | "unknown";

/**
 * A full or partial refund through VNPay's refund API, by an admin or a clerk of the
 * dossier's agency, with the reason recorded and shown on the dossier.
 *
 * Money never goes out twice: the amount is reserved (a `requested` row, under the
 * payment's row lock) before VNPay is called, so two clerks refunding at once cannot pass
 * the "remaining" check together. When VNPay gives no answer we can trust (a timeout, a
 * 5xx, a bad checksum) the refund may still have happened: it becomes `unknown`, keeps its
 * reservation and blocks further refunds of that payment until reconciliation (querydr) or
 * an admin who checked VNPay's merchant portal settles it. A retry never sends a second
 * request for the same money.
 */
export async function refundPayment(
  ctx: AppContext,
  input: { txnRef: string; amountVnd: number; reason: string; staff: StaffPrincipal; ip?: string },
): Promise<{ status: RefundOutcome; refundedVnd: number }> {
  const requestId = randomBytes(16).toString("hex");
  const { p, refund } = await ctx.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Payment" WHERE "txnRef" = ${input.txnRef} FOR UPDATE`;
    const p = await tx.payment.findUnique({
      where: { txnRef: input.txnRef },
      include: { dossier: true, refunds: { where: { status: { in: ["requested", "unknown"] } } } },
    });
    if (!p) throw notFound("payment");
    if (input.staff.role !== "admin" && input.staff.agencyId !== p.dossier.agencyId)
      throw forbidden("other agency");
    if (p.status !== "paid" && p.status !== "partially_refunded") {
      throw conflict("not refundable", "Chỉ hoàn tiền được cho giao dịch đã thanh toán.");
    }
    if (p.refunds.some((r) => r.status === "unknown")) {
      throw conflict(
        "an earlier refund's outcome is unknown",
        "Một lệnh hoàn tiền trước của giao dịch này chưa rõ kết quả từ VNPay. Hệ thống đang đối soát; vui lòng chờ kết quả trước khi hoàn thêm.",
      );
    }
    const reserved = p.refunds.reduce((s, r) => s + r.amountVnd, 0);
    const remaining = p.amountVnd - p.refundedVnd - reserved;
    if (input.amountVnd > remaining) {
      throw new AppError("VALIDATION_FAILED", {
        fields: [
          { field: "amountVnd", message: `Số tiền hoàn tối đa là ${formatVnd(Math.max(0, remaining))}.` },
        ],
      });
    }
    const refund = await tx.paymentRefund.create({
      data: {
        paymentId: p.id,
        amountVnd: input.amountVnd,
        reason: input.reason,
        staffId: input.staff.id,
        requestId,
        status: "requested",
      },
    });
    return { p, refund };
  });

  let code: string | null = null;
  try {
    const r = await ctx.integrations.vnpay.refund({
      requestId,
      txnRef: p.txnRef,
      amountVnd: input.amountVnd,
      full: input.amountVnd === p.amountVnd,
      transactionNo: p.vnpTransactionNo ?? "",
      transactionDate: p.createDate,
      createBy: input.staff.username,
      ipAddr: (input.ip ?? "127.0.0.1").replace(/^::ffff:/, ""),
      orderInfo: `Hoan tien ${p.txnRef}`,
    });
    code = r.vnp_ResponseCode ?? null;
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    ctx.logger.warn({ txnRef: p.txnRef, err: err.message }, "refund outcome unknown");
  }
  const audit = (responseCode: string) =>
    recordAudit(ctx, {
      staffId: input.staff.id,
      action: "payment.refund",
      target: p.txnRef,
      detail: { amountVnd: input.amountVnd, responseCode },
      ...(input.ip ? { ip: input.ip } : {}),
    });
  if (code === null) {
    await ctx.db.paymentRefund.update({ where: { id: refund.id }, data: { status: "unknown" } });
    await audit("unknown");
    return { status: "unknown", refundedVnd: p.refundedVnd };
  }
  if (code !== "00") {
    await ctx.db.paymentRefund.update({
      where: { id: refund.id },
      data: { status: "failed", responseCode: code },
    });
    await audit(code);
    throw conflict(`VNPay refused the refund (${code})`, `VNPay từ chối hoàn tiền (mã ${code}).`);
  }
  const refundedVnd = await ctx.db.$transaction((tx) =>
    applyRefundSuccess(tx, refund.id, { responseCode: code, actorId: input.staff.id }),
  );
  await audit(code);
  return { status: "succeeded", refundedVnd };
}

/**
 * Books a refund VNPay carried out: the payment's refunded total grows by the refund's
 * amount (in SQL, never from a stale read), its status follows, the dossier shows it.
 * A refund already settled is left alone. Returns the payment's refunded total.
 */
export async function applyRefundSuccess(
  tx: Tx,
  refundId: string,
  r: { responseCode: string; actorId: string | null; resolvedBy?: string; note?: string },
): Promise<number> {
  const moved = await tx.paymentRefund.updateMany({
    where: { id: refundId, status: { in: ["requested", "unknown"] } },
    data: {
      status: "succeeded",
      responseCode: r.responseCode,
      ...(r.resolvedBy
        ? { resolvedAt: new Date(), resolvedBy: r.resolvedBy, resolvedNote: r.note ?? null }
        : {}),
    },
  });
  const refund = await tx.paymentRefund.findUniqueOrThrow({
    where: { id: refundId },
    include: { payment: { include: { dossier: true } } },
  });
  if (moved.count === 0) return refund.payment.refundedVnd;
  const [row] = await tx.$queryRaw<{ refundedVnd: number }[]>`
    UPDATE "Payment"
    SET "refundedVnd" = "refundedVnd" + ${refund.amountVnd},
        status = CASE WHEN "refundedVnd" + ${refund.amountVnd} >= "amountVnd"
                      THEN 'refunded'::"PaymentStatus" ELSE 'partially_refunded'::"PaymentStatus" END,
        "updatedAt" = now()
    WHERE id = ${refund.paymentId}
    RETURNING "refundedVnd"`;
  const d = refund.payment.dossier;
  await tx.dossierEvent.create({
    data: {
      dossierId: d.id,
      fromStatus: d.status,
      toStatus: d.status,
      actorType: r.actorId ? "staff" : "system",
      actorId: r.actorId,
      reason: `Hoàn ${formatVnd(refund.amountVnd)}: ${refund.reason}`,
    },
  });
  return row?.refundedVnd ?? refund.payment.refundedVnd;
}

/** Ends an unknown refund as not done: its reservation is released. */
export async function markRefundFailed(
  db: Db | Tx,
  refundId: string,
  r: { responseCode: string; resolvedBy: string; note?: string },
): Promise<boolean> {
  const moved = await db.paymentRefund.updateMany({
    where: { id: refundId, status: "unknown" },
    data: {
      status: "failed",
      responseCode: r.responseCode,
      resolvedAt: new Date(),
      resolvedBy: r.resolvedBy,
      resolvedNote: r.note ?? null,
    },
  });
  return moved.count > 0;
}

/**
 * An admin settles an unknown refund after checking VNPay's merchant portal (the case
 * querydr cannot decide: a payment with earlier partial refunds).
 */
export async function resolveUnknownRefund(
  ctx: AppContext,
  input: { refundId: string; outcome: "succeeded" | "failed"; note: string; staff: StaffPrincipal },
) {
  const refund = await ctx.db.paymentRefund.findUnique({ where: { id: input.refundId } });
  if (!refund) throw notFound("refund");
  if (refund.status !== "unknown")
    throw conflict("refund already settled", "Lệnh hoàn tiền này đã có kết quả.");
  if (input.outcome === "succeeded") {
    await ctx.db.$transaction((tx) =>
      applyRefundSuccess(tx, refund.id, {
        responseCode: "manual",
        actorId: input.staff.id,
        resolvedBy: input.staff.id,
        note: input.note,
      }),
    );
  } else {
    await markRefundFailed(ctx.db, refund.id, {
      responseCode: "manual",
      resolvedBy: input.staff.id,
      note: input.note,
    });
  }
  await recordAudit(ctx, {
    staffId: input.staff.id,
    action: "payment.refund_resolved",
    target: refund.requestId,
    detail: { outcome: input.outcome },
  });
  return { status: input.outcome };
}
