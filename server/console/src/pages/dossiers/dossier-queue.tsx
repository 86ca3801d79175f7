import { useCallback, useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { api, ApiError } from "../../api";

interface Row {
  code: string;
  procedureName: string;
  applicantName: string;
  status: string;
  statusText: string;
  receivedAt: string;
  dueAt: string | null;
  overdue: boolean;
  dueToday: boolean;
}

export const STATUS_OPTIONS: [string, string][] = [
  ["", "Tất cả trạng thái"],
  ["new_registered", "Mới đăng ký"],
  ["received", "Đã tiếp nhận"],
  ["processing", "Đang xử lý"],
  ["supplement_requested", "Chờ bổ sung"],
  ["financial_obligation", "Chờ nộp phí"],
  ["processed", "Đã có kết quả"],
  ["result_returned", "Đã trả kết quả"],
  ["not_received", "Không tiếp nhận"],
];

export const fmt = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString("vi-VN", {
        timeZone: "Asia/Ho_Chi_Minh",
        dateStyle: "short",
        timeStyle: "short",
      })
    : "—";

/** The clerk's queue: their agency's dossiers, soonest due first, with SLA colours. */
export function DossierQueuePage() {
  const [params, setParams] = useSearchParams();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [procedures, setProcedures] = useState<{ code: string; name: string }[]>([]);
  const query = params.toString();

  useEffect(() => {
    api<{ procedures: { code: string; name: string }[] }>("/api/staff/dossier-procedures")
      .then((r) => setProcedures(r.procedures))
      .catch(() => undefined); // the other filters still work without this list
  }, []);

  const load = useCallback(() => {
    api<{ dossiers: Row[]; total: number }>(`/api/staff/dossiers?${query}`)
      .then((r) => {
        setRows(r.dossiers);
        setTotal(r.total);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.body.userMessage : "Lỗi tải dữ liệu."));
  }, [query]);
  useEffect(load, [load]);

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  return (
    <section>
      <h1>Hồ sơ của đơn vị</h1>
      <div className="toolbar" role="search">
        <select
          aria-label="Trạng thái"
          value={params.get("status") ?? ""}
          onChange={(e) => setFilter("status", e.target.value)}
        >
          {STATUS_OPTIONS.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
        <select
          aria-label="Thủ tục"
          value={params.get("procedure") ?? ""}
          onChange={(e) => setFilter("procedure", e.target.value)}
          style={{ maxWidth: 280 }}
        >
          <option value="">Tất cả thủ tục</option>
          {procedures.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
        <select
          aria-label="Hạn xử lý"
          value={params.get("due") ?? (params.get("overdue") ? "overdue" : "")}
          onChange={(e) => {
            const next = new URLSearchParams(params);
            next.delete("due");
            next.delete("overdue");
            if (e.target.value === "overdue") next.set("overdue", "true");
            else if (e.target.value) next.set("due", e.target.value);
            setParams(next);
          }}
        >
          <option value="">Mọi hạn</option>
          <option value="overdue">Quá hạn</option>
          <option value="today">Đến hạn hôm nay</option>
          <option value="week">Đến hạn trong tuần</option>
        </select>
        <input
          aria-label="Tìm theo mã hồ sơ hoặc tên"
          placeholder="Mã hồ sơ / tên người nộp"
          defaultValue={params.get("q") ?? ""}
          onKeyDown={(e) => e.key === "Enter" && setFilter("q", (e.target as HTMLInputElement).value)}
          style={{ width: 260 }}
        />
        <span className="muted">{total} hồ sơ</span>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {rows && (
        <table>
          <thead>
            <tr>
              <th>Mã hồ sơ</th>
              <th>Thủ tục</th>
              <th>Người nộp</th>
              <th>Trạng thái</th>
              <th>Hạn trả</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.code} className={r.overdue ? "sla-overdue" : r.dueToday ? "sla-today" : ""}>
                <td>
                  <Link to={`/dossiers/${r.code}`}>{r.code}</Link>
                </td>
                <td>{r.procedureName}</td>
                <td>{r.applicantName}</td>
                <td>{r.statusText}</td>
                <td>
                  {fmt(r.dueAt)}
                  {r.overdue ? (
                    <strong className="sla-tag"> Quá hạn</strong>
                  ) : r.dueToday ? (
                    <strong className="sla-tag"> Hôm nay</strong>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
