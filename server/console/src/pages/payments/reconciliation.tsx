import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api, ApiError } from "../../api";
import { FormActions } from "../../form-actions";
import { useSession } from "../../session";

interface Row {
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
  unknownRefunds?: { id: string; amountVnd: number; requestId: string; at: string }[];
}
interface Report {
  day: string;
  totals: {
    paid: { count: number; amountVnd: number };
    failed: { count: number };
    pending: { count: number; amountVnd: number };
    refunded: { amountVnd: number };
    mismatches: number;
  };
  rows: Row[];
}

const STATUS: Record<string, string> = {
  pending: "Chờ xác nhận",
  paid: "Đã thanh toán",
  failed: "Không thành công",
  expired: "Hết hạn",
  refunded: "Đã hoàn tiền",
  partially_refunded: "Hoàn một phần",
};
const vnd = (n: number) => `${n.toLocaleString("vi-VN")} đ`;
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

/** Đối soát: a day's VNPay payments, what needs a person's eye, CSV, and refunds. */
export function ReconciliationPage() {
  const [day, setDay] = useState(today());
  const [report, setReport] = useState<Report | null>(null);
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  const [refunding, setRefunding] = useState<Row | null>(null);
  const [resolving, setResolving] = useState<{ row: Row; refundId: string; amountVnd: number } | null>(null);
  const isAdmin = useSession().session?.staff.role === "admin";

  const load = useCallback(() => {
    api<Report>(`/api/staff/payments/reconciliation?day=${day}`)
      .then(setReport)
      .catch((e: unknown) =>
        setMessage({ kind: "error", text: e instanceof ApiError ? e.body.userMessage : "Lỗi tải dữ liệu." }),
      );
  }, [day]);
  useEffect(load, [load]);

  return (
    <section>
      <h1>Đối soát thanh toán VNPay</h1>
      <div className="toolbar">
        <label>
          Ngày{" "}
          <input type="date" value={day} onChange={(e) => setDay(e.target.value)} style={{ width: "auto" }} />
        </label>
        <a className="button-link" href={`/api/staff/payments/reconciliation.csv?day=${day}`}>
          Tải CSV
        </a>
      </div>
      {message && (
        <p
          role={message.kind === "error" ? "alert" : "status"}
          className={message.kind === "error" ? "error" : "ok"}
        >
          {message.text}
        </p>
      )}
      {report && (
        <>
          <dl className="totals">
            <div>
              <dt>Đã thanh toán</dt>
              <dd>
                {report.totals.paid.count} — {vnd(report.totals.paid.amountVnd)}
              </dd>
            </div>
            <div>
              <dt>Không thành công</dt>
              <dd>{report.totals.failed.count}</dd>
            </div>
            <div>
              <dt>Đang chờ</dt>
              <dd>{report.totals.pending.count}</dd>
            </div>
            <div>
              <dt>Đã hoàn</dt>
              <dd>{vnd(report.totals.refunded.amountVnd)}</dd>
            </div>
            <div className={report.totals.mismatches ? "warn" : ""}>
              <dt>Cần kiểm tra</dt>
              <dd data-testid="mismatches">{report.totals.mismatches}</dd>
            </div>
          </dl>
          <table>
            <thead>
              <tr>
                <th>Mã giao dịch</th>
                <th>Hồ sơ</th>
                <th>Số tiền</th>
                <th>Trạng thái</th>
                <th>Mã VNPay</th>
                <th>IPN</th>
                <th>Ghi chú</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((r) => (
                <tr key={r.txnRef} className={r.mismatch ? "row-warn" : ""}>
                  <td>
                    <code>{r.txnRef}</code>
                  </td>
                  <td>{r.dossierCode}</td>
                  <td>
                    {vnd(r.amountVnd)}
                    {r.refundedVnd ? <div className="muted">hoàn {vnd(r.refundedVnd)}</div> : null}
                  </td>
                  <td>{STATUS[r.status] ?? r.status}</td>
                  <td>{r.vnpTransactionNo}</td>
                  <td>{r.ipnCount}</td>
                  <td>{r.mismatch}</td>
                  <td>
                    {(r.status === "paid" || r.status === "partially_refunded") &&
                      !r.unknownRefunds?.length && (
                        <button type="button" onClick={() => setRefunding(r)}>
                          Hoàn tiền
                        </button>
                      )}
                    {isAdmin &&
                      r.unknownRefunds?.map((u) => (
                        <button
                          key={u.id}
                          type="button"
                          className="secondary"
                          onClick={() => setResolving({ row: r, refundId: u.id, amountVnd: u.amountVnd })}
                        >
                          Xác nhận kết quả hoàn {vnd(u.amountVnd)}
                        </button>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {resolving && (
        <ResolveRefundDialog
          {...resolving}
          onClose={(text) => {
            setResolving(null);
            if (text) {
              setMessage({ kind: "ok", text });
              load();
            }
          }}
        />
      )}
      {refunding && (
        <RefundDialog
          row={refunding}
          onClose={(text) => {
            setRefunding(null);
            if (text) {
              setMessage({ kind: "ok", text });
              load();
            }
          }}
        />
      )}
    </section>
  );
}

function RefundDialog({ row, onClose }: { row: Row; onClose: (message?: string) => void }) {
  const max = row.amountVnd - row.refundedVnd;
  const [amount, setAmount] = useState(String(max));
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ status: "succeeded" | "unknown" }>(`/api/staff/payments/${row.txnRef}/refund`, {
        method: "POST",
        body: { amountVnd: Number(amount), reason },
      });
      onClose(
        r.status === "succeeded"
          ? `Đã hoàn ${vnd(Number(amount))} cho giao dịch ${row.txnRef}.`
          : `VNPay chưa trả lời lệnh hoàn ${vnd(Number(amount))}. Không gửi lại: hệ thống sẽ đối soát và cập nhật kết quả.`,
      );
    } catch (err) {
      const body = err instanceof ApiError ? err.body : null;
      setError(body?.fields?.[0]?.message ?? body?.userMessage ?? "Không hoàn tiền được.");
      setBusy(false);
    }
  }
  return (
    <div className="dialog-backdrop">
      <form className="dialog" onSubmit={(e) => void submit(e)} aria-labelledby="refund-title">
        <h2 id="refund-title">Hoàn tiền giao dịch {row.txnRef}</h2>
        <p className="muted">Tối đa {vnd(max)}. Hoàn toàn bộ hoặc một phần qua VNPay.</p>
        <label>
          Số tiền hoàn (đồng)
          <input
            inputMode="numeric"
            value={amount}
            onChange={(e) => setAmount(e.target.value.replace(/\D/g, ""))}
            required
          />
        </label>
        <label>
          Lý do
          <input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={5} />
        </label>
        <FormActions
          error={error}
          busy={busy}
          label="Xác nhận hoàn tiền"
          busyLabel="Đang gửi…"
          onCancel={onClose}
        />
      </form>
    </div>
  );
}

/** An admin records what VNPay's merchant portal says about a refund VNPay never answered. */
function ResolveRefundDialog({
  row,
  refundId,
  amountVnd,
  onClose,
}: {
  row: Row;
  refundId: string;
  amountVnd: number;
  onClose: (message?: string) => void;
}) {
  const [outcome, setOutcome] = useState<"succeeded" | "failed">("succeeded");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api(`/api/staff/refunds/${refundId}/resolve`, { method: "POST", body: { outcome, note } });
      onClose(
        outcome === "succeeded"
          ? `Đã ghi nhận hoàn ${vnd(amountVnd)} cho giao dịch ${row.txnRef}.`
          : `Đã ghi nhận lệnh hoàn ${vnd(amountVnd)} không thực hiện; có thể hoàn lại.`,
      );
    } catch (err) {
      const body = err instanceof ApiError ? err.body : null;
      setError(body?.fields?.[0]?.message ?? body?.userMessage ?? "Không ghi nhận được.");
      setBusy(false);
    }
  }
  return (
    <div className="dialog-backdrop">
      <form className="dialog" onSubmit={(e) => void submit(e)} aria-labelledby="resolve-title">
        <h2 id="resolve-title">
          Kết quả hoàn {vnd(amountVnd)} — giao dịch {row.txnRef}
        </h2>
        <p className="muted">
          VNPay không trả lời lệnh hoàn này. Kiểm tra trên cổng quản trị VNPay rồi ghi nhận kết quả.
        </p>
        <fieldset>
          <legend>VNPay cho biết</legend>
          <label>
            <input
              type="radio"
              name="outcome"
              checked={outcome === "succeeded"}
              onChange={() => setOutcome("succeeded")}
            />{" "}
            Đã hoàn tiền
          </label>
          <label>
            <input
              type="radio"
              name="outcome"
              checked={outcome === "failed"}
              onChange={() => setOutcome("failed")}
            />{" "}
            Không có lệnh hoàn này
          </label>
        </fieldset>
        <label>
          Ghi chú (đã kiểm tra ở đâu)
          <input value={note} onChange={(e) => setNote(e.target.value)} required minLength={5} />
        </label>
        <FormActions error={error} busy={busy} label="Ghi nhận" busyLabel="Đang ghi…" onCancel={onClose} />
      </form>
    </div>
  );
}
