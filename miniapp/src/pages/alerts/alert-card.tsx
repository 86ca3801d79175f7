import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client";
import { sendSafety, type CitizenAlert, type Commune } from "./alert-api";
import { AlertMap } from "./alert-map";
import { phoneLocation, type PhoneLocation } from "../incidents/phone-location";

const fmt = (iso: string, lang: string) =>
  new Date(iso).toLocaleString(lang === "vi" ? "vi-VN" : lang === "zh" ? "zh-CN" : "en-GB", {
    timeZone: "Asia/Ho_Chi_Minh",
    hour: "2-digit",
    minute: "2-digit",
    day: "2-digit",
    month: "2-digit",
  });

/** One alert: level in its statutory colour, what happens, what to do, the map, and the safety answer. */
export function AlertCard({ alert, communes }: { alert: CitizenAlert; communes: Commune[] }) {
  const { t, i18n } = useTranslation();
  const [safety, setSafety] = useState(alert.mySafety);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const dark = (alert.riskLevel ?? 0) >= 4;

  async function answer(safe: boolean) {
    setBusy(true);
    setMessage(null);
    try {
      let where: PhoneLocation | undefined;
      if (!safe) {
        // Rescuers need the place: asked for now, and the call for help goes even if refused.
        setMessage({ kind: "ok", text: t("alerts.locating") });
        where = await phoneLocation().catch(() => undefined);
      }
      const r = await sendSafety(alert.id, safe, where);
      setSafety(safe ? "safe" : "help");
      const id = r.incidentPublicId ?? "";
      setMessage({
        kind: "ok",
        text: safe
          ? t("alerts.safeThanks")
          : r.approximateLocation
            ? t("alerts.helpSentApproximate", { id })
            : t("alerts.helpSent", { id }),
      });
    } catch (e) {
      setMessage({ kind: "error", text: e instanceof ApiError ? e.userMessage : t("alerts.answerError") });
    } finally {
      setBusy(false);
    }
  }

  return (
    <article
      className="card"
      aria-label={alert.headline ?? alert.hazardName}
      data-testid="alert-card"
      lang={alert.language}
    >
      <p
        style={{
          background: alert.levelColour,
          color: dark ? "#fff" : "#111",
          margin: "-4px -4px 8px",
          padding: "8px 10px",
          borderRadius: 6,
          fontWeight: 700,
        }}
      >
        {alert.msgType === "Update" ? `${t("alerts.updated")} · ` : ""}
        {alert.hazardName} –{" "}
        {alert.riskLevel !== null
          ? t("alerts.level", { level: alert.riskLevel, colour: alert.levelName })
          : alert.levelName}
      </p>
      {alert.headline && <h2 className="section-heading">{alert.headline}</h2>}
      {alert.myPlaces.length > 0 && (
        <p className="hint">
          {t("alerts.yourPlaces")}:{" "}
          {alert.myPlaces.map((p) => `${p.communeName} (${t(`alerts.labels.${p.label}`)})`).join(", ")}
        </p>
      )}
      {alert.description && <p>{alert.description}</p>}
      {alert.instruction && (
        <div className="notice notice--info" data-testid="alert-instruction">
          <p className="notice__title">{t("alerts.whatToDo")}</p>
          <p>{alert.instruction}</p>
        </div>
      )}
      <AlertMap
        communes={communes}
        areas={alert.areas}
        colour={alert.levelColour}
        mine={alert.myPlaces.map((p) => p.unitCode)}
        label={t("alerts.mapLabel")}
      />
      <p className="hint">
        {alert.senderName ?? "IOC Lào Cai"} · {t("alerts.issued")} {fmt(alert.sent, i18n.language)} ·{" "}
        {t("alerts.until")} {fmt(alert.expires, i18n.language)}
      </p>
      <h3 className="section-heading">{t("alerts.areYouSafe")}</h3>
      <div style={{ display: "grid", gap: 8, gridTemplateColumns: "1fr 1fr" }}>
        <button
          type="button"
          className={`btn ${safety === "safe" ? "btn--primary" : "btn--secondary"}`}
          disabled={busy}
          aria-pressed={safety === "safe"}
          onClick={() => void answer(true)}
        >
          {t("alerts.imSafe")}
        </button>
        <button
          type="button"
          className={`btn ${safety === "help" ? "btn--danger" : "btn--secondary"}`}
          disabled={busy}
          aria-pressed={safety === "help"}
          onClick={() => void answer(false)}
        >
          {t("alerts.needHelp")}
        </button>
      </div>
      {message && (
        <p
          role={message.kind === "error" ? "alert" : "status"}
          className={message.kind === "error" ? "field__error" : "hint"}
        >
          {message.text}
        </p>
      )}
    </article>
  );
}
