import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { Page } from "zmp-ui";
import { api, ApiError, apiUpload } from "../../api/client";
import { useAuth } from "../../auth/auth-context";
import { BackButton } from "../../components/back-button";
import { PageHeading } from "../../components/page-heading";
import { describeErrorOr } from "../../i18n/describe-error";

interface Field {
  name: string;
  type: "text" | "textarea" | "date" | "select" | "number" | "id_number" | "phone";
  label: string;
  hint?: string;
  required: boolean;
  options?: { value: string; label: string }[];
  pattern?: string;
  maxLength?: number;
}
interface Procedure {
  code: string;
  name: string;
  agencyKind: string;
  fees: { label: string; amountVnd: number; per: string; exemptGroups: string[] }[];
  form: { fields: Field[]; documents: { key: string; label: string; required: boolean }[] };
}
interface Upload {
  id: string;
  fileName: string;
  kind: "image" | "pdf";
}
interface Draft {
  data: Record<string, string>;
  docs: Record<string, Upload[]>;
  delivery: "at_centre" | "public_post";
  address: string;
  commune: string;
  /** Copies asked for (fees per copy) and the exempt group claimed, if any. */
  copies?: number;
  exemptGroup?: string;
  /** When this phone last changed it (ISO): the newer of the phone's and the server's copy wins. */
  savedAt?: string;
}
/** GET /drafts/:code: the same draft as saved from any of the citizen's devices. */
interface ServerDraft {
  data: Record<string, unknown>;
  documents: { key: string; files: Upload[] }[];
  updatedAt: string;
}

const STEPS = ["form", "documents", "delivery", "review"] as const;
const empty: Draft = { data: {}, docs: {}, delivery: "at_centre", address: "", commune: "" };

/** The phone's copy, per citizen and procedure (two people may share a phone). */
const draftKey = (citizenId: string, code: string) => `laocai.draft.${citizenId}.${code}`;

function readLocalDraft(key: string): Draft | null {
  try {
    const d = JSON.parse(localStorage.getItem(key) ?? "null") as Draft | null;
    return d ? { ...empty, ...d } : null;
  } catch {
    return null;
  }
}

/**
 * What was typed on the empty form while sign-in was still going on, laid over the draft this
 * phone had kept: the typed answers and files win, everything else the draft held stays.
 */
function overlay(kept: Draft, typed: Draft): Draft {
  const docs = { ...kept.docs };
  for (const [key, files] of Object.entries(typed.docs)) if (files.length) docs[key] = files;
  return {
    ...kept,
    data: { ...kept.data, ...typed.data },
    docs,
    delivery: typed.delivery !== empty.delivery ? typed.delivery : kept.delivery,
    address: typed.address || kept.address,
    commune: typed.commune || kept.commune,
    copies: typed.copies ?? kept.copies,
    exemptGroup: typed.exemptGroup || kept.exemptGroup,
    savedAt: typed.savedAt,
  };
}

/** The server keeps the delivery choices among the answers, under keys no form field uses. */
function fromServer(d: ServerDraft): Draft {
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.data)) if (!k.startsWith("_") && typeof v === "string") data[k] = v;
  return {
    data,
    docs: Object.fromEntries(d.documents.map((s) => [s.key, s.files])),
    delivery: d.data._delivery === "public_post" ? "public_post" : "at_centre",
    address: typeof d.data._address === "string" ? d.data._address : "",
    commune: typeof d.data._commune === "string" ? d.data._commune : "",
    copies: Number(d.data._copies) || 1,
    exemptGroup: typeof d.data._exemptGroup === "string" ? d.data._exemptGroup : "",
    savedAt: d.updatedAt,
  };
}

