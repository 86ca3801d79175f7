import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { Page } from "zmp-ui";
import { api, ApiError, API_BASE } from "../../api/client";
import { getToken } from "../../auth/session";
import { BackButton } from "../../components/back-button";
import { PageHeading } from "../../components/page-heading";
import { vnDate } from "./my-dossiers-page";
import { vnd } from "../../components/money";

interface DossierView {
  code: string;
  status: string;
  statusText: string;
  overdue: boolean;
  procedure: { code: string; name: string };
  agency: { name: string };
  appointmentAt: string | null;
  supplementNote: string | null;
  refusalReason: string | null;
  rating: { score: number; comment: string | null } | null;
  events: { at: string; status: string; statusText: string; actor: string; reason: string | null }[];
  allowedCitizenActions: ("supplement" | "rate")[];
  payments: {
    txnRef: string;
    amountVnd: number;
    status: "paid" | "refunded" | "partially_refunded";
    paidAt: string | null;
    receiptNo: string | null;
    refundedVnd: number;
    refunds: { amountVnd: number; reason: string; at: string }[];
  }[];
  receipt: {
    title: string;
    agency: string;
    code: string;
    applicant: string;
    procedure: string;
    receivedAt: string;
    documents: string[];
    appointmentDate: string | null;
    delivery: string;
  };
}

const vnDateTime = (iso: string) => {
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString();
  return `${d.slice(11, 16)} ${d.slice(0, 10).split("-").reverse().join("/")}`;
};

