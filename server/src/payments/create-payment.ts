import { randomBytes } from "node:crypto";
import type { AppContext } from "../platform/context.js";
import { conflict, notFound } from "../platform/errors.js";
import { vnpTimestamp } from "../integrations/vnpay/vnpay-client.js";

const EXPIRY_MINUTES = 15;

/** Amount still owed on a dossier: its fee lines (exemptions excluded) less what was paid. */
export async function amountDue(ctx: AppContext, dossierId: string): Promise<number> {
  const [lines, paid] = await Promise.all([
    ctx.db.dossierFeeLine.findMany({ where: { dossierId, exempt: false } }),
    ctx.db.payment.aggregate({
      where: { dossierId, status: { in: ["paid", "partially_refunded"] } },
      _sum: { amountVnd: true },
    }),
  ]);
  const total = lines.reduce((s, l) => s + l.amountVnd * l.quantity, 0);
  return Math.max(0, total - (paid._sum.amountVnd ?? 0));
}

/**
 * Starts a VNPay payment for what a citizen owes on their own dossier: integer VND, a
 * TxnRef unique (forever, so unique per day), create/expiry dates in Asia/Ho_Chi_Minh,
 * ASCII order info. A still-valid pending payment is reused instead of opening a second.
 */
export async function createPayment(
  ctx: AppContext,
  input: { citizenId: string; dossierCode: string; ipAddr: string; locale: "vn" | "en"; returnUrl: string },
) {
  const dossier = await ctx.db.dossier.findUnique({ where: { code: input.dossierCode } });
  if (!dossier || dossier.citizenId !== input.citizenId) throw notFound("dossier");
  const due = await amountDue(ctx, dossier.id);
  if (due <= 0) throw conflict("nothing to pay", "Hồ sơ này không còn khoản phí nào cần nộp.");
  const now = new Date();
  const open = await ctx.db.payment.findFirst({
    where: {
      dossierId: dossier.id,
      status: "pending",
      amountVnd: due,
      expiresAt: { gt: new Date(now.getTime() + 60_000) },
    },
  });
  const payment =
    open ??
    (await ctx.db.payment.create({
      data: {
        txnRef: `LC${vnpTimestamp(now).slice(2, 8)}${randomBytes(5).toString("hex").toUpperCase()}`,
        dossierId: dossier.id,
        citizenId: input.citizenId,
        amountVnd: due,
        // ASCII only: VNPay rejects diacritics and special characters here.
        orderInfo: `Nop phi le phi ho so ${dossier.code}`.replace(/[^A-Za-z0-9 .-]/g, ""),
        createDate: vnpTimestamp(now),
        expireDate: vnpTimestamp(new Date(now.getTime() + EXPIRY_MINUTES * 60_000)),
        expiresAt: new Date(now.getTime() + EXPIRY_MINUTES * 60_000),
      },
    }));
  const payUrl = ctx.integrations.vnpay.paymentUrl({
    txnRef: payment.txnRef,
    amountVnd: payment.amountVnd,
    orderInfo: payment.orderInfo,
    createDate: payment.createDate,
    expireDate: payment.expireDate,
    returnUrl: input.returnUrl,
    ipAddr: input.ipAddr,
    locale: input.locale,
  });
  return { payment, payUrl };
}
