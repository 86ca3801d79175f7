import { useEffect } from "react";
import { NavLink, Outlet, useLocation, useNavigate } from "react-router-dom";
import { ROLE_LABEL } from "./api";
import { sectionsFor } from "./sections";
import { useSession } from "./session";

const APP_TITLE = "Bảng điều hành — Cổng hành chính công Lào Cai";

export function Layout() {
  const { session, logout } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const items = session ? sectionsFor(session.staff.role) : [];
  const current = items.find((s) => pathname === `/${s.path}` || pathname.startsWith(`/${s.path}/`));

  useEffect(() => {
    document.title = current ? `${current.title} — ${APP_TITLE}` : APP_TITLE;
  }, [current]);

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
            </NavLink>
          ),
        )}
      </nav>
      <main className="content" id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
