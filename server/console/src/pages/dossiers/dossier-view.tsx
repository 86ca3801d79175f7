import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { api, ApiError } from "../../api";
import { FormActions } from "../../form-actions";
import { fmt } from "./dossier-queue";

interface View {
  code: string;
  status: string;
  statusText: string;
  overdue: boolean;
  procedure: { code: string; name: string };
  applicant: { name: string };
  appointmentAt: string | null;
  receivedAt: string;
  receipt: { receiptDate: string };
  deliveryMethod: "at_centre" | "public_post";
  deliveryAddress: string | null;
  supplementNote: string | null;
  formData: Record<string, string>;
  answers: { name: string; label: string; value: string }[];
  files: { id: string; fileName: string; mimeType: string; kind: string; label: string | null }[];
  events: { at: string; statusText: string; actor: string; reason: string | null }[];
  fees: { label: string; amountVnd: number; quantity: number; exempt: boolean }[];
  payments: {
    txnRef: string;
    amountVnd: number;
    status: string;
    paidAt: string | null;
    receiptNo: string | null;
    refunds: { amountVnd: number; reason: string; at: string }[];
  }[];
}

const vnd = (n: number) => `${n.toLocaleString("vi-VN")} đ`;
const PAYMENT_STATUS: Record<string, string> = {
  paid: "Đã thanh toán",
  refunded: "Đã hoàn tiền",
  partially_refunded: "Hoàn một phần",
};

const ACTIONS: { action: string; label: string; from: string[]; ask?: string }[] = [
  { action: "receive", label: "Tiếp nhận", from: ["new_registered"] },
  { action: "refuse", label: "Từ chối", from: ["new_registered"], ask: "Lý do không tiếp nhận" },
  {
    action: "request-supplement",
    label: "Yêu cầu bổ sung",
    from: ["new_registered", "received", "processing"],
    ask: "Giấy tờ cần bổ sung",
  },
  { action: "start-processing", label: "Chuyển xử lý", from: ["received"] },
  { action: "mark-processed", label: "Đã xử lý (có kết quả)", from: ["received", "processing"] },
  { action: "return-result", label: "Trả kết quả", from: ["processed"] },
];
const ACTOR: Record<string, string> = {
  citizen: "Công dân",
  staff: "Cán bộ",
  onestop: "Hệ thống một cửa",
  system: "Hệ thống",
};

