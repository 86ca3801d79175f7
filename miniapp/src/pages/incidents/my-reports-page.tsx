import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { Page } from "zmp-ui";
import { api } from "../../api/client";
import { BackButton } from "../../components/back-button";
import { PageHeading } from "../../components/page-heading";
import { errorText, vnDateTime, type IncidentView } from "./incidents-api";
import "./incidents.css";

const CACHE_KEY = "laocai.reports.mine";

/** "Phản ánh của tôi": what I reported or follow, kept on the phone for weak networks. */
export function MyReportsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [items, setItems] = useState<IncidentView[] | null>(() => {
    try {
      return JSON.parse(localStorage.getItem(CACHE_KEY) ?? "null") as IncidentView[] | null;
    } catch {
      return null;
    }
  });
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .get<{ incidents: IncidentView[] }>("/incidents/mine")
      .then((r) => {
        setItems(r.incidents);
        localStorage.setItem(CACHE_KEY, JSON.stringify(r.incidents));
      })
      .catch((e: unknown) => setError(errorText(e, t("incidents.loadError"))));
  }, [t]);
  return (
    <Page className="app-page" name="reports-mine">
      <BackButton />
      <PageHeading documentTitle={t("incidents.mine")}>{t("incidents.mine")}</PageHeading>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {items && items.length === 0 ? <p className="hint">{t("incidents.none")}</p> : null}
      <IncidentList items={items ?? []} onOpen={(id) => navigate(`/reports/${id}`)} />
    </Page>
  );
}

export function IncidentList(props: { items: IncidentView[]; onOpen: (publicId: string) => void }) {
  return (
    <ul className="incident-list">
      {props.items.map((i) => (
        <li key={i.publicId}>
          <button type="button" className="card incident-row" onClick={() => props.onOpen(i.publicId)}>
            <span className="incident-row__title">{i.categoryName}</span>
            <span className="incident-row__text">{i.description}</span>
            <span className={`incident-status ${i.open ? "is-open" : "is-closed"}`}>{i.statusText}</span>
            <span className="hint">
              {i.publicId} · {i.commune?.name ?? ""} · {vnDateTime(i.createdAt)}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
