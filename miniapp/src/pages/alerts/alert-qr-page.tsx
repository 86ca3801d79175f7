import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { Page } from "zmp-ui";
import { api, ApiError } from "../../api/client";
import { PageHeading } from "../../components/page-heading";
import { chooseLanguage } from "../../i18n/language-sync";
import { LANGUAGES, LANGUAGE_NATIVE_NAMES, type Language } from "../../i18n/languages";

interface Site {
  code: string;
  name: Record<Language, string>;
  communeName: string;
  days: number;
}

/**
 * The QR code printed at a tourist site or hotel opens #/alerts/qr/<site>: the visitor picks
 * their language (each named in itself) and is subscribed to the site's commune for the stay.
 */
export function AlertQrPage() {
  const { siteCode = "" } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [site, setSite] = useState<Site | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api
      .get<Site>(`/alerts/qr/${encodeURIComponent(siteCode)}`, { auth: false })
      .then(setSite, (e: unknown) => setError(e instanceof ApiError ? e.userMessage : t("alerts.loadError")));
  }, [siteCode, t]);

  async function subscribe(language: Language) {
    setBusy(true);
    setError(null);
    try {
      await chooseLanguage(language);
      await api.post(`/alerts/qr/${encodeURIComponent(siteCode)}`, { language });
      navigate("/alerts", { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.userMessage : t("alerts.saveError"));
      setBusy(false);
    }
  }

  const lang = (LANGUAGES as readonly string[]).includes(i18n.language) ? (i18n.language as Language) : "vi";
  const title = t("alerts.qrTitle");
  return (
    <Page className="app-page" name="alert-qr">
      <PageHeading documentTitle={title}>{title}</PageHeading>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {site && (
        <section className="card">
          <p>
            <strong>{site.name[lang]}</strong> · {site.communeName}
          </p>
          <p className="hint">{t("alerts.qrExplain", { days: site.days })}</p>
          <div className="lang-picker" role="group" aria-label={t("alerts.qrChooseLanguage")}>
            {LANGUAGES.map((l) => (
              <button
                key={l}
                type="button"
                lang={l}
                className="btn btn--primary btn--block"
                disabled={busy}
                onClick={() => void subscribe(l)}
              >
                {LANGUAGE_NATIVE_NAMES[l]}
              </button>
            ))}
          </div>
        </section>
      )}
    </Page>
  );
}
