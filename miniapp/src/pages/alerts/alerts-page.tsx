import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Page } from "zmp-ui";
import { api, ApiError } from "../../api/client";
import { BackButton } from "../../components/back-button";
import { PageHeading } from "../../components/page-heading";
import { currentLanguage } from "../../i18n";
import { useCommunes, type CitizenAlert, type Subscription } from "./alert-api";
import { AlertCard } from "./alert-card";
import { EmergencyNumbers } from "../../components/emergency-numbers";

const LABELS = ["home", "work", "family"] as const;

/**
 * Cảnh báo thiên tai: the active alerts for the places I follow (in my language, with a
 * map and the safety answer), then the places themselves: add a commune, remove one.
 */
export function AlertsPage() {
  const { t, i18n } = useTranslation();
  const communes = useCommunes();
  const [alerts, setAlerts] = useState<CitizenAlert[] | null>(null);
  const [subs, setSubs] = useState<Subscription[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [unitCode, setUnitCode] = useState("");
  const [label, setLabel] = useState<(typeof LABELS)[number]>("home");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    const lang = currentLanguage();
    Promise.all([
      api.get<{ alerts: CitizenAlert[] }>("/alerts/active", { query: { lang } }),
      api.get<{ subscriptions: Subscription[] }>("/alerts/subscriptions"),
    ]).then(
      ([a, s]) => {
        setAlerts(a.alerts);
        setSubs(s.subscriptions);
        setError(null);
      },
      (e: unknown) => setError(e instanceof ApiError ? e.userMessage : t("alerts.loadError")),
    );
  }, [t]);
  useEffect(load, [load, i18n.language]);

  async function add(e: React.FormEvent) {
    e.preventDefault();
    setFieldError(null);
    if (!unitCode) {
      setFieldError(t("alerts.chooseCommune"));
      return;
    }
    setBusy(true);
    try {
      await api.post("/alerts/subscriptions", { unitCode, label });
      setUnitCode("");
      load();
    } catch (err) {
      setFieldError(
        err instanceof ApiError ? (err.fields?.[0]?.message ?? err.userMessage) : t("alerts.saveError"),
      );
    } finally {
      setBusy(false);
    }
  }

  async function remove(id: string) {
    try {
      await api.delete(`/alerts/subscriptions/${encodeURIComponent(id)}`);
      load();
    } catch (err) {
      setError(err instanceof ApiError ? err.userMessage : t("alerts.saveError"));
    }
  }

  const title = t("sections.alerts.title");
  return (
    <Page className="app-page" name="alerts">
      <BackButton />
      <PageHeading documentTitle={title}>{title}</PageHeading>
      {error && (
        <div className="notice notice--error" role="alert">
          <p>{error}</p>
          <button type="button" className="btn btn--secondary" onClick={load}>
            {t("common.retry")}
          </button>
        </div>
      )}
      <h2 className="section-heading">{t("alerts.activeHeading")}</h2>
      {alerts === null && !error && <p className="hint">{t("alerts.loading")}</p>}
      {alerts?.length === 0 && (
        <p className="hint">{subs?.length ? t("alerts.noneActive") : t("alerts.followFirst")}</p>
      )}
      {alerts?.map((a) => (
        <AlertCard key={a.id} alert={a} communes={communes} />
      ))}

      <h2 className="section-heading">{t("alerts.placesHeading")}</h2>
      {subs && subs.length > 0 && (
        <ul className="dossier-list" aria-label={t("alerts.placesHeading")}>
          {subs.map((s) => (
            <li
              key={s.id}
              className="card"
              style={{ display: "flex", alignItems: "center", gap: 8 }}
              data-testid="subscription"
            >
              <span style={{ flex: 1 }}>
                <strong>
                  {s.communeType === "phuong" ? t("alerts.ward") : t("alerts.commune")} {s.communeName}
                </strong>
                <br />
                <span className="hint">
                  {t(`alerts.labels.${s.label}`)}
                  {s.expiresAt
                    ? ` · ${t("alerts.until")} ${new Date(s.expiresAt).toLocaleDateString(i18n.language === "vi" ? "vi-VN" : i18n.language === "zh" ? "zh-CN" : "en-GB")}`
                    : ""}
                </span>
              </span>
              <button type="button" className="btn btn--secondary" onClick={() => void remove(s.id)}>
                {t("alerts.remove")}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="card filing-form" onSubmit={(e) => void add(e)} noValidate>
        <div className="field">
          <label htmlFor="alert-commune">{t("alerts.communeField")}</label>
          <select
            id="alert-commune"
            className="input"
            value={unitCode}
            onChange={(e) => setUnitCode(e.target.value)}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? "alert-commune-error" : undefined}
          >
            <option value="">{t("alerts.chooseCommune")}</option>
            {communes.map((c) => (
              <option key={c.code} value={c.code}>
                {c.type === "phuong" ? t("alerts.ward") : t("alerts.commune")} {c.name}
              </option>
            ))}
          </select>
          {fieldError && (
            <p id="alert-commune-error" className="field__error" role="alert">
              {fieldError}
            </p>
          )}
        </div>
        <fieldset className="field">
          <legend>{t("alerts.labelField")}</legend>
          {LABELS.map((l) => (
            <label key={l} className="radio">
              <input type="radio" name="label" value={l} checked={label === l} onChange={() => setLabel(l)} />{" "}
              {t(`alerts.labels.${l}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
          {t("alerts.follow")}
        </button>
      </form>
      <EmergencyNumbers />
    </Page>
  );
}
