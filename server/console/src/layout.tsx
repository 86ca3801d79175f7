import { NavLink, Outlet } from "react-router-dom";
import { ROLE_LABEL } from "./api";
import { SECTIONS } from "./sections";
import { useSession } from "./session";

export function Layout() {
  const { session, logout } = useSession();
  if (!session) return null;
  const { staff } = session;
  const items = SECTIONS.filter((s) => s.roles.includes(staff.role));
  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">Cổng hành chính công Lào Cai — Bảng điều hành</div>
        <div className="who" data-testid="who">
          <strong>{staff.fullName}</strong>
          <span className="role">{ROLE_LABEL[staff.role]}</span>
          {staff.agency && <span className="agency">{staff.agency.name}</span>}
          <button type="button" className="linkish" onClick={() => void logout()}>
            Đăng xuất
          </button>
        </div>
      </header>
      <nav className="sidenav" aria-label="Chức năng">
        {items.map((s) =>
          s.href ? (
            <a key={s.path} href={s.href}>
              {s.title}
            </a>
          ) : (
            <NavLink key={s.path} to={`/${s.path}`}>
              {s.title}
            </NavLink>
          ),
        )}
      </nav>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}
