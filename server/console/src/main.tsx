import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Navigate, Route, Routes, useLocation } from "react-router-dom";
import { Layout } from "./layout";
import { LoginPage } from "./pages/login";
import { sectionsFor } from "./sections";
import { SessionProvider, useSession } from "./session";
import "./styles.css";

function Protected() {
  const { session, loading } = useSession();
  const location = useLocation();
  if (loading) return <p className="loading">Đang tải…</p>;
  if (!session) {
    // Back to where the user was after signing in again (the path is checked on the way out).
    const here =
      location.pathname === "/" ? "" : `?next=${encodeURIComponent(`/console${location.pathname}`)}`;
    return <Navigate to={`/login${here}`} replace />;
  }
  const allowed = sectionsFor(session.staff.role).filter((s) => !s.href);
  return (
    <Routes>
      <Route element={<Layout />}>
        {allowed.map((s) => (
          <Route key={s.path} path={s.path}>
            {s.page ? <Route index element={<s.page />} /> : null}
            {s.routes?.map((sub) => (
              <Route key={sub.path} path={sub.path} element={<sub.page />} />
            ))}
          </Route>
        ))}
        <Route path="*" element={<Navigate to={`/${allowed[0]?.path ?? "dashboard"}`} replace />} />
      </Route>
    </Routes>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <BrowserRouter basename="/console">
      <SessionProvider>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/*" element={<Protected />} />
        </Routes>
      </SessionProvider>
    </BrowserRouter>
  </StrictMode>,
);
