import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { Page } from "zmp-ui";
import { api, API_BASE } from "../../api/client";
import { BackButton } from "../../components/back-button";
import { PageHeading } from "../../components/page-heading";
import { errorText, vnDateTime, type IncidentView } from "./incidents-api";
import "./incidents.css";

/**
 * One report: what anyone may see, and for its reporter and supporters the timeline. The
 * reporter confirms the fix or reopens it, then rates the response (FixMyStreet's
 * questionnaire). Text is rendered by React, so markup in a report is shown, never run.
 */
export function ReportDetailPage() {
  const { publicId = "" } = useParams();
  const { t } = useTranslation();
  const [item, setItem] = useState<IncidentView | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [showReopen, setShowReopen] = useState(false);
  const [score, setScore] = useState(0);

  const load = useCallback(() => {
    api
      .get<IncidentView>(`/incidents/${publicId}`)
      .then(setItem)
      .catch((e: unknown) => setMessage(errorText(e, t("incidents.loadError"))));
  }, [publicId, t]);
  useEffect(load, [load]);

  async function act(path: string, body: unknown, done: string) {
    setMessage(null);
    try {
      setItem(await api.post<IncidentView>(`/incidents/${publicId}/${path}`, body));
      setInfo(done);
      setShowReopen(false);
    } catch (e) {
      setMessage(errorText(e, t("incidents.submitError")));
    }
  }

  const reporter = item?.role === "reporter";
  return (
    <Page className="app-page" name="report-detail">
      <BackButton />
      <PageHeading documentTitle={publicId}>{item ? item.categoryName : publicId}</PageHeading>
      {message ? (
        <p className="notice notice--error" role="alert">
          {message}
        </p>
      ) : null}
      {info ? (
        <p className="notice notice--info" role="status">
          {info}
        </p>
      ) : null}
      {item ? (
        <>
          <div className="card incident-detail">
            <span
              className={`incident-status ${item.open ? "is-open" : "is-closed"}`}
              data-testid="incident-status"
            >
              {item.statusText}
            </span>
            <p className="hint">
              {item.publicId} · {vnDateTime(item.createdAt)}
            </p>
            <p className="incident-detail__text">{item.description}</p>
            <dl className="incident-facts">
              {item.commune ? (
                <>
                  <dt>{t("incidents.commune")}</dt>
                  <dd>{item.commune.name}</dd>
                </>
              ) : null}
              {item.agency ? (
                <>
                  <dt>{t("incidents.agency")}</dt>
                  <dd>{item.agency}</dd>
                </>
              ) : null}
              {item.open && item.dueAt ? (
                <>
                  <dt>{t("incidents.due")}</dt>
                  <dd>{vnDateTime(item.dueAt)}</dd>
                </>
              ) : null}
              <dt>{t("incidents.reporter")}</dt>
              <dd>{item.reporterName ?? t("incidents.anonymousName")}</dd>
            </dl>
            <p className="hint">{t("incidents.supporters", { count: item.supporters + 1 })}</p>
            <div className="incident-photos">
              {item.photos.map((p) => (
                <figure key={p.id}>
                  <img src={`${API_BASE}${p.url.replace(/^\/api\/v1/, "")}`} alt="" loading="lazy" />
                </figure>
              ))}
            </div>
          </div>

          {!item.mine && item.open ? (
            <button
              type="button"
              className="btn btn--primary btn--block"
              onClick={() => void act("supporters", undefined, t("incidents.meTooDone"))}
            >
              {t("incidents.meToo")}
            </button>
          ) : null}

          {reporter && item.status === "fixed" && !item.fixConfirmedAt ? (
            <button
              type="button"
              className="btn btn--primary btn--block"
              onClick={() => void act("confirm-fix", undefined, t("incidents.confirmed"))}
            >
              ✓ {t("incidents.confirmFix")}
            </button>
          ) : null}
          {reporter && !item.open && item.status !== "hidden" ? (
            showReopen ? (
              <div className="card">
                <label className="field">
                  <span>{t("incidents.reopenReason")}</span>
                  <textarea
                    rows={3}
                    maxLength={1000}
                    value={reason}
                    onChange={(e) => setReason(e.target.value)}
                  />
                </label>
                <button
                  type="button"
                  className="btn btn--danger btn--block"
                  disabled={!reason.trim()}
                  onClick={() => void act("reopen", { reason }, t("incidents.sent"))}
                >
                  {t("incidents.send")}
                </button>
              </div>
            ) : (
              <button
                type="button"
                className="btn btn--secondary btn--block"
                onClick={() => setShowReopen(true)}
              >
                {t("incidents.reopen")}
              </button>
            )
          ) : null}
          {reporter && !item.open && item.status !== "hidden" ? (
            <div className="card">
              <p>{t("incidents.rate")}</p>
              <div className="stars" role="radiogroup" aria-label={t("incidents.rate")}>
                {[1, 2, 3, 4, 5].map((n) => (
                  <button
                    key={n}
                    type="button"
                    role="radio"
                    aria-checked={(item.rating?.score ?? score) === n}
                    aria-label={`${n}`}
                    className={`star${n <= (score || item.rating?.score || 0) ? " star--on" : ""}`}
                    onClick={() => {
                      setScore(n);
                      void act("rating", { score: n }, t("incidents.rated"));
                    }}
                  >
                    ★
                  </button>
                ))}
              </div>
            </div>
          ) : null}

          {item.events?.length ? (
            <section>
              <h2 className="section-heading">{t("incidents.timeline")}</h2>
              <ol className="timeline" data-testid="incident-timeline">
                {[...item.events].reverse().map((e, k) => (
                  <li key={k}>
                    <span className="timeline__what">{e.statusText}</span>
                    {e.note ? <span>{e.note}</span> : null}
                    <span className="timeline__when">{vnDateTime(e.at)}</span>
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
