import { useCallback, useEffect, useState } from "react";
import { api, formatDateTime, messageOf } from "../api";

interface DeadLetter {
  id: string;
  queue: string;
  jobName: string;
  jobId: string;
  error: string;
  attempts: number;
  failedAt: string;
  retriedAt: string | null;
}
interface Page {
  deadLetters: DeadLetter[];
  nextCursor: string | null;
}

export function DeadLettersPage() {
  const [rows, setRows] = useState<DeadLetter[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [retrying, setRetrying] = useState<string | null>(null);

  const load = useCallback(async (from: string | null) => {
    try {
      const page = await api<Page>(`/api/staff/dead-letters?limit=100${from ? `&cursor=${from}` : ""}`);
      setRows((prev) => (from && prev ? [...prev, ...page.deadLetters] : page.deadLetters));
      setCursor(page.nextCursor);
    } catch (e) {
      setNotice({ kind: "error", text: messageOf(e, "Không tải được danh sách việc lỗi.") });
    }
  }, []);
  useEffect(() => {
    void load(null);
  }, [load]);

  async function retry(d: DeadLetter) {
    setRetrying(d.id);
    setNotice(null);
    try {
      const r = await api<{ jobId: string }>(`/api/staff/dead-letters/${d.id}/retry`, { method: "POST" });
      await load(null);
      setNotice({ kind: "ok", text: `Đã đưa việc trở lại hàng đợi “${d.queue}” với mã ${r.jobId}.` });
    } catch (e) {
      setNotice({ kind: "error", text: messageOf(e, "Không chạy lại được.") });
    } finally {
      setRetrying(null);
    }
  }

  const waiting = rows?.filter((d) => !d.retriedAt).length ?? 0;
  return (
    <section>
      <h1>Việc lỗi (đã hết số lần thử)</h1>
      <p className="muted">
        Mỗi việc đã được thử lại tự động nhiều lần. Hãy xử lý nguyên nhân (ví dụ hệ thống liên thông mất kết
        nối) rồi bấm “Chạy lại”.
      </p>
      {notice && (
        <p
          role={notice.kind === "error" ? "alert" : "status"}
          className={notice.kind === "error" ? "error" : "ok"}
        >
          {notice.text}
        </p>
      )}
      {!rows && !notice && <p className="muted">Đang tải…</p>}
      {rows && rows.length === 0 && <p className="ok">Không có việc lỗi nào.</p>}
      {rows && rows.length > 0 && (
        <>
          <p>
            <span className={waiting > 0 ? "count count--bad" : "count"}>{waiting}</span> việc chưa chạy lại
          </p>
          <table className="dense">
            <thead>
              <tr>
                <th scope="col">Lúc lỗi</th>
                <th scope="col">Hàng đợi</th>
                <th scope="col">Việc</th>
                <th scope="col">Lỗi cuối cùng</th>
                <th scope="col">Số lần</th>
                <th scope="col">Xử lý</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id} data-testid={`dead-letter-${d.id}`}>
                  <td className="nowrap">{formatDateTime(d.failedAt)}</td>
                  <td>{d.queue}</td>
                  <td>
                    <code>{d.jobName}</code>
                    <div className="sub break">{d.jobId}</div>
                  </td>
                  <td className="err">{d.error}</td>
                  <td>{d.attempts}</td>
                  <td className="nowrap">
                    {d.retriedAt ? (
                      <span className="muted">Đã chạy lại {formatDateTime(d.retriedAt)}</span>
                    ) : (
                      <button
                        type="button"
                        onClick={() => void retry(d)}
                        disabled={retrying !== null}
                        aria-label={`Chạy lại việc ${d.jobName} lỗi lúc ${formatDateTime(d.failedAt)}`}
                      >
                        {retrying === d.id ? "Đang chạy lại…" : "Chạy lại"}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {cursor && (
            <p>
              <button type="button" className="secondary" onClick={() => void load(cursor)}>
                Xem thêm
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}
