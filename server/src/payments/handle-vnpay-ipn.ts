import { randomUUID } from "node:crypto";
import type { AppContext } from "../platform/context.js";
import { inPgTransaction, Prisma, type PgTx } from "../platform/db.js";
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
    // Hot path on the pg pool: most IPNs are duplicates, retries or junk, and the Prisma
    // client's query compiler was half the CPU of this endpoint (bench vnpay-ipn).
    const found = txnRef
      ? await ctx.pg.query<{ id: string; amountVnd: number; status: string }>(
          `SELECT id, "amountVnd", status FROM "Payment" WHERE "txnRef" = $1`,
          [txnRef],
        )
      : null;
    const payment = found?.rows[0];
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
    await ctx.pg
      .query(
        `INSERT INTO "PaymentIpn" (id, "paymentId", "txnRef", "rawQuery", answer, changed)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [randomUUID(), paymentId, txnRef, rawQuery.slice(0, 4000), answer.RspCode, changed],
      )
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
  const status = r.paid ? "paid" : "failed";
  // On a pg connection: the IPN is the hot path (bench vnpay-ipn).
  return inPgTransaction(ctx.pg, async (tx) => {
    // The conditional update is the whole race guard: of concurrent settlers, one row count.
    const update = Prisma.sql`
      UPDATE "Payment" p
      SET status = ${status}::"PaymentStatus", "vnpTransactionNo" = ${r.transactionNo}, "vnpBankCode" = ${r.bankCode},
          "vnpPayDate" = ${r.payDate}, "vnpResponseCode" = ${r.responseCode},
          "paidAt" = CASE WHEN ${r.paid} THEN now() ELSE NULL END, "updatedAt" = now()
      FROM "Dossier" d
      WHERE p.id = ${paymentId} AND p.status = 'pending' AND d.id = p."dossierId"
      RETURNING p."citizenId", p."amountVnd", p."txnRef", p."dossierId", d.code, d.status::text AS "dossierStatus"`;
    const {
      rows: [p],
    } = await tx.query<{
      citizenId: string;
      amountVnd: number;
      txnRef: string;
      dossierId: string;
      code: string;
      dossierStatus: string;
    }>(update.text, update.values);
    if (!p) return false;
    if (!r.paid) return true;
    // Numbered only after winning the change, so losers never burn a receipt number.
    await assignReceiptNo(tx, paymentId);
    // The dossier moves on once its financial obligation is met.
    if (p.dossierStatus === "financial_obligation") {
      await tx.query(
        `WITH d AS (
           UPDATE "Dossier" SET status = 'processing', "updatedAt" = now()
           WHERE id = $1 AND status = 'financial_obligation' RETURNING id
         )
         INSERT INTO "DossierEvent" (id, "dossierId", "fromStatus", "toStatus", "actorType", reason)
         SELECT $2, d.id, 'financial_obligation'::"DossierStatus", 'processing'::"DossierStatus", 'system', $3
         FROM d`,
        [
          p.dossierId,
          randomUUID(),
          `Đã nộp ${formatVnd(p.amountVnd)} qua VNPay (mã giao dịch ${r.transactionNo ?? ""})`,
        ],
      );
    }
    await notifyCitizen(tx, {
      citizenId: p.citizenId,
      kind: "payment",
      dedupeKey: `payment-paid:${paymentId}`,
      params: {
        amount: formatVnd(p.amountVnd),
        code: p.code,
        receiptUrl: `${ctx.config.PUBLIC_BASE_URL ?? `http://localhost:${ctx.config.PORT}`}/miniapp/#/payments/${p.txnRef}`,
      },
    });
    return true;
  });
}

/** Receipt numbers per year, continuous over committed payments (a sequence row per year). */
async function assignReceiptNo(tx: PgTx, paymentId: string) {
  const year = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
  const sql = Prisma.sql`
    WITH s AS (
      INSERT INTO "DossierSequence" ("agencyId", day, "lastSeq")
      SELECT id, ${`receipt-${year}`}, 1 FROM "Agency" WHERE code = 'H38'
      ON CONFLICT ("agencyId", day) DO UPDATE SET "lastSeq" = "DossierSequence"."lastSeq" + 1
      RETURNING "lastSeq"
    )
    UPDATE "Payment" SET "receiptNo" = ${`BL${year}-`} || lpad(s."lastSeq"::text, 6, '0') FROM s WHERE id = ${paymentId}`;
  await tx.query(sql.text, sql.values);
}
