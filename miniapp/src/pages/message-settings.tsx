import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { api } from "../api/client";
import { useAuth } from "../auth/auth-context";
import { AlertsIcon } from "../components/icons";
import { useNotify } from "../components/use-notify";
import { describeError } from "../i18n/describe-error";

/** The kinds a citizen may turn off (server: OPTIONAL_KINDS). Alerts are not among them. */
const MESSAGE_KINDS = ["dossier_status", "payment", "incident_status", "news"] as const;
type MessageKind = (typeof MESSAGE_KINDS)[number];

type MessagePrefs = Record<MessageKind, boolean>;
/** Minutes after midnight, Asia/Ho_Chi_Minh. */
interface QuietHours {
  from: number;
  to: number;
}

interface MessageSettingsView {
  messagePrefs: MessagePrefs;
  quietHours: QuietHours | null;
}

/** The suggested night when quiet hours are turned on: 22:00–06:00. */
const DEFAULT_QUIET: QuietHours = { from: 22 * 60, to: 6 * 60 };

/** Checks GET /me at the boundary (the mini app has no zod; see auth/session.ts). */
function parseMessageSettings(data: unknown): MessageSettingsView {
  const d = isRecord(data) ? data : {};
  const prefs = isRecord(d.messagePrefs) ? d.messagePrefs : null;
  if (!prefs) throw new Error("Unexpected /me response");
  const messagePrefs = Object.fromEntries(MESSAGE_KINDS.map((k) => [k, prefs[k] !== false])) as MessagePrefs;
  const q = d.quietHours;
  const quietHours =
    isRecord(q) && typeof q.from === "number" && typeof q.to === "number" ? { from: q.from, to: q.to } : null;
  return { messagePrefs, quietHours };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** 22:00 style, from minutes after midnight. */
function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** Whole hours, plus the saved time if it is not on the hour (the OA bot accepts 22:30). */
function timeOptions(current: number): number[] {
  const hours = Array.from({ length: 24 }, (_, h) => h * 60);
  return hours.includes(current) ? hours : [...hours, current].sort((a, b) => a - b);
}

type PatchBody = { messagePrefs: Partial<MessagePrefs> } | { quietHours: QuietHours | null };

/**
 * Which messages the citizen gets on Zalo and when they may be held back. Each change is saved
 * at once; changes go to the server one after another, so a quick on-off-on lands in order.
 */
export function MessageSettings() {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const navigate = useNavigate();
  const { status } = useAuth();
  const [view, setView] = useState<MessageSettingsView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());

  // Not reloaded when the language changes (i18n, not t): a reload could undo a change in flight.
  const load = useCallback(() => {
    setLoadError(null);
    api
      .get("/me", { parse: parseMessageSettings })
      .then(setView, (error: unknown) => setLoadError(describeError(error, i18n.t)));
  }, [i18n]);

  useEffect(() => {
    if (status === "signed-in") load();
  }, [status, load]);

  /** Sends one change; on failure shows why and puts back what `undo` restores. */
  const save = (body: PatchBody, undo: (current: MessageSettingsView) => MessageSettingsView) => {
    queue.current = queue.current.then(() =>
      api.patch("/me", body).then(
        () => notify(t("settings.saved"), "success"),
        (error: unknown) => {
          setView((current) => (current ? undo(current) : current));
          notify(describeError(error, t), "error");
        },
      ),
    );
  };

  const setKind = (kind: MessageKind, on: boolean) => {
    setView((current) => current && { ...current, messagePrefs: { ...current.messagePrefs, [kind]: on } });
    save({ messagePrefs: { [kind]: on } }, (current) =>
      // Undo only if nothing newer changed the same switch.
      current.messagePrefs[kind] === on
        ? { ...current, messagePrefs: { ...current.messagePrefs, [kind]: !on } }
        : current,
    );
  };

  const setQuiet = (next: QuietHours | null) => {
    const before = view?.quietHours ?? null;
    setView((current) => current && { ...current, quietHours: next });
    save({ quietHours: next }, (current) =>
      current.quietHours === next ? { ...current, quietHours: before } : current,
    );
  };

  if (status !== "signed-in") return null;

  return (
    <>
      <section aria-labelledby="settings-messages" className="settings-section">
        <h2 id="settings-messages" className="section-heading">
          {t("settings.messagesHeading")}
        </h2>
        <p className="hint">{t("settings.messagesHint")}</p>
        {loadError ? (
          <div className="notice notice--error" role="alert">
            <p>{loadError}</p>
            <button type="button" className="btn btn--primary" onClick={load}>
              {t("common.retry")}
            </button>
          </div>
        ) : !view ? (
          <p className="signin-progress" role="status">
            <span className="spinner" aria-hidden="true" />
            {t("settings.loading")}
          </p>
        ) : (
          <ul className="switch-list">
            {MESSAGE_KINDS.map((kind) => (
              <li key={kind}>
                <label className="switch-row">
                  <span className="switch-row__text">
                    <span className="switch-row__label">{t(`settings.kinds.${kind}`)}</span>
                    <span className="switch-row__hint">{t(`settings.kindHints.${kind}`)}</span>
                  </span>
                  <input
                    type="checkbox"
                    role="switch"
                    className="switch"
                    checked={view.messagePrefs[kind]}
                    onChange={(e) => setKind(kind, e.target.checked)}
                  />
                </label>
              </li>
            ))}
          </ul>
        )}
        <div className="notice notice--info alerts-always">
          <p className="alerts-always__title">
            <AlertsIcon size={22} />
            <span>{t("settings.alertsAlwaysOn")}</span>
          </p>
          <p>{t("settings.alertsHowToStop")}</p>
          <button type="button" className="btn btn--secondary" onClick={() => navigate("/alerts")}>
            {t("settings.openAlerts")}
          </button>
        </div>
      </section>

      {view ? (
        <section aria-labelledby="settings-quiet" className="settings-section">
          <h2 id="settings-quiet" className="section-heading">
            {t("settings.quietHeading")}
          </h2>
          <p className="hint">{t("settings.quietHint")}</p>
          <label className="switch-row">
            <span className="switch-row__text">
              <span className="switch-row__label">{t("settings.quietToggle")}</span>
            </span>
            <input
              type="checkbox"
              role="switch"
              className="switch"
              checked={view.quietHours !== null}
              onChange={(e) => setQuiet(e.target.checked ? DEFAULT_QUIET : null)}
            />
          </label>
          {view.quietHours ? <QuietHoursPicker value={view.quietHours} onChange={setQuiet} /> : null}
          <p className="hint quiet-alerts">{t("settings.quietAlertsNote")}</p>
        </section>
      ) : null}
    </>
  );
}

function QuietHoursPicker({ value, onChange }: { value: QuietHours; onChange: (next: QuietHours) => void }) {
  const { t } = useTranslation();
  const id = useId();
  // The same start and end would mean nothing: that time is not offered on the other side.
  return (
    <div className="quiet-times">
      <div className="quiet-times__field">
        <label htmlFor={`${id}-from`}>{t("settings.quietFrom")}</label>
        <select
          id={`${id}-from`}
          className="input"
          value={value.from}
          onChange={(e) => onChange({ ...value, from: Number(e.target.value) })}
        >
          {timeOptions(value.from).map((m) => (
            <option key={m} value={m} disabled={m === value.to}>
              {hhmm(m)}
            </option>
          ))}
        </select>
      </div>
      <div className="quiet-times__field">
        <label htmlFor={`${id}-to`}>{t("settings.quietTo")}</label>
        <select
          id={`${id}-to`}
          className="input"
          value={value.to}
          onChange={(e) => onChange({ ...value, to: Number(e.target.value) })}
        >
          {timeOptions(value.to).map((m) => (
            <option key={m} value={m} disabled={m === value.from}>
              {hhmm(m)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
