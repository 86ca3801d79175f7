import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Navigate, Route, Routes } from "react-router-dom";
import { Layout } from "./layout";
import { LoginPage } from "./pages/login";
import { ComingSoon } from "./pages/coming-soon";
import { SECTIONS } from "./sections";
import { DossierViewPage } from "./pages/dossiers/dossier-view";
import { SessionProvider, useSession } from "./session";
import "./styles.css";

function Protected() {
  const { session, loading } = useSession();
  if (loading) return <p className="loading">Đang tải…</p>;
  if (!session) return <Navigate to="/login" replace />;
  const allowed = SECTIONS.filter((s) => s.roles.includes(session.staff.role) && !s.href);
  return (
    <Routes>
      <Route element={<Layout />}>
        {allowed.map((s) => (
          <Route key={s.path} path={s.path} element={s.page ? <s.page /> : <ComingSoon title={s.title} />} />
        ))}
        {allowed.some((s) => s.path === "dossiers") && (
          <Route path="dossiers/:code" element={<DossierViewPage />} />
        )}
        <Route path="*" element={<Navigate to={allowed[0]?.path ?? "dashboard"} replace />} />
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