/** 2026-12-10 → 10/12/2026, as dates are written in Vietnam. */
const dayMonthYear = (iso: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso.split("-").reverse().join("/") : iso;

/** The same rules the server applies, so most mistakes are caught on the phone, offline. */
function fieldError(f: Field, v: string | undefined): string | null {
  const s = (v ?? "").trim();
  if (!s) return f.required ? `Vui lòng nhập ${f.label.toLowerCase()}.` : null;
  if (f.maxLength && s.length > f.maxLength) return `Tối đa ${f.maxLength} ký tự.`;
  if (f.type === "id_number" && !/^\d{12}$/.test(s)) return "Số định danh cá nhân gồm đúng 12 chữ số.";
  if (f.type === "phone" && !/^0\d{9}$/.test(s)) return "Số điện thoại gồm 10 chữ số, bắt đầu bằng 0.";
  if (f.pattern && !new RegExp(f.pattern).test(s)) return "Không đúng định dạng.";
  return null;
}

/**
 * Filing a dossier: one thing per page (form, documents, delivery), a check-your-answers
 * page with consent, then the receipt. Every change is kept on the phone at once and on the
 * server a moment later, so a dropped connection in the mountains loses nothing.
 */
export function FilingPage() {
  const { code = "" } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const citizenId = useAuth().citizen?.id ?? null;
  const [proc, setProc] = useState<Procedure | null>(null);
  const [step, setStep] = useState<(typeof STEPS)[number]>("form");
  const [draft, setDraft] = useState<Draft>(empty);
  /** Which citizen's draft is loaded: nothing is saved before, so an empty form never overwrites one. */
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [consent, setConsent] = useState(false);
  const [busy, setBusy] = useState(false);
  const saveTimer = useRef<ReturnType<typeof setTimeout>>();
  const changed = useRef(false);
  const loadedCitizen = useRef<string | null>(null);

  useEffect(() => {
    api
      .get<Procedure>(`/procedures/${code}`)
      .then(setProc, (e: unknown) => setMessage(describeErrorOr(e, t, t("filing.loadError"))));
  }, [code, t]);

  // The phone's copy at once; the server's when the phone has none or the server's is newer
  // (saved from another device, or this phone's storage was cleared).
  useEffect(() => {
    if (!citizenId) return;
    let cancelled = false;
    const local = readLocalDraft(draftKey(citizenId, code));
    // What was typed while sign-in was still going on (a slow mountain network) is this
    // citizen's: it is laid over their draft and saved. Another citizen on the same phone
    // starts from their own draft.
    const typedWhileSigningIn = changed.current && loadedCitizen.current === null;
    loadedCitizen.current = citizenId;
    if (typedWhileSigningIn) setDraft((typed) => overlay(local ?? empty, typed));
    else {
      changed.current = false;
      setDraft(local ?? empty);
    }
    setLoadedFor(citizenId);
    api
      .get<ServerDraft>(`/drafts/${code}`)
      .then((server) => {
        if (cancelled || changed.current) return; // the citizen is already typing: theirs wins
        if (!local || Date.parse(server.updatedAt) > Date.parse(local.savedAt ?? ""))
          setDraft(fromServer(server));
      })
      .catch(() => undefined); // none on the server (404), or offline: the phone's copy stands
    return () => {
      cancelled = true;
    };
  }, [citizenId, code]);

  useEffect(() => {
    if (!citizenId || loadedFor !== citizenId) return;
    localStorage.setItem(draftKey(citizenId, code), JSON.stringify(draft));
    if (!changed.current) return; // loaded, not edited: nothing new for the server
    clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => {
      void api
        .put(`/drafts/${code}`, {
          data: {
            ...draft.data,
            _delivery: draft.delivery,
            _address: draft.address,
            _commune: draft.commune,
            _copies: String(draft.copies ?? 1),
            _exemptGroup: draft.exemptGroup ?? "",
          },
          documents: Object.entries(draft.docs)
            .filter(([, files]) => files.length)
            .map(([key, files]) => ({ key, files })),
        })
        .catch(() => undefined);
    }, 1500);
  }, [draft, citizenId, loadedFor, code]);

  /** Every change the citizen makes goes through here: stamped, kept, and sent to the server. */
  const update = (f: (d: Draft) => Draft) => {
    changed.current = true;
    setDraft((d) => ({ ...f(d), savedAt: new Date().toISOString() }));
  };

  const fields = proc?.form.fields ?? [];
  const communeLevel = proc?.agencyKind === "commune_committee";
  const set = (patch: Partial<Draft>) => update((d) => ({ ...d, ...patch }));

  function checkForm(): boolean {
    const e: Record<string, string> = {};
    for (const f of fields) {
      const problem = fieldError(f, draft.data[f.name]);
      if (problem) e[`formData.${f.name}`] = problem;
    }
    setErrors(e);
    return Object.keys(e).length === 0;
  }

  async function upload(key: string, files: FileList | null) {
    if (!files?.length) return;
    setBusy(true);
    setMessage(null);
    setErrors(({ [`documents.${key}`]: _gone, documents: _all, ...rest }) => rest);
    try {
      for (const f of Array.from(files)) {
        const body = await apiUpload<Upload>("/uploads", f);
        update((d) => ({
          ...d,
          docs: {
            ...d.docs,
            [key]: [...(d.docs[key] ?? []), { id: body.id, fileName: body.fileName, kind: body.kind }],
          },
        }));
      }
    } catch (e) {
      const text = describeErrorOr(e, t, t("filing.uploadError"));
      setErrors((errs) => ({ ...errs, [`documents.${key}`]: text }));
    } finally {
      setBusy(false);
    }
  }

  /** "Bỏ": the file leaves the draft and the server (it no longer counts against the limit). */
  function removeUpload(key: string, id: string) {
    update((d) => ({ ...d, docs: { ...d.docs, [key]: (d.docs[key] ?? []).filter((x) => x.id !== id) } }));
    // Already gone (swept, or removed on another device) is fine; offline, the sweep takes it later.
    void api.delete(`/uploads/${encodeURIComponent(id)}`).catch(() => undefined);
  }

  async function submit() {
    setBusy(true);
    setMessage(null);
    // Filing ends the server's draft; a save still waiting must not bring it back.
    clearTimeout(saveTimer.current);
    try {
      const d = await api.post<{ code: string }>("/dossiers", {
        procedureCode: code,
        formData: draft.data,
        documents: Object.entries(draft.docs).map(([key, list]) => ({ key, fileIds: list.map((u) => u.id) })),
        deliveryMethod: draft.delivery,
        ...(draft.delivery === "public_post" ? { deliveryAddress: draft.address } : {}),
        ...(communeLevel ? { communeCode: draft.commune } : {}),
        ...(proc?.fees.some((f) => f.per === "copy") ? { copies: draft.copies ?? 1 } : {}),
        ...(draft.exemptGroup ? { exemptGroup: draft.exemptGroup } : {}),
        consent: true,
      });
      if (citizenId) localStorage.removeItem(draftKey(citizenId, code));
      navigate(`/dossiers/${d.code}`, { replace: true });
    } catch (e) {
      setMessage(describeErrorOr(e, t, t("filing.submitError")));
      if (e instanceof ApiError && e.fields) {
        setErrors(Object.fromEntries(e.fields.map((f) => [f.field, f.message])));
        if (e.fields.some((f) => f.field.startsWith("formData."))) setStep("form");
        else if (e.fields.some((f) => f.field === "documents" || f.field.startsWith("documents.")))
          setStep("documents");
        else if (e.fields.some((f) => f.field === "deliveryAddress" || f.field === "communeCode"))
          setStep("delivery");
      }
      setBusy(false);
    }
  }

  const missingDocs = useMemo(
    () => (proc?.form.documents ?? []).filter((d) => d.required && !draft.docs[d.key]?.length),
    [proc, draft.docs],
  );
  const title = proc?.name ?? t("filing.title");
  const stepIndex = STEPS.indexOf(step);

  return (
    <Page className="app-page" name="filing">
      <BackButton />
      <PageHeading documentTitle={title}>{title}</PageHeading>
      <p className="hint">{t("filing.stepOf", { n: stepIndex + 1, total: STEPS.length })}</p>
      {message ? (
        <p className="notice notice--error" role="alert">
          {message}
        </p>
      ) : null}
      {proc && step === "form" ? (
        <form
          className="filing-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (checkForm()) setStep("documents");
          }}
        >
          {fields.map((f) => {
            const err = errors[`formData.${f.name}`];
            const common = {
              id: `f-${f.name}`,
              name: f.name,
              value: draft.data[f.name] ?? "",
              "aria-invalid": err ? true : undefined,
              "aria-describedby": err ? `e-${f.name}` : f.hint ? `h-${f.name}` : undefined,
              onChange: (e: { target: { value: string } }) => {
                const value = e.target.value;
                update((d) => ({ ...d, data: { ...d.data, [f.name]: value } }));
                // A corrected field stops showing its old error.
                if (err) setErrors(({ [`formData.${f.name}`]: _gone, ...rest }) => rest);
              },
            };
            return (
              <div className="field" key={f.name}>
                <label htmlFor={`f-${f.name}`}>
                  {f.label}
                  {f.required ? <span aria-hidden="true"> *</span> : null}
                </label>
                {f.hint ? (
                  <span id={`h-${f.name}`} className="hint">
                    {f.hint}
                  </span>
                ) : null}
                {err ? (
                  <span id={`e-${f.name}`} className="field__error">
                    {err}
                  </span>
                ) : null}
                {f.type === "select" ? (
                  <select className="input" {...common}>
                    <option value="">—</option>
                    {f.options?.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                ) : f.type === "textarea" ? (
                  <textarea className="input" rows={3} {...common} />
                ) : (
                  <input
                    className="input"
                    type={f.type === "date" ? "date" : "text"}
                    inputMode={
                      f.type === "id_number" || f.type === "phone" || f.type === "number"
                        ? "numeric"
                        : undefined
                    }
                    {...common}
                  />
                )}
              </div>
            );
          })}
          <button type="submit" className="btn btn--primary btn--block">
            {t("filing.continue")}
          </button>
        </form>
      ) : null}
      {proc && step === "documents" ? (
        <section>
          {errors.documents ? (
            <p className="field__error" role="alert">
              {errors.documents}
            </p>
          ) : null}
          {proc.form.documents.map((d) => {
            const err = errors[`documents.${d.key}`];
            return (
              <div className="card doc-slot" key={d.key}>
                <p className="doc-slot__label" id={`doc-${d.key}`}>
                  {d.label}
                  {d.required ? " *" : ""}
                </p>
                {err ? (
                  <p className="field__error" role="alert" data-testid={`doc-error-${d.key}`}>
                    {err}
                  </p>
                ) : null}
                <ul className="doc-slot__files">
                  {(draft.docs[d.key] ?? []).map((u) => (
                    <li key={u.id}>
                      {u.fileName}{" "}
                      <button type="button" className="linkish" onClick={() => removeUpload(d.key, u.id)}>
                        {t("filing.remove")}
                      </button>
                    </li>
                  ))}
                </ul>
                <label className="btn btn--secondary btn--block">
                  {busy ? t("filing.uploading") : t("filing.addFile")}
                  <input
                    type="file"
                    accept="image/*,application/pdf"
                    multiple
                    hidden
                    disabled={busy}
                    data-slot={d.key}
                    aria-describedby={`doc-${d.key}`}
                    onChange={(e) => {
                      void upload(d.key, e.target.files);
                      e.target.value = ""; // the same file can be chosen again after a failure
                    }}
                  />
                </label>
              </div>
            );
          })}
          {missingDocs.length ? <p className="hint">{t("filing.requiredDocs")}</p> : null}
          <button
            type="button"
            className="btn btn--primary btn--block"
            disabled={missingDocs.length > 0 || busy}
            onClick={() => setStep("delivery")}
          >
            {t("filing.continue")}
          </button>
        </section>
      ) : null}
      {proc && step === "delivery" ? (
        <section className="filing-form">
          {communeLevel ? (
            <div className="field">
              <label htmlFor="f-commune">{t("filing.commune")}</label>
              <CommuneSelect value={draft.commune} onChange={(commune) => set({ commune })} />
            </div>
          ) : null}
          <fieldset className="field">
            <legend>{t("filing.delivery")}</legend>
            <label className="radio">
              <input
                type="radio"
                name="delivery"
                checked={draft.delivery === "at_centre"}
                onChange={() => set({ delivery: "at_centre" })}
              />{" "}
              {t("filing.atCentre")}
            </label>
            <label className="radio">
              <input
                type="radio"
                name="delivery"
                checked={draft.delivery === "public_post"}
                onChange={() => set({ delivery: "public_post" })}
              />{" "}
              {t("filing.byPost")}
            </label>
          </fieldset>
          {draft.delivery === "public_post" ? (
            <div className="field">
              <label htmlFor="f-address">{t("filing.address")}</label>
              <textarea
                id="f-address"
                className="input"
                rows={2}
                value={draft.address}
                onChange={(e) => set({ address: e.target.value })}
              />
            </div>
          ) : null}
          <button
            type="button"
            className="btn btn--primary btn--block"
            disabled={
              (communeLevel && !draft.commune) || (draft.delivery === "public_post" && !draft.address.trim())
            }
            onClick={() => setStep("review")}
          >
            {t("filing.continue")}
          </button>
        </section>
      ) : null}
      {proc && step === "review" ? (
        <section>
          <h2 className="section-heading">{t("filing.checkAnswers")}</h2>
          <dl className="review">
            {fields
              .filter((f) => draft.data[f.name])
              .map((f) => (
                <div key={f.name}>
                  <dt>{f.label}</dt>
                  <dd>
                    {f.options?.find((o) => o.value === draft.data[f.name])?.label ??
                      (f.type === "date" ? dayMonthYear(draft.data[f.name]!) : draft.data[f.name])}
                  </dd>
                </div>
              ))}
            <div>
              <dt>{t("filing.documents")}</dt>
              <dd>{Object.values(draft.docs).flat().length}</dd>
            </div>
            <div>
              <dt>{t("filing.delivery")}</dt>
              <dd>
                {draft.delivery === "public_post"
                  ? `${t("filing.byPost")}: ${draft.address}`
                  : t("filing.atCentre")}
              </dd>
            </div>
          </dl>
          <button type="button" className="linkish" onClick={() => setStep("form")}>
            {t("filing.change")}
          </button>
          <FeeQuote
            code={code}
            fees={proc.fees}
            copies={draft.copies ?? 1}
            exemptGroup={draft.exemptGroup ?? ""}
            onChange={(patch) => set(patch)}
          />
          <label className="consent">
            <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />{" "}
            {t("filing.consent")}
          </label>
          <button
            type="button"
            className="btn btn--primary btn--block"
            disabled={!consent || busy}
            onClick={() => void submit()}
          >
            {busy ? t("filing.submitting") : t("filing.submit")}
          </button>
        </section>
      ) : null}
    </Page>
  );
}

