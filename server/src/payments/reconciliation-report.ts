import type { AppContext } from "../platform/context.js";
import { formatVnd } from "./vnd-in-words.js";

export interface ReconciliationRow {
  txnRef: string;
  dossierCode: string;
  agency: string;
  amountVnd: number;
  status: string;
  vnpTransactionNo: string;
  paidAt: string;
  refundedVnd: number;
  ipnCount: number;
  mismatch: string;
  /** Refunds VNPay never answered: an admin settles them after checking VNPay's portal. */
  unknownRefunds?: { id: string; amountVnd: number; requestId: string; at: string }[];
}

/** One day's payments (Asia/Ho_Chi_Minh) with what may need a person's eye. */
export async function reconciliationReport(ctx: AppContext, day: string, agencyId?: string) {
  const start = new Date(`${day}T00:00:00+07:00`);
  const end = new Date(start.getTime() + 24 * 3600_000);
  const rows = await ctx.db.payment.findMany({
    where: { createdAt: { gte: start, lt: end }, ...(agencyId ? { dossier: { agencyId } } : {}) },
    include: { dossier: { include: { agency: true } }, refunds: true },
    orderBy: { createdAt: "asc" },
  });
  // IPNs by the TxnRef they name: one with a bad signature is never linked to the payment
  // (we do not trust what it says), but it is exactly what a person must see here.
  const ipns = await ctx.db.paymentIpn.findMany({
    where: { txnRef: { in: rows.map((p) => p.txnRef) } },
    select: { txnRef: true, answer: true },
  });
  const ipnsOf = new Map<string, string[]>();
  for (const i of ipns) ipnsOf.set(i.txnRef!, [...(ipnsOf.get(i.txnRef!) ?? []), i.answer]);
  const out: ReconciliationRow[] = rows.map((p) => {
    const answers = ipnsOf.get(p.txnRef) ?? [];
    const refused = answers.filter((a) => a === "04" || a === "97");
    const unknownRefunds = p.refunds.filter((r) => r.status === "unknown");
    const mismatch = [
      p.reconcileNote ?? "",
      p.status === "pending" && p.expiresAt < new Date() ? "Chờ xác nhận sau khi hết hạn" : "",
      refused.length ? `${refused.length} IPN bị từ chối (mã ${[...new Set(refused)].join(", ")})` : "",
      unknownRefunds.length
        ? `Hoàn tiền chưa rõ kết quả: ${unknownRefunds.map((r) => formatVnd(r.amountVnd)).join(", ")}`
        : "",
    ]
      .filter(Boolean)
      .join("; ");
    return {
      txnRef: p.txnRef,
      dossierCode: p.dossier.code,
      agency: p.dossier.agency.code,
      amountVnd: p.amountVnd,
      status: p.status,
      vnpTransactionNo: p.vnpTransactionNo ?? "",
      paidAt: p.paidAt?.toISOString() ?? "",
      refundedVnd: p.refundedVnd,
      ipnCount: answers.length,
      mismatch,
      unknownRefunds: unknownRefunds.map((r) => ({
        id: r.id,
        amountVnd: r.amountVnd,
        requestId: r.requestId,
        at: r.createdAt.toISOString(),
      })),
    };
  });
  // Money received counts whatever happened after (refunds are reported on their own).
  const received = out.filter((r) => ["paid", "partially_refunded", "refunded"].includes(r.status));
  const pending = out.filter((r) => r.status === "pending");
  return {
    day,
    totals: {
      paid: { count: received.length, amountVnd: received.reduce((a, r) => a + r.amountVnd, 0) },
      failed: { count: out.filter((r) => r.status === "failed" || r.status === "expired").length },
      pending: { count: pending.length, amountVnd: pending.reduce((a, r) => a + r.amountVnd, 0) },
      refunded: { amountVnd: out.reduce((a, r) => a + r.refundedVnd, 0) },
      mismatches: out.filter((r) => r.mismatch).length,
    },
    rows: out,
  };
}

export function toCsv(rows: ReconciliationRow[]): string {
  const head = [
    "txnRef",
    "dossierCode",
    "agency",
    "amountVnd",
    "status",
    "vnpTransactionNo",
    "paidAt",
    "refundedVnd",
    "ipnCount",
    "mismatch",
  ];
  const cell = (v: unknown) => {
    const s = String(v ?? "");
    // Quote, and defuse spreadsheet formulas.
    return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
  };
  return (
    [
      head.join(","),
      ...rows.map((r) => head.map((h) => cell(r[h as keyof ReconciliationRow])).join(",")),
    ].join("\r\n") + "\r\n"
  );
}
