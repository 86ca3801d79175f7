import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { Page } from "zmp-ui";
import { api } from "../../api/client";
import { useAuth } from "../../auth/auth-context";
import { describeErrorOr } from "../../i18n/describe-error";
import { BackButton } from "../../components/back-button";
import { PageHeading } from "../../components/page-heading";

interface Summary {
  code: string;
  procedureName: string;
  status: string;
  statusText: string;
  overdue: boolean;
  appointmentAt: string | null;
}

/** The list kept on the phone for weak networks, per citizen: a shared phone shows no one else's. */
const cacheKey = (citizenId: string) => `laocai.dossiers.${citizenId}`;

function readCache(citizenId: string): Summary[] | null {
  try {
    return JSON.parse(localStorage.getItem(cacheKey(citizenId)) ?? "null") as Summary[] | null;
  } catch {
    return null;
  }
}
export const vnDate = (iso: string | null) =>
  iso
    ? new Date(new Date(iso).getTime() + 7 * 3600_000)
        .toISOString()
        .slice(0, 10)
        .split("-")
        .reverse()
        .join("/")
    : "—";

/** "Hồ sơ của tôi": every dossier the citizen filed, newest first, kept on the phone for weak networks. */
export function MyDossiersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const citizenId = useAuth().citizen?.id ?? null;
  const [items, setItems] = useState<Summary[] | null>(() => (citizenId ? readCache(citizenId) : null));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!citizenId) return; // signing in: the list is read once we know whose it is
    setItems(readCache(citizenId));
    let cancelled = false;
    api
      .get<{ dossiers: Summary[] }>("/dossiers")
      .then((r) => {
        if (cancelled) return;
        setItems(r.dossiers);
        localStorage.setItem(cacheKey(citizenId), JSON.stringify(r.dossiers));
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(describeErrorOr(e, t, t("dossiers.loadError")));
      });
    return () => {
      cancelled = true;
    };
  }, [t, citizenId]);
  const title = t("sections.dossiers.title");
  return (
    <Page className="app-page" name="dossiers">
      <BackButton />
      <PageHeading documentTitle={title}>{title}</PageHeading>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {items && items.length === 0 ? <p className="hint">{t("dossiers.none")}</p> : null}
      <ul className="dossier-list">
        {items?.map((d) => (
          <li key={d.code}>
            <button
              type="button"
              className="card dossier-row"
              onClick={() => navigate(`/dossiers/${d.code}`)}
            >
              <span className="dossier-row__name">{d.procedureName}</span>
              <span className="dossier-row__code">{d.code}</span>
              <span className={`badge badge--${d.overdue ? "overdue" : d.status}`}>
                {d.overdue ? `${d.statusText} · ${t("dossiers.overdue")}` : d.statusText}
              </span>
              <span className="hint">
                {t("dossiers.appointment")}: {vnDate(d.appointmentAt)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </Page>
  );
}