/** One dossier: the receipt (giấy tiếp nhận), the timeline, and what the citizen can do now. */
export function DossierDetailPage() {
  const { code = "" } = useParams();
  const { t } = useTranslation();
  const [d, setD] = useState<DossierView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState("");

  const load = useCallback(() => {
    api
      .get<DossierView>(`/dossiers/${encodeURIComponent(code)}`)
      .then(setD)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.userMessage : t("dossiers.loadError")));
  }, [code, t]);
  useEffect(load, [load]);

  async function sendSupplement(files: FileList | null) {
    if (!files?.length) return;
    setBusy(true);
    setError(null);
    try {
      const ids: string[] = [];
      for (const f of Array.from(files)) {
        const form = new FormData();
        form.append("file", f);
        const r = await fetch(`${API_BASE}/uploads`, {
          method: "POST",
          headers: { authorization: `Bearer ${getToken() ?? ""}` },
          body: form,
        });
        const body = (await r.json()) as { id?: string; error?: { userMessage: string } };
        if (!r.ok || !body.id) throw new Error(body.error?.userMessage ?? t("dossiers.uploadError"));
        ids.push(body.id);
      }
      setD(await api.post<DossierView>(`/dossiers/${encodeURIComponent(code)}/supplement`, { fileIds: ids }));
    } catch (e) {
      setError(
        e instanceof ApiError ? e.userMessage : e instanceof Error ? e.message : t("dossiers.uploadError"),
      );
    } finally {
      setBusy(false);
    }
  }

  async function rate() {
    setBusy(true);
    try {
      setD(
        await api.post<DossierView>(`/dossiers/${encodeURIComponent(code)}/rating`, {
          score,
          ...(comment ? { comment } : {}),
        }),
      );
    } catch (e) {
      setError(e instanceof ApiError ? e.userMessage : t("dossiers.loadError"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page className="app-page" name="dossier">
      <BackButton />
      <PageHeading documentTitle={code}>{d?.procedure.name ?? code}</PageHeading>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {d ? (
        <>
          <p className={`badge badge--${d.overdue ? "overdue" : d.status}`} data-testid="dossier-status">
            {d.statusText}
          </p>
          {d.allowedCitizenActions.includes("supplement") ? (
            <section className="notice notice--info" aria-labelledby="supplement-heading">
              <h2 id="supplement-heading" className="notice__title">
                {t("dossiers.supplementNeeded")}
              </h2>
              <p data-testid="supplement-note">{d.supplementNote}</p>
              <label className="btn btn--primary btn--block">
                {busy ? t("dossiers.uploading") : t("dossiers.addDocuments")}
                <input
                  type="file"
                  accept="image/*,application/pdf"
                  multiple
                  hidden
                  disabled={busy}
                  onChange={(e) => void sendSupplement(e.target.files)}
                />
              </label>
            </section>
          ) : null}
          {d.allowedCitizenActions.includes("rate") ? (
            <section className="card" aria-labelledby="rate-heading">
              <h2 id="rate-heading" className="section-heading">
                {t("dossiers.rateHeading")}
              </h2>
              <div className="stars" role="radiogroup" aria-label={t("dossiers.rateHeading")}>
                {[1, 2, 3, 4, 5].map((n) => (
                  <button
                    key={n}
                    type="button"
                    role="radio"
                    aria-checked={score === n}
                    aria-label={`${n}/5`}
                    className={n <= score ? "star star--on" : "star"}
                    onClick={() => setScore(n)}
                  >
                    ★
                  </button>
                ))}
              </div>
              <textarea
                className="input"
                rows={3}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                placeholder={t("dossiers.commentPlaceholder")}
              />
              <button
                type="button"
                className="btn btn--primary btn--block"
                disabled={!score || busy}
                onClick={() => void rate()}
              >
                {t("dossiers.sendRating")}
              </button>
            </section>
          ) : null}
          {d.rating ? <p className="hint">{t("dossiers.rated", { score: d.rating.score })}</p> : null}
          <section className="card receipt" aria-labelledby="receipt-heading">
            <h2 id="receipt-heading" className="receipt__title">
              {d.receipt.title}
            </h2>
            <p>{d.receipt.agency}</p>
            <dl>
              <dt>{t("dossiers.code")}</dt>
              <dd className="receipt__code" data-testid="dossier-code">
                {d.receipt.code}
              </dd>
              <dt>{t("dossiers.applicant")}</dt>
              <dd>{d.receipt.applicant}</dd>
              <dt>{t("dossiers.receivedAt")}</dt>
              <dd>{vnDateTime(d.receipt.receivedAt)}</dd>
              <dt>{t("dossiers.appointment")}</dt>
              <dd>
                <strong>{d.receipt.appointmentDate ?? vnDate(d.appointmentAt)}</strong>
              </dd>
              <dt>{t("dossiers.delivery")}</dt>
              <dd>{d.receipt.delivery}</dd>
            </dl>
          </section>
          {d.payments.length ? (
            <>
              <h2 className="section-heading">{t("dossiers.paymentsHeading")}</h2>
              <ul className="pay-history" data-testid="dossier-payments">
                {d.payments.map((p) => (
                  <li className="card" key={p.txnRef}>
                    <p>
                      {vnd(p.amountVnd)} —{" "}
                      <span className={`pay-status pay-status--${p.status}`}>
                        {t(`payments.status.${p.status}`)}
                      </span>
                    </p>
                    {p.paidAt ? <p className="hint">{vnDateTime(p.paidAt)}</p> : null}
                    {p.receiptNo ? (
                      <p className="hint">{t("dossiers.receiptNo", { no: p.receiptNo })}</p>
                    ) : null}
                    {p.refunds.map((r) => (
                      <p className="hint" key={r.at}>
                        {t("payments.refunded", { amount: vnd(r.amountVnd) })} — {r.reason}
                      </p>
                    ))}
                    <a className="btn btn--secondary" href={`#/payments/${encodeURIComponent(p.txnRef)}`}>
                      {t("dossiers.openPayment")}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h2 className="section-heading">{t("dossiers.timeline")}</h2>
          <ol className="timeline">
            {[...d.events].reverse().map((e, i) => (
              <li key={i}>
                <span className="timeline__when">{vnDateTime(e.at)}</span>
                <span className="timeline__what">{e.statusText}</span>
                {e.reason ? <span className="hint">{e.reason}</span> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </Page>
  );
}
