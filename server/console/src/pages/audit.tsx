import { useEffect, useState } from "react";
import { api, ApiError } from "../api";

interface Entry {
  id: string;
  at: string;
  staff: string | null;
  action: string;
  target: string | null;
  ip: string | null;
}

const fmt = (iso: string) => new Date(iso).toLocaleString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" });

export function AuditPage() {
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ entries: Entry[] }>("/api/staff/audit?limit=100")
      .then((r) => setEntries(r.entries))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.body.userMessage : "Lỗi tải dữ liệu."));
  }, []);
  return (
    <section>
      <h1>Nhật ký thao tác</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!entries && !error && <p className="muted">Đang tải…</p>}
      {entries && (
        <table>
          <thead>
            <tr>
              <th>Thời gian</th>
              <th>Cán bộ</th>
              <th>Thao tác</th>
              <th>Đối tượng</th>
              <th>Địa chỉ IP</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{fmt(e.at)}</td>
                <td>{e.staff ?? "—"}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>{e.target ?? ""}</td>
                <td>{e.ip ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
