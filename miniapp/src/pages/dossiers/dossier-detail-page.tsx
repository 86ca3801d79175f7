import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { Page } from "zmp-ui";
import { api, apiUpload } from "../../api/client";
import { BackButton } from "../../components/back-button";
import { describeErrorOr } from "../../i18n/describe-error";
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
    /** dd/mm/yyyy: the day of receipt under the one-stop rules (the day the code carries). */
    receiptDate: string;
    documents: { label: string; files: number }[];
    appointmentDate: string | null;
    delivery: string;
    deliveryAddress: string | null;
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
      .catch((e: unknown) => setError(describeErrorOr(e, t, t("dossiers.loadError"))));
  }, [code, t]);
  useEffect(load, [load]);

  async function sendSupplement(files: FileList | null) {
    if (!files?.length) return;
    setBusy(true);
    setError(null);
    try {
      const ids: string[] = [];
      for (const f of Array.from(files)) ids.push((await apiUpload<{ id: string }>("/uploads", f)).id);
      setD(await api.post<DossierView>(`/dossiers/${encodeURIComponent(code)}/supplement`, { fileIds: ids }));
    } catch (e) {
      setError(describeErrorOr(e, t, t("dossiers.uploadError")));
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
      setError(describeErrorOr(e, t, t("dossiers.loadError")));
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
              <dt>{t("dossiers.procedure")}</dt>
              <dd data-testid="receipt-procedure">{d.receipt.procedure}</dd>
              <dt>{t("dossiers.applicant")}</dt>
              <dd>{d.receipt.applicant}</dd>
              <dt>{t("dossiers.receiptDate")}</dt>
              <dd data-testid="receipt-date">{d.receipt.receiptDate}</dd>
              <dt>{t("dossiers.receivedAt")}</dt>
              <dd>{vnDateTime(d.receipt.receivedAt)}</dd>
              <dt>{t("dossiers.documentsReceived")}</dt>
              <dd>
                {d.receipt.documents.length ? (
                  <ul className="receipt__documents" data-testid="receipt-documents">
                    {d.receipt.documents.map((doc) => (
                      <li key={doc.label}>
                        {doc.label} — {t("dossiers.files", { count: doc.files })}
                      </li>
                    ))}
                  </ul>
                ) : (
                  t("dossiers.noDocuments")
                )}
              </dd>
              <dt>{t("dossiers.appointment")}</dt>
              <dd>
                <strong>{d.receipt.appointmentDate ?? vnDate(d.appointmentAt)}</strong>
              </dd>
              <dt>{t("dossiers.delivery")}</dt>
              <dd data-testid="receipt-delivery">
                {d.receipt.delivery}
                {d.receipt.deliveryAddress ? (
                  <>
                    <br />
                    {t("dossiers.deliveryAddress")}: {d.receipt.deliveryAddress}
                  </>
                ) : null}
              </dd>
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
