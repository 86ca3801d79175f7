import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { Page } from "zmp-ui";
import { api, ApiError } from "../../api/client";
import { BackButton } from "../../components/back-button";
import { PageHeading } from "../../components/page-heading";
import { currentLanguage } from "../../i18n";
import { useCommunes, type CitizenAlert } from "./alert-api";
import { AlertCard } from "./alert-card";
import { EmergencyNumbers } from "../../components/emergency-numbers";

/** One alert, opened from the Zalo message (#/alerts/<id>). */
export function AlertDetailPage() {
  const { id = "" } = useParams();
  const { t, i18n } = useTranslation();
  const communes = useCommunes();
  const [alert, setAlert] = useState<CitizenAlert | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<CitizenAlert>(`/alerts/${encodeURIComponent(id)}`, { query: { lang: currentLanguage() } }).then(
      (a) => {
        setAlert(a);
        setError(null);
      },
      (e: unknown) => setError(e instanceof ApiError ? e.userMessage : t("alerts.loadError")),
    );
  }, [id, t, i18n.language]);
  const title = t("sections.alerts.title");
  return (
    <Page className="app-page" name="alert-detail">
      <BackButton />
      <PageHeading documentTitle={title}>{title}</PageHeading>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {!alert && !error && <p className="hint">{t("alerts.loading")}</p>}
      {alert && alert.status !== "active" && (
        <p className="notice notice--info">
          {t(alert.status === "cancelled" ? "alerts.cancelledNote" : "alerts.endedNote")}
        </p>
      )}
      {alert && <AlertCard alert={alert} communes={communes} />}
      <EmergencyNumbers />
    </Page>
  );
}
