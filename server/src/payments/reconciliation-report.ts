import type { AppContext } from "../platform/context.js";

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
}

/** One day's payments (Asia/Ho_Chi_Minh) with what may need a person's eye. */
export async function reconciliationReport(ctx: AppContext, day: string, agencyId?: string) {
  const start = new Date(`${day}T00:00:00+07:00`);
  const end = new Date(start.getTime() + 24 * 3600_000);
  const rows = await ctx.db.payment.findMany({
    where: { createdAt: { gte: start, lt: end }, ...(agencyId ? { dossier: { agencyId } } : {}) },
    include: { dossier: { include: { agency: true } }, ipns: true },
    orderBy: { createdAt: "asc" },
  });
  const out: ReconciliationRow[] = rows.map((p) => {
    const refused = p.ipns.filter((i) => i.answer === "04" || i.answer === "97");
    const mismatch =
      p.status === "pending" && p.expiresAt < new Date()
        ? "pending after expiry"
        : refused.length
          ? `${refused.length} IPN refused (${[...new Set(refused.map((i) => i.answer))].join(",")})`
          : "";
    return {
      txnRef: p.txnRef,
      dossierCode: p.dossier.code,
      agency: p.dossier.agency.code,
      amountVnd: p.amountVnd,
      status: p.status,
      vnpTransactionNo: p.vnpTransactionNo ?? "",
      paidAt: p.paidAt?.toISOString() ?? "",
      refundedVnd: p.refundedVnd,
      ipnCount: p.ipns.length,
      mismatch,
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
