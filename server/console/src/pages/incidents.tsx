import { useCallback, useEffect, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { api, ApiError, type Role } from "../api";
import { useSession } from "../session";
import { IncidentsMap } from "./incidents-map";

export interface StaffIncident {
  publicId: string;
  category: string;
  categoryName: string;
  status: string;
  statusText: string;
  open: boolean;
  overdue: boolean;
  priority: number;
  source: string;
  description: string;
  lat: number;
  lon: number;
  address: string | null;
  commune: { code: string; name: string } | null;
  agency: { id: string; name: string } | null;
  assignee: { id: string; fullName: string } | null;
  reporter: string;
  supporters: number;
  iocRef: string | null;
  rating: number | null;
  moderatedAt: string | null;
  photos: { id: string; hidden: boolean; url: string }[];
  events: { status: string; statusText: string; actorType: string; note: string | null; at: string }[];
  createdAt: string;
  dueAt: string | null;
}
export interface IncidentOptions {
  categories: { key: string; name: string; icon: string }[];
  statuses: { key: string; text: string }[];
  templates: { key: string; status: string; text: string }[];
  agencies: { id: string; code: string; name: string }[];
  people: { id: string; fullName: string; agencyId: string | null }[];
}

export const fmtTime = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString("vi-VN", {
        timeZone: "Asia/Ho_Chi_Minh",
        dateStyle: "short",
        timeStyle: "short",
      })
    : "—";

/** Operators moderate and assign (server: MODERATOR_ROLES); a clerk works their agency's reports. */
export const canModerate = (role: Role | undefined) => role === "ioc_operator" || role === "admin";

let optionsCache: Promise<IncidentOptions> | undefined;
export const loadIncidentOptions = () =>
  (optionsCache ??= api<IncidentOptions>("/api/staff/incident-options").catch((e: unknown) => {
    optionsCache = undefined;
    throw e;
  }));

/**
 * The operators' queue: open reports first by priority, a map of the same rows, filters,
 * and the CSV export of exactly what is shown. Report text is rendered by React: markup
 * typed by a citizen is shown as text.
 */
export function IncidentsPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const [rows, setRows] = useState<StaffIncident[] | null>(null);
  const [options, setOptions] = useState<IncidentOptions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const { session } = useSession();
  const moderator = canModerate(session?.staff.role);
  // Open reports unless the operator chose otherwise ("Chờ kiểm duyệt" looks at every state).
  const effective = new URLSearchParams(params);
  if (!effective.has("status") && !effective.has("all") && !effective.has("review"))
    effective.set("status", "open");
  const query = effective.toString();

  const load = useCallback(() => {
    api<{ incidents: StaffIncident[] }>(`/api/staff/incidents?${query}`)
      .then((r) => setRows(r.incidents))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.body.userMessage : "Lỗi tải dữ liệu."));
  }, [query]);
  useEffect(load, [load]);
  useEffect(() => {
    loadIncidentOptions()
      .then(setOptions)
      .catch(() => undefined);
  }, []);

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else {
      next.delete(key);
      if (key === "status") next.set("all", "1");
    }
    // The review list shows every state; choosing a state leaves it.
    if (key === "review" && value) next.delete("status");
    if (key === "status") next.delete("review");
    setParams(next);
  };

  return (
    <section>
      <h1>Phản ánh hiện trường</h1>
      <div className="toolbar" role="search">
        <select
          aria-label="Trạng thái"
          value={effective.get("status") ?? ""}
          onChange={(e) => setFilter("status", e.target.value)}
        >
          <option value="">Mọi trạng thái</option>
          <option value="open">Đang mở</option>
          <option value="closed">Đã đóng</option>
          {options?.statuses.map((s) => (
            <option key={s.key} value={s.key}>
              {s.text}
            </option>
          ))}
        </select>
        <select
          aria-label="Loại sự cố"
          value={params.get("category") ?? ""}
          onChange={(e) => setFilter("category", e.target.value)}
        >
          <option value="">Mọi loại</option>
          {options?.categories.map((c) => (
            <option key={c.key} value={c.key}>
              {c.name}
            </option>
          ))}
        </select>
        <label>
          <input
            type="checkbox"
            checked={params.get("overdue") === "true"}
            onChange={(e) => setFilter("overdue", e.target.checked ? "true" : "")}
          />{" "}
          Quá hạn
        </label>
        {moderator ? (
          <label>
            <input
              type="checkbox"
              checked={params.get("review") === "true"}
              onChange={(e) => setFilter("review", e.target.checked ? "true" : "")}
            />{" "}
            Chờ kiểm duyệt
          </label>
        ) : null}
        <a className="button-link" href={`/api/staff/incidents.csv?${query}`} download>
          Xuất CSV
        </a>
        <span className="muted">{rows?.length ?? 0} phản ánh</span>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {rows && (
        <div className="two-col">
          <IncidentsMap
            selected={selected}
            onSelect={(id) => navigate(`/reports/${id}`)}
            points={rows.map((r) => ({
              id: r.publicId,
              lat: r.lat,
              lon: r.lon,
              tone: r.overdue ? "overdue" : r.open ? "open" : "closed",
              label: `${r.publicId} · ${r.categoryName} · ${r.statusText}`,
            }))}
          />
          <table>
            <thead>
              <tr>
                <th>Mã</th>
                <th>Loại</th>
                <th>Nơi</th>
                <th>Trạng thái</th>
                <th>Hạn</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={r.publicId}
                  className={r.overdue ? "sla-overdue" : ""}
                  onMouseEnter={() => setSelected(r.publicId)}
                >
                  <td>
                    <Link to={`/reports/${r.publicId}`}>{r.publicId}</Link>
                    {r.priority >= 3 ? <strong className="sla-tag"> Khẩn</strong> : null}
                  </td>
                  <td>{r.categoryName}</td>
                  <td>{r.commune?.name ?? "—"}</td>
                  <td>{r.statusText}</td>
                  <td>
                    {fmtTime(r.dueAt)}
                    {r.overdue ? <strong className="sla-tag"> Quá hạn</strong> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
