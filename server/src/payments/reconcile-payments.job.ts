import { z } from "zod";
import type { AppContext } from "../platform/context.js";
import { defineJob } from "../platform/jobs.js";
import { QUEUES } from "../platform/queues.js";
import { settlePayment } from "./handle-vnpay-ipn.js";

/**
 * Payments still pending after their expiry (no IPN came, or every IPN failed) are settled
 * from VNPay's own record (querydr). Runs on a schedule; idempotent.
 */
export async function reconcilePendingPayments(ctx: AppContext, opts: { graceMs?: number } = {}) {
  const due = await ctx.db.payment.findMany({
    where: { status: "pending", expiresAt: { lt: new Date(Date.now() - (opts.graceMs ?? 60_000)) } },
    take: 200,
    orderBy: { expiresAt: "asc" },
  });
  let settled = 0;
  for (const p of due) {
    try {
      const r = await ctx.integrations.vnpay.queryTransaction({
        txnRef: p.txnRef,
        transactionDate: p.createDate,
        ipAddr: "127.0.0.1",
        orderInfo: `querydr ${p.txnRef}`,
      });
      if (r.vnp_ResponseCode === "91") {
        // VNPay never saw it: the citizen never reached the payment page before it expired.
        if (
          await settlePayment(ctx, p.id, {
            paid: false,
            transactionNo: null,
            bankCode: null,
            payDate: null,
            responseCode: "91",
            via: "querydr",
          })
        ) {
          await ctx.db.payment.update({ where: { id: p.id }, data: { status: "expired" } });
          settled++;
        }
        continue;
      }
      if (r.vnp_ResponseCode !== "00") continue; // query failed: try again next run
      if (Number(r.vnp_Amount) !== p.amountVnd * 100) {
        ctx.logger.error(
          { txnRef: p.txnRef },
          "querydr amount mismatch: left pending for the reconciliation report",
        );
        continue;
      }
      const status = r.vnp_TransactionStatus;
      if (status === "01") continue; // still processing at VNPay
      const ok = await settlePayment(ctx, p.id, {
        paid: status === "00",
        transactionNo: r.vnp_TransactionNo ?? null,
        bankCode: r.vnp_BankCode ?? null,
        payDate: r.vnp_PayDate ?? null,
        responseCode: status ?? null,
        via: "querydr",
      });
      if (ok) settled++;
    } catch (err) {
      ctx.logger.warn({ txnRef: p.txnRef, err: (err as Error).message }, "querydr failed");
    }
  }
  return { checked: due.length, settled };
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
