import { useEffect } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate } from "react-router-dom";
import { ROLE_LABEL, formatDateTime } from "./api";
import { AttentionProvider, navCount, useAttention } from "./attention";
import { sectionsFor } from "./sections";
import { useSession } from "./session";

const APP_TITLE = "Bảng điều hành — Cổng hành chính công Lào Cai";

const COUNT_LABEL: Record<string, string> = {
  alerts: "người cần giúp đỡ",
  dossiers: "hồ sơ quá hạn",
  reports: "phản ánh quá hạn",
  "dead-letters": "việc lỗi chờ chạy lại",
};

function NavCount({ n, path }: { n: number; path: string }) {
  if (n <= 0) return null;
  return (
    <span
      className="nav-count"
      data-testid={`nav-count-${path}`}
      aria-label={`${n} ${COUNT_LABEL[path] ?? ""}`}
    >
      {n}
    </span>
  );
}

export function Layout() {
  const { session } = useSession();
  if (!session) return null;
  return (
    <AttentionProvider>
      <Shell />
    </AttentionProvider>
  );
}

function Shell() {
  const { session, logout } = useSession();
  const { data: attention } = useAttention();
  const help = attention?.alerts?.helpRequests ?? 0;
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const items = session ? sectionsFor(session.staff.role) : [];
  const current = items.find((s) => pathname === `/${s.path}` || pathname.startsWith(`/${s.path}/`));

  // People asking for help show in the tab's title, for an operator working in another tab.
  useEffect(() => {
    const title = current ? `${current.title} — ${APP_TITLE}` : APP_TITLE;
    document.title = help > 0 ? `(${help}) ${title}` : title;
  }, [current, help]);

  if (!session) return null;
  const { staff } = session;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Bỏ qua, đến nội dung chính
      </a>
      <header className="topbar">
        <div className="brand">Cổng hành chính công Lào Cai — Bảng điều hành</div>
        <div className="who" data-testid="who">
          <strong className="who-name">{staff.fullName}</strong>
          <span className="role-badge" data-role={staff.role}>
            {ROLE_LABEL[staff.role]}
          </span>
          {staff.agency && <span className="agency">{staff.agency.name}</span>}
          <button
            type="button"
            className="linkish"
            onClick={() => void logout().then(() => navigate("/login", { replace: true }))}
          >
            Đăng xuất
          </button>
        </div>
      </header>
      <nav className="sidenav" aria-label="Chức năng">
        {items.map((s) =>
          s.href ? (
            <a key={s.path} href={s.href}>
              {s.title}
              <span className="out" aria-hidden="true">
                {" "}
                ↗
              </span>
            </a>
          ) : (
            <NavLink key={s.path} to={`/${s.path}`}>
              {s.title}
              <NavCount n={navCount(attention, s.path)} path={s.path} />
            </NavLink>
          ),
        )}
      </nav>
      <main className="content" id="main" tabIndex={-1}>
        {attention && attention.oa.state !== "connected" ? (
          <div className="error oa-down" role="alert" data-testid="oa-down">
            <strong>Zalo OA mất kết nối</strong>
            {attention.oa.lostAt ? ` từ ${formatDateTime(attention.oa.lostAt)}` : ""}: không tin nhắn hay cảnh
            báo nào đến được người dân qua Zalo (tin đang chờ sẽ gửi khi kết nối lại).{" "}
            {staff.role === "admin" ? (
              <Link to="/oa">Kết nối lại ngay</Link>
            ) : (
              "Hãy báo quản trị viên hệ thống kết nối lại."
            )}
          </div>
        ) : null}
        <Outlet />
      </main>
    </div>
  );
}
