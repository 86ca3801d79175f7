import { useCallback, useEffect, useState } from "react";
import { api, ApiError } from "../api";

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

const fmt = (iso: string) => new Date(iso).toLocaleString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" });

export function DeadLettersPage() {
  const [rows, setRows] = useState<DeadLetter[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(() => {
    api<{ deadLetters: DeadLetter[] }>("/api/staff/dead-letters")
      .then((r) => setRows(r.deadLetters))
      .catch((e: unknown) => setMessage(e instanceof ApiError ? e.body.userMessage : "Lỗi tải dữ liệu."));
  }, []);
  useEffect(load, [load]);

  async function retry(id: string) {
    try {
      await api(`/api/staff/dead-letters/${id}/retry`, { method: "POST" });
      setMessage("Đã đưa việc trở lại hàng đợi.");
      load();
    } catch (e) {
      setMessage(e instanceof ApiError ? e.body.userMessage : "Không chạy lại được.");
    }
  }

  return (
    <section>
      <h1>Việc lỗi (đã hết số lần thử)</h1>
      {message && <p role="status">{message}</p>}
      {rows && rows.length === 0 && <p className="muted">Không có việc lỗi nào.</p>}
      {rows && rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Lúc</th>
              <th>Hàng đợi</th>
              <th>Việc</th>
              <th>Lỗi</th>
              <th>Số lần</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.id}>
                <td>{fmt(d.failedAt)}</td>
                <td>{d.queue}</td>
                <td>
                  <code>{d.jobName}</code>
                </td>
                <td className="err">{d.error}</td>
                <td>{d.attempts}</td>
                <td>
                  {d.retriedAt ? (
                    <span className="muted">Đã chạy lại {fmt(d.retriedAt)}</span>
                  ) : (
                    <button type="button" onClick={() => void retry(d.id)}>
                      Chạy lại
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
