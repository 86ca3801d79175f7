import { randomBytes } from "node:crypto";
import type { AppContext } from "../platform/context.js";
import { conflict, notFound } from "../platform/errors.js";
import { vnpTimestamp } from "../integrations/vnpay/vnpay-client.js";
import type { Db, Tx } from "../platform/db.js";
import { settleFromQuerydr } from "./reconcile-payments.job.js";
import { PAID_STATUSES, PAYABLE_STATUSES } from "./payment-status.js";

const EXPIRY_MINUTES = 15;

/** Amount still owed on a dossier: its fee lines (exemptions excluded) less what was paid. */
export async function amountDue(db: Db | Tx, dossierId: string): Promise<number> {
  const [lines, paid] = await Promise.all([
    db.dossierFeeLine.findMany({ where: { dossierId, exempt: false } }),
    db.payment.aggregate({
      where: { dossierId, status: { in: [...PAID_STATUSES] } },
      _sum: { amountVnd: true },
    }),
  ]);
  const total = lines.reduce((s, l) => s + l.amountVnd * l.quantity, 0);
  return Math.max(0, total - (paid._sum.amountVnd ?? 0));
}

/** A pending payment this close to its expiry is not handed out again (no time to pay). */
const REUSE_MIN_LEFT_MS = 60_000;

/**
 * Starts a VNPay payment for what a citizen owes on their own dossier: integer VND, a
 * TxnRef unique (forever, so unique per day), create/expiry dates in Asia/Ho_Chi_Minh,
 * ASCII order info.
 *
 * One payment open per dossier at a time, so nobody pays the same fee twice: under the
 * dossier's row lock, a still-valid pending payment is handed out again; one about to expire
 * means "wait a minute"; one already expired but never answered by VNPay is first settled
 * from querydr (the citizen may have paid it just before it expired).
 */
export async function createPayment(
  ctx: AppContext,
  input: { citizenId: string; dossierCode: string; ipAddr: string; locale: "vn" | "en"; returnUrl: string },
) {
  const dossier = await ctx.db.dossier.findUnique({ where: { code: input.dossierCode } });
  if (!dossier || dossier.citizenId !== input.citizenId) throw notFound("dossier");
  if (!PAYABLE_STATUSES.has(dossier.status))
    throw conflict(
      `dossier in status ${dossier.status} takes no payment`,
      "Hồ sơ này đã dừng hoặc kết thúc nên không thể nộp phí.",
    );
  const now = new Date();
  // A payment left pending after its expiry (no IPN yet): ask VNPay before opening another.
  const stale = await ctx.db.payment.findMany({
    where: { dossierId: dossier.id, status: "pending", expiresAt: { lte: now } },
  });
  for (const p of stale) {
    const outcome = await settleFromQuerydr(ctx, p).catch(() => "query_failed" as const);
    if (outcome === "still_pending" || outcome === "query_failed" || outcome === "mismatch")
      throw conflict(
        "previous payment unresolved",
        "Giao dịch trước của hồ sơ này đang chờ VNPay xác nhận. Vui lòng thử lại sau ít phút để tránh nộp hai lần.",
      );
  }
  const payment = await ctx.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Dossier" WHERE id = ${dossier.id} FOR UPDATE`;
    const due = await amountDue(tx, dossier.id);
    const open = await tx.payment.findFirst({
      where: { dossierId: dossier.id, status: "pending", expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
    });
    if (open && open.expiresAt.getTime() - now.getTime() > REUSE_MIN_LEFT_MS) return open;
    if (open)
      throw conflict(
        "previous payment about to expire",
        "Giao dịch trước sắp hết hạn. Vui lòng thử lại sau một phút.",
      );
    if (due <= 0) throw conflict("nothing to pay", "Hồ sơ này không còn khoản phí nào cần nộp.");
    return tx.payment.create({
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
    });
  });
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
