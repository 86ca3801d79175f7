import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { Page } from "zmp-ui";
import { ApiError } from "../../api/client";
import { BackButton } from "../../components/back-button";
import { PageHeading } from "../../components/page-heading";
import { fetchCatalog, fetchFields, type CatalogPage, type ProcedureSummary } from "./catalog-api";
import "./catalog.css";

const LEVELS = ["", "commune", "province"] as const;
const SAVED = "laocai.catalog.filters";

interface Filters {
  q: string;
  field: string;
  level: (typeof LEVELS)[number];
}

function savedFilters(): Filters {
  try {
    return {
      q: "",
      field: "",
      level: "",
      ...(JSON.parse(sessionStorage.getItem(SAVED) ?? "{}") as Partial<Filters>),
    };
  } catch {
    return { q: "", field: "", level: "" };
  }
}

/** One line a citizen can act on: the procedure, where it is handled, how long it takes. */
export function ProcedureRow({ p }: { p: ProcedureSummary }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <li>
      <button type="button" className="card catalog-row" onClick={() => navigate(`/procedures/${p.code}`)}>
        <span className="catalog-row__name">{p.name}</span>
        <span className="hint">
          {p.field} · {t(`catalog.level.${p.level}`)}
        </span>
        <span className="catalog-row__meta">
          {p.onlineLevel !== "none" ? (
            <span className="catalog-online">{t(`catalog.online.${p.onlineLevel}`)}</span>
          ) : null}
          <span className="hint">
            {p.processingDays === 0
              ? t("catalog.sameDay")
              : t(`catalog.days.${p.processingUnit}`, { count: p.processingDays })}
          </span>
        </span>
      </button>
    </li>
  );
}

/**
 * Thủ tục hành chính: search as you type (diacritics, word order and small typos do not
 * matter: "kai sinh" finds "Đăng ký khai sinh"), or browse by field and level. Results come
 * a page at a time for weak networks; the filters survive going into a procedure and back.
 */
export function CatalogPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>(savedFilters);
  const [fields, setFields] = useState<{ name: string; count: number }[]>([]);
  const [result, setResult] = useState<CatalogPage | null>(null);
  const [items, setItems] = useState<ProcedureSummary[]>([]);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const debounce = useRef<ReturnType<typeof setTimeout>>();

  // The fields of the chosen level, with their counts; the search works without this list.
  useEffect(() => {
    fetchFields(filters.level)
      .then((r) => setFields(r.fields))
      .catch(() => undefined);
  }, [filters.level]);

  useEffect(() => {
    sessionStorage.setItem(SAVED, JSON.stringify(filters));
    const controller = new AbortController();
    clearTimeout(debounce.current);
    // Wait for a pause in typing: every request costs on a 2G connection.
    debounce.current = setTimeout(
      () => {
        setLoading(true);
        fetchCatalog({ ...filters, page }, controller.signal)
          .then((r) => {
            setResult(r);
            setItems((prev) => (page === 1 ? r.items : [...prev, ...r.items]));
            setError(null);
          })
          .catch((e: unknown) => {
            if (controller.signal.aborted) return;
            setError(e instanceof ApiError ? e.userMessage : t("catalog.loadError"));
          })
          .finally(() => setLoading(false));
      },
      page === 1 ? 300 : 0,
    );
    return () => {
      clearTimeout(debounce.current);
      controller.abort();
    };
  }, [filters, page, attempt, t]);

  const change = (patch: Partial<Filters>) => {
    setPage(1);
    setFilters((f) => ({ ...f, ...patch }));
  };

  const title = t("sections.procedures.title");
  const searching = filters.q.trim().length > 0;
  return (
    <Page className="app-page" name="procedures">
      <BackButton />
      <PageHeading documentTitle={title}>{title}</PageHeading>
      <div className="catalog-search" role="search">
        <label htmlFor="catalog-q" className="catalog-search__label">
          {t("catalog.searchLabel")}
        </label>
        <input
          id="catalog-q"
          className="input catalog-search__input"
          type="search"
          inputMode="search"
          autoComplete="off"
          enterKeyHint="search"
          placeholder={t("catalog.searchPlaceholder")}
          value={filters.q}
          maxLength={200}
          onChange={(e) => change({ q: e.target.value })}
        />
      </div>
      <div className="catalog-levels" role="group" aria-label={t("catalog.levelLabel")}>
        {LEVELS.map((l) => (
          <button
            key={l || "all"}
            type="button"
            className={`chip catalog-level${filters.level === l ? " catalog-level--on" : ""}`}
            aria-pressed={filters.level === l}
            onClick={() => change({ level: l })}
          >
            {l ? t(`catalog.level.${l}`) : t("catalog.allLevels")}
          </button>
        ))}
      </div>
      <label htmlFor="catalog-field" className="catalog-search__label">
        {t("catalog.fieldLabel")}
      </label>
      <select
        id="catalog-field"
        className="input catalog-field"
        value={filters.field}
        onChange={(e) => change({ field: e.target.value })}
      >
        <option value="">{t("catalog.allFields")}</option>
        {filters.field && !fields.some((f) => f.name === filters.field) ? (
          <option value={filters.field}>{filters.field} (0)</option>
        ) : null}
        {fields.map((f) => (
          <option key={f.name} value={f.name}>
            {f.name} ({f.count})
          </option>
        ))}
      </select>

      {error ? (
        <div className="notice notice--error" role="alert">
          <p>{error}</p>
          <button type="button" className="btn btn--secondary" onClick={() => setAttempt((a) => a + 1)}>
            {t("common.retry")}
          </button>
        </div>
      ) : null}
      {result ? (
        <p className="hint" aria-live="polite" data-testid="catalog-count">
          {searching
            ? t("catalog.found", { count: result.total })
            : t("catalog.total", { count: result.total })}
        </p>
      ) : null}
      {result && result.total === 0 ? <p className="notice notice--info">{t("catalog.none")}</p> : null}
      <ul className="catalog-list" data-testid="catalog-results">
        {items.map((p) => (
          <ProcedureRow key={p.code} p={p} />
        ))}
      </ul>
      {loading ? <p className="hint">{t("catalog.loading")}</p> : null}
      {result && items.length < result.total && !loading ? (
        <button type="button" className="btn btn--secondary btn--block" onClick={() => setPage((n) => n + 1)}>
          {t("catalog.more")}
        </button>
      ) : null}
    </Page>
  );
}
