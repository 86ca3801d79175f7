import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { api, formatDateTime, messageOf } from "../api";
import { useSession } from "../session";

interface Dashboard {
  dossiers: { new: number; overdue: number; dueToday: number } | null;
  reports: { open: number; overdue: number };
  alerts: { active: number; helpRequests: number } | null;
  deadLetters: number | null;
  oa: { state: "connected" | "lost" | "missing"; lostAt: string | null };
}

/** One number that opens the list behind it; red when it is something late or someone in danger. */
function Tile({ to, n, label, urgent }: { to: string; n: number; label: string; urgent?: boolean }) {
  return (
    <Link to={to} className={`tile${urgent && n > 0 ? " tile--urgent" : ""}`} data-testid={`tile-${to}`}>
      <span className="tile__n">{n}</span>
      <span className="tile__label">{label}</span>
    </Link>
  );
}

/** What needs a person now, for this role and agency; refreshed every 30 s (storm nights). */
export function DashboardPage() {
  const { session } = useSession();
  const [d, setD] = useState<Dashboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<Dashboard>("/api/staff/dashboard")
      .then((x) => {
        setD(x);
        setError(null);
      })
      .catch((e: unknown) => setError(messageOf(e)));
  }, []);
  useEffect(() => {
    load();
    const t = setInterval(load, 30_000);
    return () => clearInterval(t);
  }, [load]);

  return (
    <section>
      <h1>Bảng điều khiển</h1>
      <p>
        Xin chào, <strong>{session?.staff.fullName}</strong>. Việc cần làm ngay:
      </p>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {d && d.oa.state !== "connected" ? (
        <div className="error" role="alert" data-testid="oa-down">
          <strong>Zalo OA mất kết nối</strong>
          {d.oa.lostAt ? ` từ ${formatDateTime(d.oa.lostAt)}` : ""}: không tin nhắn hay cảnh báo nào đến được
          người dân qua Zalo (tin đang chờ sẽ gửi khi kết nối lại).{" "}
          {session?.staff.role === "admin" ? (
            <Link to="/oa">Kết nối lại ngay</Link>
          ) : (
            "Hãy báo quản trị viên hệ thống kết nối lại."
          )}
        </div>
      ) : null}
      {d ? (
        <div className="tiles">
          {d.alerts ? (
            <>
              <Tile
                to="/alerts"
                n={d.alerts.helpRequests}
                label="Người cần giúp đỡ (cảnh báo đang hiệu lực)"
                urgent
              />
              <Tile to="/alerts" n={d.alerts.active} label="Cảnh báo đang hiệu lực" />
            </>
          ) : null}
          {d.dossiers ? (
            <>
              <Tile to="/dossiers?overdue=true" n={d.dossiers.overdue} label="Hồ sơ quá hạn" urgent />
              <Tile to="/dossiers?due=today" n={d.dossiers.dueToday} label="Hồ sơ đến hạn hôm nay" />
              <Tile to="/dossiers?status=new_registered" n={d.dossiers.new} label="Hồ sơ mới chờ tiếp nhận" />
            </>
          ) : null}
          <Tile to="/reports?overdue=true" n={d.reports.overdue} label="Phản ánh quá hạn xử lý" urgent />
          <Tile to="/reports" n={d.reports.open} label="Phản ánh đang mở" />
          {d.deadLetters !== null ? (
            <Tile to="/dead-letters" n={d.deadLetters} label="Việc lỗi chờ chạy lại" urgent />
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
