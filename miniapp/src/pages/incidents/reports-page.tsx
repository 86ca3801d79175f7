import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { Page } from "zmp-ui";
import { api } from "../../api/client";
import { BackButton } from "../../components/back-button";
import { PageHeading } from "../../components/page-heading";
import { IncidentMap, type CommunePoint } from "./incident-map";
import {
  errorText,
  loadCategories,
  loadCommunes,
  type Category,
  type IncidentView,
  type MapPoint,
} from "./incidents-api";
import { IncidentList } from "./my-reports-page";
import "./incidents.css";

const PAGE = 30;

/**
 * The section's home: report a problem, my reports, and the province's public reports on a
 * list (a page at a time, "Xem thêm" for the next) or a map (every report the filters select,
 * clustered), without reporter identity, filtered by category, status and commune.
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
  const [next, setNext] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const [points, setPoints] = useState<{ points: MapPoint[]; truncated: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    loadCategories()
      .then(setCategories)
      .catch(() => undefined);
    loadCommunes()
      .then(setCommunes)
      .catch(() => undefined);
  }, []);
  const query = {
    category: filters.category || undefined,
    status: filters.status || undefined,
    commune: filters.commune || undefined,
  };
  const page = (after?: string) =>
    api.get<{ incidents: IncidentView[]; next: string | null }>("/incidents", {
      auth: false,
      query: { ...query, limit: PAGE, after },
    });
  useEffect(() => {
    setError(null);
    setPoints(null);
    page()
      .then((r) => {
        setItems(r.incidents);
        setNext(r.next);
      })
      .catch((e: unknown) => setError(errorText(e, t("incidents.loadError"))));
  }, [filters, t]);
  // The map wants every report of the filters, not the list's page: fetched when shown.
  useEffect(() => {
    if (view !== "map" || points) return;
    api
      .get<{ points: MapPoint[]; truncated: boolean }>("/incidents/points", { auth: false, query })
      .then(setPoints)
      .catch((e: unknown) => setError(errorText(e, t("incidents.loadError"))));
  }, [view, points, filters, t]);

  async function loadMore() {
    if (!next) return;
    setMore(true);
    try {
      const r = await page(next);
      setItems((all) => [...(all ?? []), ...r.incidents]);
      setNext(r.next);
    } catch (e) {
      setError(errorText(e, t("incidents.loadError")));
    } finally {
      setMore(false);
    }
  }
  const categoryName = (key: string) => categories.find((c) => c.key === key)?.names[lang] ?? key;

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
        <>
          <IncidentMap
            communes={communes}
            markers={(points?.points ?? []).map((p) => ({
              id: p.publicId,
              lat: p.lat,
              lon: p.lon,
              open: p.open,
              label: `${categoryName(p.category)}: ${t(p.open ? "incidents.open" : "incidents.closed")}`,
            }))}
            onMarker={(id) => navigate(`/reports/${id}`)}
          />
          {points?.truncated ? (
            <p className="hint">{t("incidents.mapTruncated", { count: points.points.length })}</p>
          ) : null}
        </>
      ) : (
        <>
          {items && items.length === 0 ? <p className="hint">{t("incidents.none")}</p> : null}
          <IncidentList items={items ?? []} onOpen={(id) => navigate(`/reports/${id}`)} />
          {next ? (
            <button
              type="button"
              className="btn btn--secondary btn--block"
              disabled={more}
              onClick={() => void loadMore()}
            >
              {t("incidents.loadMore")}
            </button>
          ) : null}
        </>
      )}
    </Page>
  );
}
