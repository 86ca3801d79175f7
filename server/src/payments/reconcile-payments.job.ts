import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { defineJob } from "../platform/jobs.js";
import { QUEUES } from "../platform/queues.js";
import { settlePayment } from "./handle-vnpay-ipn.js";
import { applyRefundSuccess, markRefundFailed } from "./refund-payment.js";

/**
 * How long after its expiry a payment VNPay still calls "not completed" (querydr
 * TransactionStatus 01) is given before it is closed as expired: the payment page can no
 * longer be paid, this only leaves room for a bank's late answer.
 */
export const UNFINISHED_GRACE_MS = 30 * 60_000;
/** An unknown refund is asked about once VNPay has had this long to carry it out. */
const REFUND_SETTLE_MS = 60_000;

type Payment = {
  id: string;
  txnRef: string;
  amountVnd: number;
  createDate: string;
  expiresAt: Date;
};

/**
 * Settles one payment still pending after its expiry from VNPay's own record (querydr).
 * Returns what happened. Used by the scheduled reconciliation and before a citizen opens a
 * new payment on a dossier whose previous one never got an IPN.
 */
export async function settleFromQuerydr(
  ctx: AppContext,
  p: Payment,
  now = Date.now(),
): Promise<"paid" | "failed" | "expired" | "still_pending" | "mismatch" | "query_failed"> {
  await ctx.db.payment.update({ where: { id: p.id }, data: { checkedAt: new Date(now) } });
  const r = await ctx.integrations.vnpay.queryTransaction({
    txnRef: p.txnRef,
    transactionDate: p.createDate,
    ipAddr: ctx.config.VNPAY_SERVER_IP,
    orderInfo: `querydr ${p.txnRef}`,
  });
  const close = async (failedStatus: "failed" | "expired", responseCode: string) => {
    await settlePayment(ctx, p.id, {
      paid: false,
      amountVnd: p.amountVnd,
      transactionNo: r.vnp_TransactionNo ?? null,
      bankCode: r.vnp_BankCode ?? null,
      payDate: null,
      responseCode,
      via: "querydr",
      failedStatus,
    });
    return failedStatus;
  };
  // 91: VNPay never saw it (the citizen never reached the payment page before it expired).
  if (r.vnp_ResponseCode === "91") return close("expired", "91");
  if (r.vnp_ResponseCode !== "00") return "query_failed"; // try again next run
  if (Number(r.vnp_Amount) !== p.amountVnd * 100) {
    // VNPay holds another amount for our order: a person must look (kept pending, shown in
    // the reconciliation report, not settled either way).
    await ctx.db.payment.update({
      where: { id: p.id },
      data: {
        reconcileNote: `VNPay báo số tiền ${Number(r.vnp_Amount) / 100} đ, khác số tiền của giao dịch`,
      },
    });
    ctx.logger.error({ txnRef: p.txnRef }, "querydr amount mismatch: left pending for a person");
    return "mismatch";
  }
  const status = r.vnp_TransactionStatus;
  if (status === "01") {
    // Not completed at VNPay. Past the grace after expiry it can no longer be paid.
    if (now - p.expiresAt.getTime() < UNFINISHED_GRACE_MS) return "still_pending";
    return close("expired", "01");
  }
  const paid = status === "00";
  const settled = await settlePayment(ctx, p.id, {
    paid,
    amountVnd: p.amountVnd,
    transactionNo: r.vnp_TransactionNo ?? null,
    bankCode: r.vnp_BankCode ?? null,
    payDate: r.vnp_PayDate ?? null,
    responseCode: status ?? null,
    via: "querydr",
  });
  if (!settled) return "still_pending"; // an IPN settled it meanwhile
  return paid ? "paid" : "failed";
}

/**
 * Payments still pending after their expiry (no IPN came, or every IPN failed) are settled
 * from querydr, the least recently checked first (a payment that cannot be settled never
 * holds the others back). Unknown refunds are settled where querydr can tell. Runs on a
 * schedule; idempotent.
 */
export async function reconcilePendingPayments(
  ctx: AppContext,
  opts: { graceMs?: number; now?: number } = {},
) {
  const now = opts.now ?? Date.now();
  const due = await ctx.db.payment.findMany({
    where: { status: "pending", expiresAt: { lt: new Date(now - (opts.graceMs ?? 60_000)) } },
    take: 200,
    orderBy: [{ checkedAt: { sort: "asc", nulls: "first" } }, { expiresAt: "asc" }],
  });
  let settled = 0;
  for (const p of due) {
    try {
      const outcome = await settleFromQuerydr(ctx, p, now);
      if (outcome === "paid" || outcome === "failed" || outcome === "expired") settled++;
    } catch (err) {
      ctx.logger.warn({ txnRef: p.txnRef, err: (err as Error).message }, "querydr failed");
    }
  }
  const refunds = await settleUnknownRefunds(ctx, now);
  return { checked: due.length, settled, refunds };
}

/**
 * A refund whose answer we never got (timeout) may or may not have happened. querydr tells
 * when it can: the transaction type turns 02/03 once VNPay refunded something, so with no
 * other refund of that payment booked the unknown one succeeded; type 01 means nothing was
 * refunded. With earlier refunds the type cannot say which one it is: those wait for an admin
 * (reconciliation report, "Hoàn tiền chưa rõ kết quả").
 */
async function settleUnknownRefunds(ctx: AppContext, now: number) {
  const unknown = await ctx.db.paymentRefund.findMany({
    where: { status: "unknown", createdAt: { lt: new Date(now - REFUND_SETTLE_MS) } },
    include: { payment: { include: { refunds: { where: { status: "succeeded" } } } } },
    take: 50,
  });
  let settled = 0;
  for (const refund of unknown) {
    try {
      const p = refund.payment;
      const r = await ctx.integrations.vnpay.queryTransaction({
        txnRef: p.txnRef,
        transactionDate: p.createDate,
        ipAddr: ctx.config.VNPAY_SERVER_IP,
        orderInfo: `querydr ${p.txnRef}`,
      });
      if (r.vnp_ResponseCode !== "00") continue;
      const type = r.vnp_TransactionType;
      if (type === "01") {
        if (await markRefundFailed(ctx.db, refund.id, { responseCode: "querydr:01", resolvedBy: "querydr" }))
          settled++;
      } else if ((type === "02" || type === "03") && p.refunds.length === 0) {
        await ctx.db.$transaction((tx) =>
          applyRefundSuccess(tx, refund.id, {
            responseCode: `querydr:${type}`,
            actorId: null,
            resolvedBy: "querydr",
          }),
        );
        settled++;
      }
    } catch (err) {
      ctx.logger.warn({ refundId: refund.id, err: (err as Error).message }, "querydr for a refund failed");
    }
  }
  return settled;
}

export const reconcilePaymentsJob = defineJob({
  name: "payments.reconcile",
  queue: QUEUES.payments,
  schema: z.object({ at: z.string().optional() }),
  attempts: 1,
  deadLetter: false,
  handler: async (_p, ctx) => {
    await reconcilePendingPayments(ctx);
    return "done";
  },
});