function CommuneSelect({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const [communes, setCommunes] = useState<{ code: string; fullName: string }[]>([]);
  useEffect(() => {
    api.get<{ communes: { code: string; fullName: string }[] }>("/communes", { auth: false }).then(
      (r) => setCommunes(r.communes),
      () => undefined,
    );
  }, []);
  return (
    <select id="f-commune" className="input" value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">—</option>
      {communes.map((c) => (
        <option key={c.code} value={c.code}>
          {c.fullName}
        </option>
      ))}
    </select>
  );
}

interface Quote {
  lines: { label: string; amountVnd: number; quantity: number; exempt: boolean }[];
  totalVnd: number;
  exemptGroups: Record<string, string>;
}

/**
 * What the dossier will cost, before it is filed: the fee lines for the copies asked for,
 * with an exemption the citizen claims (checked by the clerk), and the total — worked out by
 * the server (GET /procedures/:code/fee-quote), the same rule the filing applies. Offline,
 * the unit prices still show.
 */
function FeeQuote({
  code,
  fees,
  copies,
  exemptGroup,
  onChange,
}: {
  code: string;
  fees: Procedure["fees"];
  copies: number;
  exemptGroup: string;
  onChange: (patch: { copies?: number; exemptGroup?: string }) => void;
}) {
  const { t } = useTranslation();
  const [quote, setQuote] = useState<Quote | null>(null);
  const perCopy = fees.some((f) => f.per === "copy");
  const groups = [...new Set(fees.flatMap((f) => f.exemptGroups))];
  useEffect(() => {
    if (!fees.length) return;
    const q = new URLSearchParams({ copies: String(copies), ...(exemptGroup ? { exemptGroup } : {}) });
    let cancelled = false;
    api.get<Quote>(`/procedures/${code}/fee-quote?${q}`, { auth: false }).then(
      (r) => !cancelled && setQuote(r),
      () => !cancelled && setQuote(null),
    );
    return () => {
      cancelled = true;
    };
  }, [code, fees.length, copies, exemptGroup]);
  const vnd = (n: number) => `${n.toLocaleString("vi-VN")} đ`;
  if (!fees.length) return <p className="hint">{t("filing.noFee")}</p>;
  return (
    <section className="fee-quote" aria-labelledby="fee-quote-title" data-testid="fee-quote">
      <h3 id="fee-quote-title" className="section-heading">
        {t("filing.fees")}
      </h3>
      {perCopy ? (
        <label className="field">
          <span>{t("filing.copies")}</span>
          <input
            className="input"
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            value={copies}
            onChange={(e) => onChange({ copies: Math.min(100, Math.max(1, Number(e.target.value) || 1)) })}
          />
        </label>
      ) : null}
      {groups.length && quote ? (
        <label className="field">
          <span>{t("filing.exemptGroup")}</span>
          <select
            className="input"
            value={exemptGroup}
            onChange={(e) => onChange({ exemptGroup: e.target.value })}
          >
            <option value="">{t("filing.exemptNone")}</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {quote.exemptGroups[g] ?? g}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {quote ? (
        <>
          <ul className="fee-lines">
            {quote.lines.map((l, i) => (
              <li key={i}>
                {l.label}: {l.exempt ? <s>{vnd(l.amountVnd)}</s> : vnd(l.amountVnd)}
                {l.quantity > 1 ? ` × ${l.quantity}` : ""}
                {l.exempt && !l.label.includes("miễn") ? ` (${t("filing.exempted")})` : ""}
              </li>
            ))}
          </ul>
          <p>
            <strong>
              {t("filing.feeTotal")}: <span data-testid="fee-total">{vnd(quote.totalVnd)}</span>
            </strong>
          </p>
          <p className="hint">{exemptGroup ? t("filing.exemptCheck") : t("filing.payAfter")}</p>
        </>
      ) : (
        <p className="hint">
          {fees.map((f) => `${f.label} ${vnd(f.amountVnd)}${f.per === "copy" ? "/bản" : ""}`).join("; ")}
        </p>
      )}
    </section>
  );
}
