import { useEffect, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { api, formatDateTime, messageOf } from "../api";

interface Row {
  code: string;
  name: string;
  field: string;
  level: "province" | "commune";
  agency: string | null;
  onlineLevel: "full" | "partial" | "none";
  active: boolean;
  updatedAt: string;
}
interface ListPage {
  items: Row[];
  total: number;
  page: number;
  pageSize: number;
}

export const LEVEL_TEXT = { province: "Cấp tỉnh", commune: "Cấp xã" } as const;
export const ONLINE_TEXT = { full: "Toàn trình", partial: "Một phần", none: "Không" } as const;

/** Admins keep the catalog true: every procedure (retired ones too), searchable, one click to edit. */
export function ProceduresPage() {
  const [params, setParams] = useSearchParams();
  const [data, setData] = useState<ListPage | null>(null);
  const [fields, setFields] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [q, setQ] = useState(params.get("q") ?? "");
  const query = params.toString();

  useEffect(() => {
    api<{ fields: string[] }>("/api/staff/procedure-options")
      .then((o) => setFields(o.fields))
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    setError(null);
    api<ListPage>(`/api/staff/procedures?${query}`)
      .then(setData)
      .catch((e: unknown) => setError(messageOf(e, "Không tải được danh sách thủ tục.")));
  }, [query]);

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== "page") next.delete("page");
    setParams(next);
  };
  const search = (e: FormEvent) => {
    e.preventDefault();
    setFilter("q", q.trim());
  };
  const page = data?.page ?? 1;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <section>
      <h1>Thủ tục hành chính</h1>
      <form className="toolbar" onSubmit={search} role="search">
        <label className="inline">
          Tìm theo tên hoặc mã
          <input value={q} onChange={(e) => setQ(e.target.value)} placeholder="vd. khai sinh, 1.001193" />
        </label>
        <button type="submit">Tìm</button>
        <select
          aria-label="Lĩnh vực"
          value={params.get("field") ?? ""}
          onChange={(e) => setFilter("field", e.target.value)}
        >
          <option value="">Tất cả lĩnh vực</option>
          {fields.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
        <select
          aria-label="Cấp"
          value={params.get("level") ?? ""}
          onChange={(e) => setFilter("level", e.target.value)}
        >
          <option value="">Mọi cấp</option>
          <option value="province">Cấp tỉnh</option>
          <option value="commune">Cấp xã</option>
        </select>
        <select
          aria-label="Tình trạng"
          value={params.get("active") ?? ""}
          onChange={(e) => setFilter("active", e.target.value)}
        >
          <option value="">Mọi tình trạng</option>
          <option value="true">Đang áp dụng</option>
          <option value="false">Ngừng áp dụng</option>
        </select>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!data && !error && <p className="muted">Đang tải…</p>}
      {data && (
        <>
          <p className="muted">{data.total} thủ tục</p>
          <table className="dense">
            <thead>
              <tr>
                <th>Mã</th>
                <th>Tên thủ tục</th>
                <th>Lĩnh vực</th>
                <th>Cấp</th>
                <th>Cơ quan</th>
                <th>Trực tuyến</th>
                <th>Tình trạng</th>
                <th>Sửa lần cuối</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((p) => (
                <tr key={p.code}>
                  <td className="nowrap">{p.code}</td>
                  <td>
                    <Link to={`/procedures/${p.code}`}>{p.name}</Link>
                  </td>
                  <td>{p.field}</td>
                  <td>{LEVEL_TEXT[p.level]}</td>
                  <td>{p.agency ?? "UBND xã nơi nộp"}</td>
                  <td>{ONLINE_TEXT[p.onlineLevel]}</td>
                  <td>
                    {p.active ? "Đang áp dụng" : <span className="status--overdue">Ngừng áp dụng</span>}
                  </td>
                  <td className="nowrap">{formatDateTime(p.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 && (
            <p className="toolbar">
              <button
                type="button"
                className="secondary"
                disabled={page <= 1}
                onClick={() => setFilter("page", String(page - 1))}
              >
                Trang trước
              </button>
              <span>
                Trang {page}/{pages}
              </span>
              <button
                type="button"
                className="secondary"
                disabled={page >= pages}
                onClick={() => setFilter("page", String(page + 1))}
              >
                Trang sau
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}
