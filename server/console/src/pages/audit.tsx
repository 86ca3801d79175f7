import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api, formatDateTime, messageOf } from "../api";

interface Entry {
  id: string;
  at: string;
  staff: string | null;
  staffName: string | null;
  action: string;
  target: string | null;
  detail: unknown;
  ip: string | null;
}
interface Page {
  entries: Entry[];
  nextCursor: string | null;
}

// Vietnamese names for the actions the domains record; the code stays visible beside them.
const ACTION_LABEL: Record<string, string> = {
  login: "Đăng nhập",
  login_failed: "Đăng nhập sai",
  login_refused_locked: "Đăng nhập khi tài khoản đang khóa",
  account_locked: "Khóa tài khoản (sai mật khẩu 5 lần)",
  login_refused_no_agency: "Đăng nhập bị từ chối: chưa gán cơ quan",
  logout: "Đăng xuất",
  "dead_letter.retry": "Chạy lại việc lỗi",
  "payment.refund": "Hoàn tiền",
  "dossier.financial_obligation": "Ghi nghĩa vụ tài chính",
  "procedure.update": "Sửa thủ tục hành chính",
  "calendar.set": "Đặt ngày nghỉ / ngày làm bù",
  "calendar.delete": "Xóa ngày nghỉ / ngày làm bù",
};

function labelOf(action: string): string | null {
  if (ACTION_LABEL[action]) return ACTION_LABEL[action];
  if (action.startsWith("dossier.")) return "Chuyển trạng thái hồ sơ";
  if (/^(POST|PUT|PATCH|DELETE) /.test(action)) return "Yêu cầu ghi dữ liệu";
  return null;
}

/** The path of an automatic "POST /api/…" entry: its target repeats it unless the route has parameters. */
const pathOf = (action: string) => /^[A-Z]+ (\/\S*)$/.exec(action)?.[1];

function detailText(detail: unknown): string {
  if (detail == null) return "";
  if (typeof detail !== "object") return String(detail);
  return Object.entries(detail as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" · ");
}

const PAGE_SIZE = 100;

export function AuditPage() {
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [staffFilter, setStaffFilter] = useState("");
  const [applied, setApplied] = useState("");

  const load = useCallback(
    async (from: string | null) => {
      setBusy(true);
      setError(null);
      const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (from) q.set("cursor", from);
      if (applied) q.set("staff", applied);
      try {
        const page = await api<Page>(`/api/staff/audit?${q}`);
        setEntries((prev) => (from && prev ? [...prev, ...page.entries] : page.entries));
        setCursor(page.nextCursor);
      } catch (e) {
        setError(messageOf(e, "Không tải được nhật ký."));
      } finally {
        setBusy(false);
      }
    },
    [applied],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  function filter(e: FormEvent) {
    e.preventDefault();
    setApplied(staffFilter.trim());
  }

  return (
    <section>
      <h1>Nhật ký thao tác</h1>
      <form className="toolbar" onSubmit={filter}>
        <label className="inline">
          Tên đăng nhập cán bộ
          <input value={staffFilter} onChange={(e) => setStaffFilter(e.target.value)} placeholder="Tất cả" />
        </label>
        <button type="submit">Lọc</button>
        <button type="button" className="secondary" onClick={() => void load(null)} disabled={busy}>
          Tải lại
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!entries && !error && <p className="muted">Đang tải…</p>}
      {entries && entries.length === 0 && <p className="muted">Chưa có mục nào.</p>}
      {entries && entries.length > 0 && (
        <table className="dense fixed">
          <colgroup>
            <col style={{ width: 165 }} />
            <col style={{ width: 160 }} />
            <col style={{ width: "23%" }} />
            <col style={{ width: "15%" }} />
            <col />
            <col style={{ width: 105 }} />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Thời gian</th>
              <th scope="col">Cán bộ</th>
              <th scope="col">Thao tác</th>
              <th scope="col">Đối tượng</th>
              <th scope="col">Chi tiết</th>
              <th scope="col">Địa chỉ IP</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => {
              const label = labelOf(e.action);
              return (
                <tr key={e.id} className={e.action === "account_locked" ? "row-danger" : undefined}>
                  <td className="nowrap">{formatDateTime(e.at)}</td>
                  <td className="who-cell">
                    {e.staffName ?? "—"}
                    {e.staff && <div className="sub">{e.staff}</div>}
                  </td>
                  <td className="action-cell">
                    {label && <div>{label}</div>}
                    <code className="sub">{e.action}</code>
                  </td>
                  <td className="break">{e.target === pathOf(e.action) ? "" : (e.target ?? "")}</td>
                  <td className="detail sub">{detailText(e.detail)}</td>
                  <td className="nowrap">{e.ip ?? ""}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {cursor && (
        <p>
          <button type="button" className="secondary" onClick={() => void load(cursor)} disabled={busy}>
            {busy ? "Đang tải…" : "Xem thêm"}
          </button>
        </p>
      )}
    </section>
  );
}
