import { useEffect } from "react";
import { Link } from "react-router-dom";
import { useAttention } from "../attention";
import { useSession } from "../session";

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
  const { data: d, error, reload } = useAttention();
  useEffect(reload, [reload]); // fresh numbers when the page opens, then the 30 s poll

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
