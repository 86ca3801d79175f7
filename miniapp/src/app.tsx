import { Navigate, Route, Routes } from "react-router-dom";
import { App, SnackbarProvider, ZMPRouter } from "zmp-ui";
import { AuthProvider } from "./auth/auth-context";
import { AppHeader } from "./components/app-header";
import { BottomNav } from "./components/bottom-nav";
import { OfflineBanner } from "./components/offline-banner";
import { useBrowserBackBridge } from "./navigation/back-navigation";
import { useDeepLink } from "./navigation/deep-link";
import { HomePage } from "./pages/home-page";
import { SettingsPage } from "./pages/settings-page";
import { PaymentsPage } from "./pages/payments/payments-page";
import { MyDossiersPage } from "./pages/dossiers/my-dossiers-page";
import { FilingPage } from "./pages/filing/filing-page";
import { DossierDetailPage } from "./pages/dossiers/dossier-detail-page";
import { CatalogPage } from "./pages/procedures/catalog-page";
import { ProcedurePage } from "./pages/procedures/procedure-page";
import { ReportsPage } from "./pages/incidents/reports-page";
import { ReportFlowPage } from "./pages/incidents/report-flow-page";
import { MyReportsPage } from "./pages/incidents/my-reports-page";
import { ReportDetailPage } from "./pages/incidents/report-detail-page";
import { AlertsPage } from "./pages/alerts/alerts-page";
import { AlertDetailPage } from "./pages/alerts/alert-detail-page";
import { AlertQrPage } from "./pages/alerts/alert-qr-page";

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
          <Route path="/payments" element={<PaymentsPage />} />
          <Route path="/dossiers" element={<MyDossiersPage />} />
          <Route path="/procedures" element={<CatalogPage />} />
          <Route path="/procedures/:code" element={<ProcedurePage />} />
          <Route path="/procedures/:code/file" element={<FilingPage />} />
          <Route path="/dossiers/:code" element={<DossierDetailPage />} />
          <Route path="/reports" element={<ReportsPage />} />
          <Route path="/reports/new" element={<ReportFlowPage />} />
          <Route path="/reports/mine" element={<MyReportsPage />} />
          <Route path="/reports/:publicId" element={<ReportDetailPage />} />
          <Route path="/alerts" element={<AlertsPage />} />
          <Route path="/alerts/qr/:siteCode" element={<AlertQrPage />} />
          <Route path="/alerts/:id" element={<AlertDetailPage />} />
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
