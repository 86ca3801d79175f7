import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { Page } from "zmp-ui";
import { api, ApiError } from "../../api/client";
import { BackButton } from "../../components/back-button";
import { PageHeading } from "../../components/page-heading";
import { IncidentMap, type CommunePoint } from "./incident-map";
import {
  errorText,
  loadCategories,
  loadCommunes,
  locateWithToken,
  uploadIncidentPhoto,
  type Category,
  type Nearby,
} from "./incidents-api";
import { phoneLocation } from "./phone-location";
import { CameraIcon, CategoryIcon, PinIcon } from "./category-icons";
import "./incidents.css";

const STEPS = ["category", "location", "similar", "details", "done"] as const;
type Step = (typeof STEPS)[number];
const MAX_PHOTOS = 5;

/**
 * Reporting a problem, one thing per page: what (a grid of big tiles), where (the phone's
 * position or a pin on a map that needs no internet tiles), similar open reports nearby
 * ("Tôi cũng gặp sự cố này" instead of a duplicate), then photos, text and named/anonymous.
 */
export function ReportFlowPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const lang = (["vi", "en", "zh"].includes(i18n.language) ? i18n.language : "vi") as "vi" | "en" | "zh";
  const [step, setStep] = useState<Step>("category");
  const [categories, setCategories] = useState<Category[]>([]);
  const [communes, setCommunes] = useState<CommunePoint[]>([]);
  const [category, setCategory] = useState<string | null>(null);
  const [pin, setPin] = useState<{ lat: number; lon: number } | null>(null);
  // The phone's position inside Zalo: the server redeemed the token and signed the point.
  const [ticket, setTicket] = useState<{ ticket: string; commune: string } | null>(null);
  const [nearby, setNearby] = useState<Nearby[]>([]);
  const [photos, setPhotos] = useState<{ id: string; preview: string }[]>([]);
  const [description, setDescription] = useState("");
  // Anonymous to the public unless the citizen ticks "Hiện tên tôi công khai".
  const [showName, setShowName] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);

  useEffect(() => {
    loadCategories()
      .then(setCategories)
      .catch((e: unknown) => setMessage(errorText(e, t("incidents.loadError"))));
    loadCommunes()
      .then(setCommunes)
      .catch(() => undefined); // the map still works without commune points
  }, [t]);

  const stepNo = STEPS.indexOf(step) + 1;

  async function usePhone() {
    setBusy(t("incidents.locating"));
    setMessage(null);
    try {
      const loc = await phoneLocation();
      if (loc.kind === "token") {
        // Redeemed once, on the server; the point comes back with a ticket to report with.
        const at = await locateWithToken(loc);
        setTicket({ ticket: at.ticket, commune: at.commune.name });
        setPin({ lat: at.lat, lon: at.lon });
      } else {
        setTicket(null);
        setPin({ lat: loc.lat, lon: loc.lon });
      }
    } catch (e) {
      // Outside the province, or a token Zalo refused: the server's words; otherwise the map.
      setMessage(e instanceof ApiError && e.status === 400 ? errorText(e, "") : t("incidents.locationError"));
    } finally {
      setBusy(null);
    }
  }

  async function toSimilar() {
    setMessage(null);
    if (!pin) return;
    try {
      const r = await api.get<{ incidents: Nearby[] }>("/incidents/nearby", {
        auth: false,
        query: { category: category!, lat: pin.lat, lon: pin.lon, radiusM: 500 },
      });
      setNearby(r.incidents);
      setStep(r.incidents.length ? "similar" : "details");
    } catch {
      setStep("details"); // the check is a help, not a gate
    }
  }

  async function meToo(publicId: string) {
    setBusy(t("incidents.submitting"));
    try {
      await api.post(`/incidents/${publicId}/supporters`);
      navigate(`/reports/${publicId}`, { replace: true });
    } catch (e) {
      setMessage(errorText(e, t("incidents.submitError")));
    } finally {
      setBusy(null);
    }
  }

  async function addPhotos(files: FileList | null) {
    if (!files?.length) return;
    setBusy(t("incidents.uploading"));
    setMessage(null);
    try {
      for (const f of Array.from(files).slice(0, MAX_PHOTOS - photos.length)) {
        const { id } = await uploadIncidentPhoto(f, t("incidents.uploadError"));
        setPhotos((p) => [...p, { id, preview: URL.createObjectURL(f) }]);
      }
    } catch (e) {
      setMessage(e instanceof Error ? e.message : t("incidents.uploadError"));
    } finally {
      setBusy(null);
    }
  }

  async function submit() {
    if (!description.trim()) {
      setFieldError(t("incidents.descriptionRequired"));
      return;
    }
    setFieldError(null);
    setBusy(t("incidents.submitting"));
    setMessage(null);
    try {
      const r = await api.post<{ publicId: string }>("/incidents", {
        category,
        description,
        ...(ticket ? { locationTicket: ticket.ticket } : { location: pin }),
        fileIds: photos.map((p) => p.id),
        anonymous: !showName,
      });
      setSent(r.publicId);
      setStep("done");
    } catch (e) {
      setMessage(errorText(e, t("incidents.submitError")));
      if (ticket && e instanceof ApiError && e.fields?.some((f) => f.field === "location")) {
        // The phone's position is only good for a few minutes: ask for it again.
        setTicket(null);
        setPin(null);
        setStep("location");
      }
    } finally {
      setBusy(null);
    }
  }

  const chosen = categories.find((c) => c.key === category);
  return (
    <Page className="app-page" name="report-new">
      <BackButton />
      <PageHeading documentTitle={t("incidents.new")}>{t("incidents.new")}</PageHeading>
      {step !== "done" ? <p className="hint">{t("incidents.step", { n: stepNo, total: 4 })}</p> : null}
      {message ? (
        <p className="notice notice--error" role="alert">
          {message}
        </p>
      ) : null}
      {busy ? (
        <p className="notice notice--info" role="status">
          {busy}
        </p>
      ) : null}

      {step === "category" ? (
        <section>
          <h2 className="section-heading">{t("incidents.chooseCategory")}</h2>
          <div className="incident-grid">
            {categories.map((c) => (
              <button
                key={c.key}
                type="button"
                className={`incident-tile${category === c.key ? " is-selected" : ""}`}
                onClick={() => {
                  setCategory(c.key);
                  setStep("location");
                }}
              >
                <span className="incident-tile__icon">
                  <CategoryIcon category={c.key} />
                </span>
                <span>{c.names[lang]}</span>
              </button>
            ))}
          </div>
        </section>
      ) : null}

      {step === "location" ? (
        <section>
          <h2 className="section-heading">
            {chosen ? `${chosen.names[lang]} · ` : ""}
            {t("incidents.where")}
          </h2>
          <button type="button" className="btn btn--secondary btn--block" onClick={() => void usePhone()}>
            <PinIcon /> {t("incidents.usePhone")}
          </button>
          <p className="hint">{t("incidents.tapMap")}</p>
          <IncidentMap
            communes={communes}
            pin={pin}
            onPick={(lat, lon) => {
              setTicket(null);
              setPin({ lat, lon });
            }}
          />
          {pin ? (
            <p className="notice notice--info" data-testid="pin-set">
              ✓ {t("incidents.pinSet")}
              {ticket ? ` · ${ticket.commune}` : ""} ({pin.lat.toFixed(5)}, {pin.lon.toFixed(5)})
            </p>
          ) : null}
          <div className="incident-actions">
            <button type="button" className="btn btn--secondary" onClick={() => setStep("category")}>
              {t("incidents.back")}
            </button>
            <button
              type="button"
              className="btn btn--primary"
              disabled={!pin}
              onClick={() => void toSimilar()}
            >
              {t("incidents.next")}
            </button>
          </div>
        </section>
      ) : null}

      {step === "similar" ? (
        <section>
          <h2 className="section-heading">{t("incidents.similar", { count: nearby.length })}</h2>
          <p className="hint">{t("incidents.similarHint")}</p>
          <ul className="incident-list">
            {nearby.map((n) => (
              <li key={n.publicId} className="card incident-row">
                <span className="incident-row__text">{n.description}</span>
                <span className="hint">
                  {n.publicId} · {t("incidents.metersAway", { m: n.distanceM })} ·{" "}
                  {t("incidents.supporters", { count: n.supporters + 1 })}
                </span>
                <button
                  type="button"
                  className="btn btn--primary btn--block"
                  onClick={() => void meToo(n.publicId)}
                >
                  {t("incidents.meToo")}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="btn btn--secondary btn--block" onClick={() => setStep("details")}>
            {t("incidents.notSame")}
          </button>
        </section>
      ) : null}

      {step === "details" ? (
        <section>
          <h2 className="section-heading">{t("incidents.photos")}</h2>
          <div className="incident-photos">
            {photos.map((p) => (
              <figure key={p.id}>
                <img src={p.preview} alt="" />
                <button
                  type="button"
                  aria-label={t("incidents.removePhoto")}
                  onClick={() => setPhotos((all) => all.filter((x) => x.id !== p.id))}
                >
                  ×
                </button>
              </figure>
            ))}
          </div>
          {photos.length < MAX_PHOTOS ? (
            <label className="btn btn--secondary btn--block">
              <CameraIcon /> {t("incidents.addPhoto")}
              <input
                type="file"
                // What the server reads (no HEIC: accept-upload.ts); an iPhone converts its
                // HEIC photos to JPEG for such a list.
                accept="image/jpeg,image/png,image/webp"
                multiple
                hidden
                data-testid="photo-input"
                onChange={(e) => {
                  void addPhotos(e.target.files);
                  e.target.value = "";
                }}
              />
            </label>
          ) : null}
          <label className="field">
            <span>{t("incidents.description")}</span>
            <textarea
              rows={5}
              maxLength={4000}
              value={description}
              placeholder={t("incidents.descriptionHint")}
              onChange={(e) => setDescription(e.target.value)}
            />
            {fieldError ? <span className="field__error">{fieldError}</span> : null}
          </label>
          <label className="incident-check">
            <input type="checkbox" checked={showName} onChange={(e) => setShowName(e.target.checked)} />
            <span>
              {t("incidents.showName")}
              <br />
              <small className="hint">{t("incidents.showNameHint")}</small>
            </span>
          </label>
          <div className="incident-actions">
            <button type="button" className="btn btn--secondary" onClick={() => setStep("location")}>
              {t("incidents.back")}
            </button>
            <button
              type="button"
              className="btn btn--primary"
              disabled={!!busy}
              onClick={() => void submit()}
            >
              {t("incidents.submit")}
            </button>
          </div>
        </section>
      ) : null}

      {step === "done" && sent ? (
        <section className="receipt">
          <h2 className="receipt__title">✓ {t("incidents.sent")}</h2>
          <p>
            {t("incidents.sentCode")}: <strong className="receipt__code">{sent}</strong>
          </p>
          <p>{t("incidents.sentNext")}</p>
          <button
            type="button"
            className="btn btn--primary btn--block"
            onClick={() => navigate(`/reports/${sent}`, { replace: true })}
          >
            {t("incidents.view")}
          </button>
        </section>
      ) : null}
    </Page>
  );
}
