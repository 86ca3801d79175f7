import type { AppContext } from "../platform/context.js";
import { notifyCitizen } from "../notifications/notify-citizen.js";
import { formatVnd } from "./vnd-in-words.js";

// VNPay IPN answers (integrations.md §3). 00 and 02 end VNPay's retries; any other answer
// or a timeout makes it retry (up to 10 times, 5 minutes apart).
export const IPN_ANSWERS = {
  ok: { RspCode: "00", Message: "Confirm Success" },
  notFound: { RspCode: "01", Message: "Order not found" },
  alreadyConfirmed: { RspCode: "02", Message: "Order already confirmed" },
  invalidAmount: { RspCode: "04", Message: "Invalid amount" },
  invalidSignature: { RspCode: "97", Message: "Invalid signature" },
  unknown: { RspCode: "99", Message: "Unknown error" },
} as const;

export type IpnAnswer = (typeof IPN_ANSWERS)[keyof typeof IPN_ANSWERS];

/**
 * The IPN, in VNPay's order: checksum → order exists → amount → still pending. The state
 * change is one conditional UPDATE (… WHERE status = 'pending'), so of fifty concurrent
 * copies exactly one changes anything; the others read "already confirmed". The result is
 * committed before we answer 00. Every IPN is stored raw, whatever its fate.
 */
export async function handleVnpayIpn(ctx: AppContext, rawQuery: string): Promise<IpnAnswer> {
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQuery)) params[k] = v;
  const txnRef = params.vnp_TxnRef?.slice(0, 64) ?? null;
  let answer: IpnAnswer = IPN_ANSWERS.unknown;
  let changed = false;
  let paymentId: string | null = null;
  try {
    if (!ctx.integrations.vnpay.verifyCallback(params)) {
      answer = IPN_ANSWERS.invalidSignature;
      return answer;
    }
    const payment = txnRef ? await ctx.db.payment.findUnique({ where: { txnRef } }) : null;
    if (!payment) {
      answer = IPN_ANSWERS.notFound;
      return answer;
    }
    paymentId = payment.id;
    const amount = params.vnp_Amount ?? "";
    if (!/^\d{1,15}$/.test(amount) || Number(amount) !== payment.amountVnd * 100) {
      answer = IPN_ANSWERS.invalidAmount;
      return answer;
    }
    if (payment.status !== "pending") {
      answer = IPN_ANSWERS.alreadyConfirmed;
      return answer;
    }
    // Paid only when both codes are 00 (the vnpay package checks only the first).
    const paid = params.vnp_ResponseCode === "00" && params.vnp_TransactionStatus === "00";
    changed = await settlePayment(ctx, payment.id, {
      paid,
      transactionNo: params.vnp_TransactionNo ?? null,
      bankCode: params.vnp_BankCode ?? null,
      payDate: params.vnp_PayDate ?? null,
      responseCode: params.vnp_ResponseCode ?? null,
      via: "ipn",
    });
    answer = changed ? IPN_ANSWERS.ok : IPN_ANSWERS.alreadyConfirmed;
    return answer;
  } catch (err) {
    ctx.logger.error({ err: (err as Error).message, txnRef }, "IPN handling failed");
    answer = IPN_ANSWERS.unknown;
    return answer;
  } finally {
    await ctx.db.paymentIpn
      .create({
        data: { paymentId, txnRef, rawQuery: rawQuery.slice(0, 4000), answer: answer.RspCode, changed },
      })
      .catch((e) => ctx.logger.error({ err: (e as Error).message }, "could not store raw IPN"));
    if (answer.RspCode !== "00" && answer.RspCode !== "02") {
      ctx.logger.warn({ txnRef, answer: answer.RspCode }, "IPN refused");
    }
  }
}

/**
 * Moves a pending payment to paid or failed, once. Used by the IPN and by reconciliation.
 * Returns whether this call made the change.
 */
export async function settlePayment(
  ctx: AppContext,
  paymentId: string,
  r: {
    paid: boolean;
    transactionNo: string | null;
    bankCode: string | null;
    payDate: string | null;
    responseCode: string | null;
    via: "ipn" | "querydr";
  },
): Promise<boolean> {
  return ctx.db.$transaction(async (tx) => {
    const updated = await tx.payment.updateMany({
      where: { id: paymentId, status: "pending" },
      data: {
        status: r.paid ? "paid" : "failed",
        vnpTransactionNo: r.transactionNo,
        vnpBankCode: r.bankCode,
        vnpPayDate: r.payDate,
        vnpResponseCode: r.responseCode,
        ...(r.paid ? { paidAt: new Date() } : {}),
      },
    });
    if (updated.count === 0) return false;
    // Numbered only after winning the change, so losers never burn a receipt number.
    if (r.paid)
      await tx.payment.update({ where: { id: paymentId }, data: { receiptNo: await nextReceiptNo(tx) } });
    const p = await tx.payment.findUniqueOrThrow({ where: { id: paymentId }, include: { dossier: true } });
    if (r.paid) {
      // The dossier moves on once its financial obligation is met.
      if (p.dossier.status === "financial_obligation") {
        await tx.dossier.update({ where: { id: p.dossierId }, data: { status: "processing" } });
        await tx.dossierEvent.create({
          data: {
            dossierId: p.dossierId,
            fromStatus: "financial_obligation",
            toStatus: "processing",
            actorType: "system",
            reason: `Đã nộp ${formatVnd(p.amountVnd)} qua VNPay (mã giao dịch ${r.transactionNo ?? ""})`,
          },
        });
      }
      await notifyCitizen(tx, {
        citizenId: p.citizenId,
        kind: "payment",
        dedupeKey: `payment-paid:${p.id}`,
        params: {
          amount: formatVnd(p.amountVnd),
          code: p.dossier.code,
          receiptUrl: `${ctx.config.PUBLIC_BASE_URL ?? `http://localhost:${ctx.config.PORT}`}/miniapp/#/payments/${p.txnRef}`,
        },
      });
    }
    return true;
  });
}

async function nextReceiptNo(
  tx: Parameters<Parameters<AppContext["db"]["$transaction"]>[0]>[0],
): Promise<string> {
  // Receipt numbers per year, gap-free within committed payments: a sequence row per year.
  const year = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
  const rows = await tx.$queryRaw<{ lastSeq: number }[]>`
    INSERT INTO "DossierSequence" ("agencyId", day, "lastSeq")
    SELECT id, ${`receipt-${year}`}, 1 FROM "Agency" WHERE code = 'H38'
    ON CONFLICT ("agencyId", day) DO UPDATE SET "lastSeq" = "DossierSequence"."lastSeq" + 1
    RETURNING "lastSeq"`;
  return `BL${year}-${String(rows[0]?.lastSeq ?? 0).padStart(6, "0")}`;
}
