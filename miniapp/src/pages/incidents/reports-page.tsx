import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { Page } from "zmp-ui";
import { api } from "../../api/client";
import { BackButton } from "../../components/back-button";
import { PageHeading } from "../../components/page-heading";
import { IncidentMap, type CommunePoint } from "./incident-map";
import { errorText, loadCategories, loadCommunes, type Category, type IncidentView } from "./incidents-api";
import { IncidentList } from "./my-reports-page";
import "./incidents.css";

/**
 * The section's home: report a problem, my reports, and the province's public reports on a
 * list or a map (no reporter identity), filtered by category, status and commune.
 */
export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const lang = (["vi", "en", "zh"].includes(i18n.language) ? i18n.language : "vi") as "vi" | "en" | "zh";
  const [categories, setCategories] = useState<Category[]>([]);
  const [communes, setCommunes] = useState<CommunePoint[]>([]);
  const [filters, setFilters] = useState({ category: "", status: "open", commune: "" });
  const [view, setView] = useState<"list" | "map">("list");
  const [items, setItems] = useState<IncidentView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    loadCategories()
      .then(setCategories)
      .catch(() => undefined);
    loadCommunes()
      .then(setCommunes)
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    setError(null);
    api
      .get<{ incidents: IncidentView[] }>("/incidents", {
        auth: false,
        query: {
          category: filters.category || undefined,
          status: filters.status || undefined,
          commune: filters.commune || undefined,
          limit: 100,
        },
      })
      .then((r) => setItems(r.incidents))
      .catch((e: unknown) => setError(errorText(e, t("incidents.loadError"))));
  }, [filters, t]);

  const title = t("sections.reports.title");
  return (
    <Page className="app-page" name="reports">
      <BackButton />
      <PageHeading documentTitle={title}>{title}</PageHeading>
      <button type="button" className="btn btn--primary btn--block" onClick={() => navigate("/reports/new")}>
        {t("incidents.new")}
      </button>
      <button
        type="button"
        className="btn btn--secondary btn--block"
        onClick={() => navigate("/reports/mine")}
      >
        {t("incidents.mine")}
      </button>

      <h2 className="section-heading">{t("incidents.public")}</h2>
      <div className="incident-filters">
        <select
          aria-label={t("incidents.allCategories")}
          value={filters.category}
          onChange={(e) => setFilters({ ...filters, category: e.target.value })}
        >
          <option value="">{t("incidents.allCategories")}</option>
          {categories.map((c) => (
            <option key={c.key} value={c.key}>
              {c.names[lang]}
            </option>
          ))}
        </select>
        <select
          aria-label={t("incidents.allStatuses")}
          value={filters.status}
          onChange={(e) => setFilters({ ...filters, status: e.target.value })}
        >
          <option value="">{t("incidents.allStatuses")}</option>
          <option value="open">{t("incidents.open")}</option>
          <option value="closed">{t("incidents.closed")}</option>
        </select>
        <select
          aria-label={t("incidents.allCommunes")}
          value={filters.commune}
          onChange={(e) => setFilters({ ...filters, commune: e.target.value })}
        >
          <option value="">{t("incidents.allCommunes")}</option>
          {communes.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div className="incident-tabs" role="tablist">
        {(["list", "map"] as const).map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={view === v}
            className={`chip${view === v ? " is-selected" : ""}`}
            onClick={() => setView(v)}
          >
            {t(`incidents.${v}`)}
          </button>
        ))}
      </div>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {view === "map" ? (
        <IncidentMap
          communes={communes}
          markers={(items ?? []).map((i) => ({
            id: i.publicId,
            lat: i.lat,
            lon: i.lon,
            open: i.open,
            label: `${i.categoryName}: ${i.statusText}`,
          }))}
          onMarker={(id) => navigate(`/reports/${id}`)}
        />
      ) : (
        <>
          {items && items.length === 0 ? <p className="hint">{t("incidents.none")}</p> : null}
          <IncidentList items={items ?? []} onOpen={(id) => navigate(`/reports/${id}`)} />
        </>
      )}
    </Page>
  );
}
