import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Page } from "zmp-ui";
import { api, apiBlob, ApiError } from "../../api/client";
import { BackButton } from "../../components/back-button";
import { PageHeading } from "../../components/page-heading";
import { vnd } from "../../components/money";

interface DueItem {
  dossierCode: string;
  procedureName: string;
  amountVnd: number;
  lines: { label: string; amountVnd: number; quantity: number }[];
}
interface PaymentItem {
  txnRef: string;
  dossierCode: string;
  procedureName: string;
  amountVnd: number;
  status: "pending" | "paid" | "failed" | "expired" | "refunded" | "partially_refunded";
  paidAt: string | null;
  receiptNo: string | null;
  refundedVnd: number;
}
interface Overview {
  due: DueItem[];
  payments: PaymentItem[];
}

const CACHE_KEY = "laocai.payments";

/**
 * Thanh toán: what the citizen owes on each dossier, a button that opens VNPay, and the
 * payments made with their receipts. The result shown after VNPay is always our record
 * (the IPN), never what the browser was told.
 */
export function PaymentsPage() {
  const { t, i18n } = useTranslation();
  const [data, setData] = useState<Overview | null>(() => {
    try {
      return JSON.parse(localStorage.getItem(CACHE_KEY) ?? "null") as Overview | null;
    } catch {
      return null;
    }
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(() => {
    api
      .get<Overview>("/payments")
      .then((d) => {
        setData(d);
        setError(null);
        localStorage.setItem(CACHE_KEY, JSON.stringify(d));
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.userMessage : t("payments.loadError")));
  }, [t]);
  useEffect(load, [load]);

  async function pay(code: string) {
    setBusy(code);
    try {
      const r = await api.post<{ payUrl: string }>(`/dossiers/${encodeURIComponent(code)}/payments`, {
        locale: i18n.language === "vi" ? "vn" : "en",
      });
      window.location.assign(r.payUrl);
    } catch (e) {
      setError(e instanceof ApiError ? e.userMessage : t("payments.payError"));
      setBusy(null);
    }
  }

  async function receipt(txnRef: string) {
    try {
      const blob = await apiBlob(`/payments/${encodeURIComponent(txnRef)}/receipt.pdf`);
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `bien-lai-${txnRef}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 30_000);
    } catch (e) {
      setError(e instanceof ApiError ? e.userMessage : t("payments.receiptError"));
    }
  }

  const title = t("sections.payments.title");
  return (
    <Page className="app-page" name="payments">
      <BackButton />
      <PageHeading documentTitle={title}>{title}</PageHeading>
      {error ? (
        <div className="notice notice--error" role="alert">
          <p>{error}</p>
          <button type="button" className="btn btn--secondary" onClick={load}>
            {t("common.retry", "Thử lại")}
          </button>
        </div>
      ) : null}
      <h2 className="section-heading">{t("payments.dueHeading")}</h2>
      {data && data.due.length === 0 ? <p className="hint">{t("payments.nothingDue")}</p> : null}
      {data?.due.map((d) => (
        <section className="card pay-card" key={d.dossierCode} aria-label={d.dossierCode}>
          <p className="pay-card__procedure">{d.procedureName}</p>
          <p className="hint">
            {t("payments.dossier")}: <strong>{d.dossierCode}</strong>
          </p>
          <ul className="pay-card__lines">
            {d.lines.map((l, i) => (
              <li key={i}>
                {l.label}
                {l.quantity > 1 ? ` × ${l.quantity}` : ""}: {vnd(l.amountVnd * l.quantity)}
              </li>
            ))}
          </ul>
          <p className="pay-card__total">
            {t("payments.toPay")}: <strong data-testid="amount-due">{vnd(d.amountVnd)}</strong>
          </p>
          <button
            type="button"
            className="btn btn--primary btn--block"
            disabled={busy !== null}
            onClick={() => void pay(d.dossierCode)}
          >
            {busy === d.dossierCode ? t("payments.opening") : t("payments.payWithVnpay")}
          </button>
        </section>
      ))}
      <h2 className="section-heading">{t("payments.historyHeading")}</h2>
      {data && data.payments.length === 0 ? <p className="hint">{t("payments.noPayments")}</p> : null}
      <ul className="pay-history">
        {data?.payments.map((p) => (
          <li className="card" key={p.txnRef}>
            <p className="pay-card__procedure">{p.procedureName}</p>
            <p>
              {vnd(p.amountVnd)} —{" "}
              <span className={`pay-status pay-status--${p.status}`}>{t(`payments.status.${p.status}`)}</span>
            </p>
            {p.refundedVnd > 0 ? (
              <p className="hint">{t("payments.refunded", { amount: vnd(p.refundedVnd) })}</p>
            ) : null}
            {p.receiptNo ? (
              <button type="button" className="btn btn--secondary" onClick={() => void receipt(p.txnRef)}>
                {t("payments.downloadReceipt")} ({p.receiptNo})
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </Page>
  );
}
