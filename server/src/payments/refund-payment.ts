import { randomBytes } from "node:crypto";
import type { AppContext } from "../platform/context.js";
import { AppError, conflict, forbidden, notFound } from "../platform/errors.js";
import { UpstreamError } from "../integrations/http.js";
import { recordAudit } from "../staff/record-audit.js";
import type { StaffPrincipal } from "../platform/request-context.js";
import { formatVnd } from "./vnd-in-words.js";

/**
 * A full or partial refund through VNPay's refund API, by an admin or a clerk of the
 * dossier's agency, with the reason recorded and shown on the dossier.
 */
export async function refundPayment(
  ctx: AppContext,
  input: { txnRef: string; amountVnd: number; reason: string; staff: StaffPrincipal; ip?: string },
) {
  const p = await ctx.db.payment.findUnique({ where: { txnRef: input.txnRef }, include: { dossier: true } });
  if (!p) throw notFound("payment");
  if (input.staff.role !== "admin" && input.staff.agencyId !== p.dossier.agencyId)
    throw forbidden("other agency");
  if (p.status !== "paid" && p.status !== "partially_refunded") {
    throw conflict("not refundable", "Chỉ hoàn tiền được cho giao dịch đã thanh toán.");
  }
  const remaining = p.amountVnd - p.refundedVnd;
  if (input.amountVnd > remaining) {
    throw new AppError("VALIDATION_FAILED", {
      fields: [{ field: "amountVnd", message: `Số tiền hoàn tối đa là ${formatVnd(remaining)}.` }],
    });
  }
  const requestId = randomBytes(16).toString("hex");
  const refund = await ctx.db.paymentRefund.create({
    data: {
      paymentId: p.id,
      amountVnd: input.amountVnd,
      reason: input.reason,
      staffId: input.staff.id,
      requestId,
      status: "requested",
    },
  });
  let code: string;
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
    code = r.vnp_ResponseCode ?? "99";
  } catch (err) {
    await ctx.db.paymentRefund.update({
      where: { id: refund.id },
      data: { status: "failed", responseCode: "error" },
    });
    throw new AppError("UPSTREAM_FAILED", {
      message: `refund: ${(err as UpstreamError).message}`,
      cause: err,
    });
  }
  const ok = code === "00";
  await ctx.db.$transaction(async (tx) => {
    await tx.paymentRefund.update({
      where: { id: refund.id },
      data: { status: ok ? "succeeded" : "failed", responseCode: code },
    });
    if (!ok) return;
    const refunded = p.refundedVnd + input.amountVnd;
    await tx.payment.update({
      where: { id: p.id },
      data: { refundedVnd: refunded, status: refunded >= p.amountVnd ? "refunded" : "partially_refunded" },
    });
    await tx.dossierEvent.create({
      data: {
        dossierId: p.dossierId,
        fromStatus: p.dossier.status,
        toStatus: p.dossier.status,
        actorType: "staff",
        actorId: input.staff.id,
        reason: `Hoàn ${formatVnd(input.amountVnd)}: ${input.reason}`,
      },
    });
  });
  await recordAudit(ctx, {
    staffId: input.staff.id,
    action: "payment.refund",
    target: p.txnRef,
    detail: { amountVnd: input.amountVnd, responseCode: code },
    ...(input.ip ? { ip: input.ip } : {}),
  });
  if (!ok) throw conflict(`VNPay refused the refund (${code})`, `VNPay từ chối hoàn tiền (mã ${code}).`);
  return { refundedVnd: p.refundedVnd + input.amountVnd };
}