/** One dossier for the clerk: form data, documents shown in the page, timeline, actions. */
export function DossierViewPage() {
  const { code = "" } = useParams();
  const [d, setD] = useState<View | null>(null);
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  const [text, setText] = useState("");
  const [pending, setPending] = useState<string | null>(null);
  const [resultFile, setResultFile] = useState<File | null>(null);

  const load = useCallback(() => {
    api<View>(`/api/staff/dossiers/${code}`)
      .then(setD)
      .catch((e: unknown) =>
        setMessage({ kind: "error", text: e instanceof ApiError ? e.body.userMessage : "Lỗi tải dữ liệu." }),
      );
  }, [code]);
  useEffect(load, [load]);

  async function act(action: string) {
    setMessage(null);
    try {
      if (action === "mark-processed") {
        if (!resultFile) throw new Error("Vui lòng chọn văn bản kết quả.");
        const form = new FormData();
        form.append("file", resultFile);
        const { csrfToken } = await api<{ csrfToken: string }>("/api/staff/me");
        const r = await fetch(`/api/staff/dossiers/${code}/result-file`, {
          method: "POST",
          headers: { "x-csrf-token": csrfToken },
          body: form,
          credentials: "same-origin",
        });
        if (!r.ok)
          throw new Error(
            ((await r.json()) as { error?: { userMessage?: string } }).error?.userMessage ??
              "Tải kết quả không thành công.",
          );
      }
      const ask = ACTIONS.find((a) => a.action === action)?.ask;
      const v = await api<View>(`/api/staff/dossiers/${code}/${action}`, {
        method: "POST",
        body: ask ? (action === "refuse" ? { reason: text } : { note: text }) : {},
      });
      setD(v);
      setPending(null);
      setText("");
      setMessage({ kind: "ok", text: `Đã cập nhật: ${v.statusText}.` });
    } catch (e) {
      const body = e instanceof ApiError ? e.body : null;
      setMessage({
        kind: "error",
        text: body?.fields?.[0]?.message ?? body?.userMessage ?? (e as Error).message,
      });
    }
  }

  if (!d)
    return (
      <section>
        {message ? (
          <p role="alert" className="error">
            {message.text}
          </p>
        ) : (
          <p className="muted">Đang tải…</p>
        )}
      </section>
    );
  const available = ACTIONS.filter((a) => a.from.includes(d.status));
  const canAskFee = d.status === "received" || d.status === "processing";
  return (
    <section className="dossier-view">
      <p>
        <Link to="/dossiers">← Hàng hồ sơ</Link>
      </p>
      <h1>
        {d.code} — {d.procedure.name}
      </h1>
      <p>
        <span className={d.overdue ? "status status--overdue" : "status"} data-testid="status">
          {d.statusText}
        </span>{" "}
        Hạn trả: <strong>{fmt(d.appointmentAt)}</strong> · Ngày tiếp nhận: {d.receipt.receiptDate} (nộp lúc{" "}
        {fmt(d.receivedAt)}) · Người nộp: {d.applicant.name}
      </p>
      <p data-testid="delivery">
        Trả kết quả:{" "}
        {d.deliveryMethod === "public_post" ? (
          <>
            <strong>qua bưu chính công ích</strong> đến {d.deliveryAddress}
          </>
        ) : (
          <strong>tại Bộ phận Một cửa</strong>
        )}
      </p>
      {message && (
        <p
          role={message.kind === "error" ? "alert" : "status"}
          className={message.kind === "error" ? "error" : "ok"}
        >
          {message.text}
        </p>
      )}
      <div className="actions">
        {available.map((a) => (
          <button
            key={a.action}
            type="button"
            className={a.action === "refuse" ? "secondary" : ""}
            onClick={() =>
              a.ask || a.action === "mark-processed" ? setPending(a.action) : void act(a.action)
            }
          >
            {a.label}
          </button>
        ))}
        {canAskFee && (
          <button type="button" className="secondary" onClick={() => setPending("obligation")}>
            Yêu cầu nộp phí
          </button>
        )}
      </div>
      {pending === "obligation" && (
        <ObligationForm
          code={d.code}
          onDone={(text) => {
            setPending(null);
            if (text) {
              setMessage({ kind: "ok", text });
              load();
            }
          }}
        />
      )}
      {pending && pending !== "obligation" && (
        <div className="card-inline">
          {pending === "mark-processed" ? (
            <label>
              Văn bản kết quả (PDF hoặc ảnh)
              <input
                type="file"
                accept="application/pdf,image/*"
                onChange={(e) => setResultFile(e.target.files?.[0] ?? null)}
              />
            </label>
          ) : (
            <label>
              {ACTIONS.find((a) => a.action === pending)?.ask}
              <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} />
            </label>
          )}
          <div className="toolbar">
            <button type="button" onClick={() => void act(pending)}>
              Xác nhận
            </button>
            <button type="button" className="secondary" onClick={() => setPending(null)}>
              Hủy
            </button>
          </div>
        </div>
      )}
      <div className="two-col">
        <div>
          <h2>Thông tin khai</h2>
          <dl className="kv">
            {d.answers.map((a) => (
              <div key={a.name}>
                <dt>{a.label}</dt>
                <dd>{a.value}</dd>
              </div>
            ))}
          </dl>
          <h2>Phí, lệ phí</h2>
          {d.fees.length === 0 ? <p className="muted">Không thu phí, lệ phí.</p> : null}
          <ul className="fees">
            {d.fees.map((f, i) => (
              <li key={i}>
                {f.label}:{" "}
                {f.exempt ? (
                  <>
                    <s>{`${vnd(f.amountVnd)} × ${f.quantity}`}</s> (miễn)
                  </>
                ) : (
                  `${vnd(f.amountVnd)} × ${f.quantity}`
                )}
              </li>
            ))}
          </ul>
          {d.payments.map((p) => (
            <div key={p.txnRef} className="payment" data-testid="dossier-payment">
              <strong>{vnd(p.amountVnd)}</strong> — {PAYMENT_STATUS[p.status] ?? p.status}
              {p.paidAt ? ` · ${fmt(p.paidAt)}` : ""} · VNPay {p.txnRef}
              {p.receiptNo ? ` · biên lai ${p.receiptNo}` : ""}
              {p.refunds.map((r) => (
                <div key={r.at} className="muted">
                  Hoàn {vnd(r.amountVnd)} ({fmt(r.at)}): {r.reason}
                </div>
              ))}
            </div>
          ))}
          <h2>Quá trình</h2>
          <ol className="events">
            {d.events.map((e, i) => (
              <li key={i}>
                <strong>{e.statusText}</strong> — {fmt(e.at)} · {ACTOR[e.actor] ?? e.actor}
                {e.reason ? <div className="muted">{e.reason}</div> : null}
              </li>
            ))}
          </ol>
        </div>
        <div>
          <h2>Giấy tờ ({d.files.length})</h2>
          {d.files.map((f) => (
            <figure key={f.id} className="doc">
              <figcaption>
                {f.label ?? f.fileName}{" "}
                <span className="muted">
                  ({f.kind === "result" ? "kết quả" : f.kind === "supplement" ? "bổ sung" : "hồ sơ"})
                </span>
              </figcaption>
              {f.mimeType === "application/pdf" ? (
                <iframe title={f.fileName} src={`/api/staff/dossiers/${d.code}/files/${f.id}`} />
              ) : (
                <img alt={f.label ?? f.fileName} src={`/api/staff/dossiers/${d.code}/files/${f.id}`} />
              )}
            </figure>
          ))}
        </div>
      </div>
    </section>
  );
}

