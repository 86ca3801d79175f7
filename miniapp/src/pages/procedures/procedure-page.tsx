import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { Page } from "zmp-ui";
import { ApiError } from "../../api/client";
import { BackButton } from "../../components/back-button";
import { PageHeading } from "../../components/page-heading";
import { fetchProcedure, vnd, type ProcedureDetail } from "./catalog-api";
import "./catalog.css";

const EXEMPT_GROUPS = ["poor_household", "disabled", "revolutionary_family"] as const;
const isKnownGroup = (g: string): g is (typeof EXEMPT_GROUPS)[number] =>
  (EXEMPT_GROUPS as readonly string[]).includes(g);

const cacheKey = (code: string) => `laocai.procedure.${code}`;

function groupDocuments(docs: ProcedureDetail["requiredDocuments"]) {
  const groups = new Map<string, ProcedureDetail["requiredDocuments"]>();
  for (const d of docs) groups.set(d.group, [...(groups.get(d.group) ?? []), d]);
  return [...groups.entries()];
}

/**
 * One procedure, what a citizen needs before filing: purpose, who may file, the documents,
 * fees, how long it takes, whether it can be done online and which office handles it; then
 * "Nộp hồ sơ" into the filing pages. Kept on the phone so it opens again without a network.
 */
export function ProcedurePage() {
  const { code = "" } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [p, setP] = useState<ProcedureDetail | null>(() => {
    try {
      return JSON.parse(localStorage.getItem(cacheKey(code)) ?? "null") as ProcedureDetail | null;
    } catch {
      return null;
    }
  });
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    fetchProcedure(code)
      .then((d) => {
        setP(d);
        setError(null);
        localStorage.setItem(cacheKey(code), JSON.stringify(d));
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) {
          localStorage.removeItem(cacheKey(code));
          setP(null);
        }
        setError(e instanceof ApiError ? e.userMessage : t("catalog.loadError"));
      });
  }, [code, attempt, t]);

  const title = p?.name ?? t("sections.procedures.title");
  const exempt = (g: string) => (isKnownGroup(g) ? t(`catalog.exempt.${g}`) : g);
  return (
    <Page className="app-page" name="procedure">
      <BackButton />
      <PageHeading documentTitle={title}>{title}</PageHeading>
      {error ? (
        <div className="notice notice--error" role="alert">
          <p>{error}</p>
          <button type="button" className="btn btn--secondary" onClick={() => setAttempt((a) => a + 1)}>
            {t("common.retry")}
          </button>
        </div>
      ) : null}
      {p ? (
        <>
          <dl className="card procedure-facts">
            <div>
              <dt>{t("catalog.code")}</dt>
              <dd>{p.code}</dd>
            </div>
            <div>
              <dt>{t("catalog.field")}</dt>
              <dd>
                {p.field} · {t(`catalog.level.${p.level}`)}
              </dd>
            </div>
            <div>
              <dt>{t("catalog.agency")}</dt>
              <dd data-testid="procedure-agency">
                {p.agency ? p.agency.name : t("catalog.communeCommittee")}
              </dd>
            </div>
            <div>
              <dt>{t("catalog.time")}</dt>
              <dd data-testid="procedure-time">
                {p.processingDays === 0
                  ? t("catalog.sameDay")
                  : t(`catalog.days.${p.processingUnit}`, { count: p.processingDays })}
                {p.processingNote ? <span className="hint"> — {p.processingNote}</span> : null}
              </dd>
            </div>
            <div>
              <dt>{t("catalog.onlineLabel")}</dt>
              <dd>{t(`catalog.onlineLong.${p.onlineLevel}`)}</dd>
            </div>
          </dl>

          <h2 className="section-heading">{t("catalog.purpose")}</h2>
          <p data-testid="procedure-purpose">{p.purpose ?? t("catalog.notGiven")}</p>
          <h2 className="section-heading">{t("catalog.eligibility")}</h2>
          <p data-testid="procedure-eligibility">{p.eligibility ?? t("catalog.notGiven")}</p>

          <h2 className="section-heading">{t("catalog.documents")}</h2>
          {p.requiredDocuments.length === 0 ? <p>{t("catalog.notGiven")}</p> : null}
          <div data-testid="procedure-documents">
            {groupDocuments(p.requiredDocuments).map(([group, docs]) => (
              <section key={group}>
                <h3 className="catalog-search__label">{group}</h3>
                <ol className="procedure-docs">
                  {docs.map((d, i) => (
                    <li key={i}>
                      {d.document} <span className="procedure-docs__qty">({d.quantity})</span>
                    </li>
                  ))}
                </ol>
              </section>
            ))}
          </div>

          <h2 className="section-heading">{t("catalog.fees")}</h2>
          <div data-testid="procedure-fees">
            {p.fees.length === 0 ? <p>{t("catalog.noFee")}</p> : null}
            <ul className="procedure-docs">
              {p.fees.map((f, i) => (
                <li key={i}>
                  {f.label}: <strong>{vnd(f.amountVnd)}</strong> {t(`catalog.per.${f.per}`)}
                  {f.exemptGroups.length > 0 ? (
                    <span className="hint">
                      {" "}
                      — {t("catalog.exemptFor", { who: f.exemptGroups.map(exempt).join(", ") })}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
            {p.feeNote ? <p className="hint">{p.feeNote}</p> : null}
          </div>

          {p.onlineLevel === "none" ? (
            <p className="notice notice--info">{t("catalog.inPersonOnly")}</p>
          ) : (
            // Kept in view at the bottom while the citizen reads a long list of documents.
            <div className="procedure-file-bar">
              <button
                type="button"
                className="btn btn--primary btn--block procedure-file"
                onClick={() => navigate(`/procedures/${p.code}/file`)}
              >
                {t("catalog.file")}
              </button>
            </div>
          )}
        </>
      ) : null}
    </Page>
  );
}
