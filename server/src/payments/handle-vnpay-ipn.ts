import { randomUUID } from "node:crypto";
import type { AppContext } from "../platform/context.js";
import { Prisma } from "../platform/db.js";
import { notificationCtes } from "../notifications/notify-citizen.js";
import { formatVnd } from "./vnd-in-words.js";
import { miniappLink } from "../notifications/public-links.js";
import { jobIdFor } from "../platform/jobs.js";
import { PAID_STATUSES } from "./payment-status.js";
import { pushStatusToOnestopJob } from "../dossiers/push-to-onestop.job.js";

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
  const raw = { txnRef, rawQuery: rawQuery.slice(0, 16_000) };
  let answer: IpnAnswer = IPN_ANSWERS.unknown;
  let paymentId: string | null = null;
  let stored = false;
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
    // The raw IPN is written by the settling statement itself (one commit, not two).
    stored = true;
    const changed = await settlePayment(ctx, payment.id, {
      paid,
      amountVnd: payment.amountVnd,
      transactionNo: params.vnp_TransactionNo ?? null,
      bankCode: params.vnp_BankCode ?? null,
      payDate: params.vnp_PayDate ?? null,
      responseCode: params.vnp_ResponseCode ?? null,
      via: "ipn",
      ipn: raw,
    });
    answer = changed ? IPN_ANSWERS.ok : IPN_ANSWERS.alreadyConfirmed;
    return answer;
  } catch (err) {
    stored = false; // the statement that would have stored it failed
    ctx.logger.error({ err: (err as Error).message, txnRef }, "IPN handling failed");
    answer = IPN_ANSWERS.unknown;
    return answer;
  } finally {
    if (!stored) {
      await ctx.pg
        .query(
          `INSERT INTO "PaymentIpn" (id, "paymentId", "txnRef", "rawQuery", answer, changed)
           VALUES ($1, $2, $3, $4, $5, false)`,
          [randomUUID(), paymentId, raw.txnRef, raw.rawQuery, answer.RspCode],
        )
        .catch((e) => ctx.logger.error({ err: (e as Error).message }, "could not store raw IPN"));
    }
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
    /** The payment's amount (it never changes once the payment exists), for the texts. */
    amountVnd: number;
    transactionNo: string | null;
    bankCode: string | null;
    payDate: string | null;
    responseCode: string | null;
    via: "ipn" | "querydr";
    /** The IPN being answered: stored raw in the same statement, with whether it won. */
    ipn?: { txnRef: string | null; rawQuery: string };
    /** Reconciliation: a pending payment VNPay never completed ends as expired, not failed. */
    failedStatus?: "failed" | "expired";
  },
): Promise<boolean> {
  const status = r.paid ? "paid" : (r.failedStatus ?? "failed");
  const year = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
  const amount = formatVnd(r.amountVnd);
  const eventId = randomUUID();
  const push = pushStatusToOnestopJob;
  // ONE autocommitted statement (bench vnpay-ipn): the conditional update is the whole race
  // guard — of concurrent settlers one row count. Only the winner takes a receipt number
  // (laocai_next_receipt_no): the row is locked before the UPDATE computes its new values,
  // because PostgreSQL computes them before re-checking a row another settler changed, which
  // burnt numbers (test "receipt numbers stay continuous"). The year's sequence row is never
  // held across a round trip. The dossier moves on from "financial obligation" only when
  // nothing is owed any more (fee lines, exemptions excluded, against every paid payment),
  // the one-stop system is told (its status 6 → 4), and the citizen is told.
  const notification = notificationCtes(
    { kind: "payment", dedupeKey: `payment-paid:${paymentId}` },
    {
      citizenId: Prisma.sql`p."citizenId"`,
      params: Prisma.sql`jsonb_build_object('amount', ${amount}::text, 'code', p.code,
        'receiptUrl', ${miniappLink(ctx.config, "/payments/")}::text || p."txnRef")`,
      from: Prisma.sql`p WHERE ${r.paid}`,
    },
  );
  const ipn = r.ipn
    ? Prisma.sql`, ipn AS (
        INSERT INTO "PaymentIpn" (id, "paymentId", "txnRef", "rawQuery", answer, changed)
        SELECT ${randomUUID()}, ${paymentId}, ${r.ipn.txnRef}, ${r.ipn.rawQuery},
               CASE WHEN count(p.*) > 0 THEN '00' ELSE '02' END, count(p.*) > 0
        FROM (SELECT 1) one LEFT JOIN p ON true
      )`
    : Prisma.empty;
  const settle = Prisma.sql`
    WITH won AS (
      -- Locked first: a copy that waited here re-reads the row and finds it no longer pending.
      SELECT id FROM "Payment" WHERE id = ${paymentId} AND status = 'pending' FOR UPDATE
    ), p AS (
      UPDATE "Payment" p
      SET status = ${status}::"PaymentStatus", "vnpTransactionNo" = ${r.transactionNo}, "vnpBankCode" = ${r.bankCode},
          "vnpPayDate" = ${r.payDate}, "vnpResponseCode" = ${r.responseCode},
          "paidAt" = CASE WHEN ${r.paid} THEN now() ELSE NULL END,
          "receiptNo" = CASE WHEN ${r.paid} THEN laocai_next_receipt_no(${year}::int) ELSE NULL END,
          "updatedAt" = now()
      FROM won, "Dossier" d
      WHERE p.id = won.id AND p.status = 'pending' AND d.id = p."dossierId"
      RETURNING p."citizenId", p."txnRef", p."dossierId", p."amountVnd", d.code, d.status AS "dossierStatus"
    ), owed AS (
      SELECT
        (SELECT coalesce(sum(l."amountVnd" * l.quantity), 0) FROM "DossierFeeLine" l
          WHERE l."dossierId" = p."dossierId" AND NOT l.exempt)
        - (SELECT coalesce(sum(x."amountVnd"), 0) FROM "Payment" x
          WHERE x."dossierId" = p."dossierId" AND x.status::text = ANY(${[...PAID_STATUSES]})
            AND x.id <> ${paymentId})
        - p."amountVnd" AS left_vnd
      FROM p
    ), dd AS (
      UPDATE "Dossier" SET status = 'processing', "updatedAt" = now()
      FROM p, owed
      WHERE ${r.paid} AND "Dossier".id = p."dossierId" AND p."dossierStatus" = 'financial_obligation'
        AND "Dossier".status = 'financial_obligation' AND owed.left_vnd <= 0
      RETURNING "Dossier".id
    ), ev AS (
      INSERT INTO "DossierEvent" (id, "dossierId", "fromStatus", "toStatus", "actorType", reason)
      SELECT ${eventId}, dd.id, 'financial_obligation'::"DossierStatus", 'processing'::"DossierStatus", 'system',
             ${`Đã nộp ${amount} qua VNPay (mã giao dịch ${r.transactionNo ?? ""})`}
      FROM dd
      RETURNING id
    ), ev_push AS (
      INSERT INTO "OutboxEvent" (queue, "jobName", "jobId", payload)
      SELECT ${push.queue}, ${push.name}, ${jobIdFor(push.name, eventId)}, jsonb_build_object('eventId', ev.id)
      FROM ev
      ON CONFLICT ("jobId") DO NOTHING
    )${ipn}, ${notification}
    SELECT count(*)::int AS won FROM p`;
  const {
    rows: [row],
  } = await ctx.pg.query<{ won: number }>(settle.text, settle.values);
  return (row?.won ?? 0) > 0;
}