/**
 * A fee found during handling (one-stop status 6): the citizen is told at once and pays it
 * in the mini app; the dossier goes back to processing when it is paid.
 */
function ObligationForm({ code, onDone }: { code: string; onDone: (message?: string) => void }) {
  const [label, setLabel] = useState("");
  const [amount, setAmount] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ addedVnd: number }>(`/api/staff/dossiers/${code}/obligations`, {
        method: "POST",
        body: { lines: [{ label, amountVnd: Number(amount), quantity: 1 }], note },
      });
      onDone(`Đã yêu cầu công dân nộp ${vnd(r.addedVnd)}; công dân đã được báo qua Zalo.`);
    } catch (err) {
      const body = err instanceof ApiError ? err.body : null;
      setError(body?.fields?.[0]?.message ?? body?.userMessage ?? "Không gửi được yêu cầu.");
      setBusy(false);
    }
  }
  return (
    <form className="card-inline" onSubmit={(e) => void submit(e)} aria-label="Yêu cầu nộp phí">
      <label>
        Khoản phải nộp
        <input value={label} onChange={(e) => setLabel(e.target.value)} required minLength={2} />
      </label>
      <label>
        Số tiền (đồng)
        <input
          inputMode="numeric"
          value={amount}
          onChange={(e) => setAmount(e.target.value.replace(/\D/g, ""))}
          required
        />
      </label>
      <label>
        Căn cứ, nội dung báo công dân
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} required minLength={3} />
      </label>
      <FormActions
        error={error}
        busy={busy}
        label="Gửi yêu cầu nộp phí"
        busyLabel="Đang gửi…"
        onCancel={onDone}
      />
    </form>
  );
}
