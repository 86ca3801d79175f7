import { Navigate, Route, Routes } from "react-router-dom";
import { App, SnackbarProvider, ZMPRouter } from "zmp-ui";
import { AuthProvider } from "./auth/auth-context";
import { AppHeader } from "./components/app-header";
import { BottomNav } from "./components/bottom-nav";
import { OfflineBanner } from "./components/offline-banner";
import { useBrowserBackBridge } from "./navigation/back-navigation";
import { useDeepLink } from "./navigation/deep-link";
import { HomePage } from "./pages/home-page";
import { SectionPage } from "./pages/section-page";
import { SettingsPage } from "./pages/settings-page";
import { SECTIONS } from "./sections";
import { PaymentsPage } from "./pages/payments/payments-page";
import { MyDossiersPage } from "./pages/dossiers/my-dossiers-page";
import { FilingPage } from "./pages/filing/filing-page";
import { DossierDetailPage } from "./pages/dossiers/dossier-detail-page";

/** Sections whose own pages exist; the others still show the placeholder. */
const BUILT_SECTIONS = new Set<string>(["/payments", "/dossiers"]);

function Shell() {
  useBrowserBackBridge();
  useDeepLink();
  return (
    <div className="app-shell">
      <AppHeader />
      <OfflineBanner />
      <main className="app-main">
        <Routes>
          <Route path="/" element={<HomePage />} />
          {/* Later work replaces each placeholder with the section's own page tree. */}
          {SECTIONS.filter((s) => !BUILT_SECTIONS.has(s.path)).map((section) => (
            <Route key={section.id} path={section.path} element={<SectionPage sectionId={section.id} />} />
          ))}
          <Route path="/payments" element={<PaymentsPage />} />
          <Route path="/dossiers" element={<MyDossiersPage />} />
          <Route path="/procedures/:code/file" element={<FilingPage />} />
          <Route path="/dossiers/:code" element={<DossierDetailPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </main>
      <BottomNav />
    </div>
  );
}

export function PortalApp() {
  return (
    <App>
      <SnackbarProvider>
        {/* Memory router: in a production build ZMPRouter's browser router expects the URL
            /zapps/<APP_ID>, so serving the app at /miniapp/ would render a blank page. */}
        <ZMPRouter memoryRouter>
          <AuthProvider>
            <Shell />
          </AuthProvider>
        </ZMPRouter>
      </SnackbarProvider>
    </App>
  );
}
