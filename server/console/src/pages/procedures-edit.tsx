import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { Link, useParams } from "react-router-dom";
import { api, ApiError, formatDateTime, messageOf } from "../api";
import "./procedures.css";

interface Doc {
  group: string;
  document: string;
  quantity: string;
}
interface Fee {
  label: string;
  amountVnd: number;
  per: "dossier" | "copy";
  exemptGroups: string[];
}
interface Procedure {
  code: string;
  name: string;
  field: string;
  level: "province" | "commune";
  agency: { code: string; name: string } | null;
  processingDays: number;
  processingUnit: "working_days" | "calendar_days";
  processingNote: string | null;
  purpose: string | null;
  eligibility: string | null;
  fees: Fee[];
  feeNote: string | null;
  requiredDocuments: Doc[];
  onlineLevel: "full" | "partial" | "none";
  active: boolean;
  updatedAt: string;
  /** The filing form the mini app shows (fields and document slots). */
  form: { fields: unknown[]; documents: unknown[] };
}
interface Options {
  fields: string[];
  agencies: { code: string; name: string }[];
}
interface Form {
  name: string;
  field: string;
  level: Procedure["level"];
  purpose: string;
  eligibility: string;
  requiredDocuments: Doc[];
  fees: (Omit<Fee, "amountVnd"> & { amountVnd: string })[];
  feeNote: string;
  processingDays: string;
  processingUnit: Procedure["processingUnit"];
  processingNote: string;
  onlineLevel: Procedure["onlineLevel"];
  agencyCode: string;
  active: boolean;
  /** The filing form as JSON text, checked on save. */
  formSchema: string;
}

const EXEMPT: [string, string][] = [
  ["poor_household", "Hộ nghèo"],
  ["disabled", "Người khuyết tật"],
  ["revolutionary_family", "Gia đình có công"],
];

const toForm = (p: Procedure): Form => ({
  name: p.name,
  field: p.field,
  level: p.level,
  purpose: p.purpose ?? "",
  eligibility: p.eligibility ?? "",
  requiredDocuments: p.requiredDocuments,
  fees: p.fees.map((f) => ({ ...f, amountVnd: String(f.amountVnd) })),
  feeNote: p.feeNote ?? "",
  processingDays: String(p.processingDays),
  processingUnit: p.processingUnit,
  processingNote: p.processingNote ?? "",
  onlineLevel: p.onlineLevel,
  agencyCode: p.agency?.code ?? "",
  active: p.active,
  formSchema: JSON.stringify(p.form, null, 2),
});

/** "formSchema.fields.2.type" → "Trường thứ 3 (type): ", so an admin finds the line to fix. */
function schemaPlace(path: string): string {
  const m = /^formSchema\.(fields|documents)\.(\d+)(?:\.(\w+))?/.exec(path);
  if (!m) return path === "formSchema" ? "" : `${path.slice("formSchema.".length)}: `;
  const what = m[1] === "fields" ? "Trường" : "Giấy tờ";
  return `${what} thứ ${Number(m[2]) + 1}${m[3] ? ` (${m[3]})` : ""}: `;
}

/** The JSON an admin typed, or the Vietnamese reason it is not JSON (with where). */
function parseFormSchema(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    const line = at ? text.slice(0, Number(at)).split("\n").length : null;
    return {
      ok: false,
      message: `Mẫu đơn không phải JSON hợp lệ${line ? ` (lỗi ở dòng ${line})` : ""}. Kiểm tra dấu ngoặc, dấu phẩy và dấu nháy kép.`,
    };
  }
}

/** A number typed in a box; anything else goes to the server as text so its message explains. */
const num = (s: string) => (/^-?\d+(\.\d+)?$/.test(s.trim()) ? Number(s.trim()) : s);

/** One procedure's edit form. Saving is audited and the mini app shows the change at once. */
export function ProcedureEditPage() {
  const { code = "" } = useParams();
  const [proc, setProc] = useState<Procedure | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [options, setOptions] = useState<Options>({ fields: [], agencies: [] });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<Procedure>(`/api/staff/procedures/${encodeURIComponent(code)}`)
      .then((p) => {
        setProc(p);
        setForm(toForm(p));
      })
      .catch((e: unknown) => setMessage({ ok: false, text: messageOf(e, "Không tải được thủ tục.") }));
    api<Options>("/api/staff/procedure-options")
      .then(setOptions)
      .catch(() => undefined);
  }, [code]);

  if (!form || !proc) {
    return (
      <section>
        <p>
          <Link to="/procedures">← Danh sách thủ tục</Link>
        </p>
        {message ? (
          <p role="alert" className="error">
            {message.text}
          </p>
        ) : (
          <p className="muted">Đang tải…</p>
        )}
      </section>
    );
  }

  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm({ ...form, [k]: v });
  const setDoc = (i: number, patch: Partial<Doc>) =>
    set(
      "requiredDocuments",
      form.requiredDocuments.map((d, j) => (i === j ? { ...d, ...patch } : d)),
    );
  const setFee = (i: number, patch: Partial<Form["fees"][number]>) =>
    set(
      "fees",
      form.fees.map((f, j) => (i === j ? { ...f, ...patch } : f)),
    );
  const err = (path: string) =>
    errors[path] ? (
      <span className="error field-error" id={`err-${path}`}>
        {errors[path]}
      </span>
    ) : null;
  const field = (label: string, path: string, control: ReactNode) => (
    <label className="form-row">
      <span>{label}</span>
      {control}
      {err(path)}
    </label>
  );

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!form || !proc) return;
    setMessage(null);
    setErrors({});
    const schema = parseFormSchema(form.formSchema);
    if (!schema.ok) {
      setErrors({ formSchema: schema.message });
      setMessage({ ok: false, text: "Chưa lưu được: mẫu đơn có lỗi." });
      return;
    }
    setBusy(true);
    try {
      const saved = await api<Procedure>(`/api/staff/procedures/${encodeURIComponent(code)}`, {
        method: "PUT",
        body: {
          name: form.name,
          field: form.field,
          level: form.level,
          purpose: form.purpose,
          eligibility: form.eligibility,
          requiredDocuments: form.requiredDocuments,
          fees: form.fees.map((f) => ({ ...f, amountVnd: num(f.amountVnd) })),
          feeNote: form.feeNote,
          processingDays: num(form.processingDays),
          processingUnit: form.processingUnit,
          processingNote: form.processingNote,
          onlineLevel: form.onlineLevel,
          agencyCode: form.agencyCode || null,
          active: form.active,
          formSchema: schema.value,
          expectedUpdatedAt: proc.updatedAt,
        },
      });
      setProc(saved);
      setForm(toForm(saved));
      setMessage({ ok: true, text: "Đã lưu. Công dân thấy nội dung mới ngay." });
    } catch (e2) {
      if (e2 instanceof ApiError && e2.body.fields) {
        setErrors(Object.fromEntries(e2.body.fields.map((f) => [f.field, f.message])));
      }
      setMessage({ ok: false, text: messageOf(e2, "Chưa lưu được.") });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <p>
        <Link to="/procedures">← Danh sách thủ tục</Link>
      </p>
      <h1>
        {proc.name} <span className="muted">({proc.code})</span>
      </h1>
      <p className="muted">Sửa lần cuối: {formatDateTime(proc.updatedAt)}</p>
      <form className="procedure-form" onSubmit={save} noValidate>
        {field(
          "Tên thủ tục",
          "name",
          <input value={form.name} onChange={(e) => set("name", e.target.value)} required />,
        )}
        <div className="form-grid">
          {field(
            "Lĩnh vực",
            "field",
            <>
              <input
                list="procedure-fields"
                value={form.field}
                onChange={(e) => set("field", e.target.value)}
              />
              <datalist id="procedure-fields">
                {options.fields.map((f) => (
                  <option key={f} value={f} />
                ))}
              </datalist>
            </>,
          )}
          {field(
            "Cấp thực hiện",
            "level",
            <select value={form.level} onChange={(e) => set("level", e.target.value as Form["level"])}>
              <option value="commune">Cấp xã</option>
              <option value="province">Cấp tỉnh</option>
            </select>,
          )}
          {field(
            "Cơ quan giải quyết",
            "agencyCode",
            <select value={form.agencyCode} onChange={(e) => set("agencyCode", e.target.value)}>
              <option value="">UBND xã, phường nơi công dân nộp</option>
              {options.agencies.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name} ({a.code})
                </option>
              ))}
            </select>,
          )}
          {field(
            "Mức độ trực tuyến",
            "onlineLevel",
            <select
              value={form.onlineLevel}
              onChange={(e) => set("onlineLevel", e.target.value as Form["onlineLevel"])}
            >
              <option value="full">Toàn trình</option>
              <option value="partial">Một phần</option>
              <option value="none">Không (chỉ nộp trực tiếp)</option>
            </select>,
          )}
          {field(
            "Thời hạn giải quyết (0 = trong ngày)",
            "processingDays",
            <input
              inputMode="numeric"
              value={form.processingDays}
              onChange={(e) => set("processingDays", e.target.value)}
            />,
          )}
          {field(
            "Đơn vị thời hạn",
            "processingUnit",
            <select
              value={form.processingUnit}
              onChange={(e) => set("processingUnit", e.target.value as Form["processingUnit"])}
            >
              <option value="working_days">Ngày làm việc</option>
              <option value="calendar_days">Ngày (kể cả ngày nghỉ)</option>
            </select>,
          )}
        </div>
        {field(
          "Ghi chú thời hạn",
          "processingNote",
          <textarea
            rows={2}
            value={form.processingNote}
            onChange={(e) => set("processingNote", e.target.value)}
          />,
        )}
        {field(
          "Mục đích",
          "purpose",
          <textarea rows={3} value={form.purpose} onChange={(e) => set("purpose", e.target.value)} />,
        )}
        {field(
          "Đối tượng thực hiện (ai được nộp)",
          "eligibility",
          <textarea rows={3} value={form.eligibility} onChange={(e) => set("eligibility", e.target.value)} />,
        )}

        <fieldset>
          <legend>Thành phần hồ sơ</legend>
          {err("requiredDocuments")}
          {form.requiredDocuments.map((d, i) => (
            <div className="row-edit" key={i}>
              <label>
                Nhóm
                <input value={d.group} onChange={(e) => setDoc(i, { group: e.target.value })} />
                {err(`requiredDocuments.${i}.group`)}
              </label>
              <label className="grow">
                Giấy tờ
                <textarea
                  rows={2}
                  value={d.document}
                  onChange={(e) => setDoc(i, { document: e.target.value })}
                />
                {err(`requiredDocuments.${i}.document`)}
              </label>
              <label>
                Số lượng
                <input value={d.quantity} onChange={(e) => setDoc(i, { quantity: e.target.value })} />
                {err(`requiredDocuments.${i}.quantity`)}
              </label>
              <button
                type="button"
                className="secondary"
                aria-label={`Bỏ giấy tờ ${i + 1}`}
                onClick={() =>
                  set(
                    "requiredDocuments",
                    form.requiredDocuments.filter((_, j) => j !== i),
                  )
                }
              >
                Bỏ
              </button>
            </div>
          ))}
          <button
            type="button"
            className="secondary"
            onClick={() =>
              set("requiredDocuments", [
                ...form.requiredDocuments,
                { group: "Giấy tờ phải nộp", document: "", quantity: "1 bản chính" },
              ])
            }
          >
            Thêm giấy tờ
          </button>
        </fieldset>

        <fieldset>
          <legend>Phí, lệ phí</legend>
          {err("fees")}
          {form.fees.length === 0 && <p className="muted">Không thu phí.</p>}
          {form.fees.map((f, i) => (
            <div className="row-edit" key={i}>
              <label className="grow">
                Khoản thu
                <input value={f.label} onChange={(e) => setFee(i, { label: e.target.value })} />
                {err(`fees.${i}.label`)}
              </label>
              <label>
                Số tiền (đồng)
                <input
                  inputMode="numeric"
                  value={f.amountVnd}
                  onChange={(e) => setFee(i, { amountVnd: e.target.value })}
                />
                {err(`fees.${i}.amountVnd`)}
              </label>
              <label>
                Tính theo
                <select value={f.per} onChange={(e) => setFee(i, { per: e.target.value as Fee["per"] })}>
                  <option value="dossier">Hồ sơ</option>
                  <option value="copy">Bản</option>
                </select>
              </label>
              <span className="exempt">
                Miễn cho:
                {EXEMPT.map(([key, text]) => (
                  <label key={key} className="inline">
                    <input
                      type="checkbox"
                      checked={f.exemptGroups.includes(key)}
                      onChange={(e) =>
                        setFee(i, {
                          exemptGroups: e.target.checked
                            ? [...f.exemptGroups, key]
                            : f.exemptGroups.filter((g) => g !== key),
                        })
                      }
                    />
                    {text}
                  </label>
                ))}
              </span>
              <button
                type="button"
                className="secondary"
                aria-label={`Bỏ khoản thu ${i + 1}`}
                onClick={() =>
                  set(
                    "fees",
                    form.fees.filter((_, j) => j !== i),
                  )
                }
              >
                Bỏ
              </button>
            </div>
          ))}
          <button
            type="button"
            className="secondary"
            onClick={() =>
              set("fees", [
                ...form.fees,
                { label: "Lệ phí", amountVnd: "0", per: "dossier", exemptGroups: [] },
              ])
            }
          >
            Thêm khoản thu
          </button>
          {field(
            "Ghi chú phí",
            "feeNote",
            <textarea rows={2} value={form.feeNote} onChange={(e) => set("feeNote", e.target.value)} />,
          )}
        </fieldset>

        <fieldset>
          <legend>Mẫu đơn nộp trực tuyến (JSON)</legend>
          <p className="muted">
            <code>fields</code>: các trường công dân khai (name, type: text | textarea | date | select |
            number | id_number | phone, label, hint, required, options, pattern, maxLength, maxDate:
            &quot;today&quot;); <code>documents</code>: các loại giấy tờ đính kèm (key, label, required).
          </p>
          <label className="form-row">
            <span>Mẫu đơn</span>
            <textarea
              className="json-editor"
              rows={16}
              spellCheck={false}
              value={form.formSchema}
              aria-invalid={Object.keys(errors).some((k) => k.startsWith("formSchema")) || undefined}
              aria-describedby="form-schema-errors"
              onChange={(e) => set("formSchema", e.target.value)}
            />
          </label>
          <ul id="form-schema-errors" className="error field-error" data-testid="form-schema-errors">
            {Object.entries(errors)
              .filter(([k]) => k === "formSchema" || k.startsWith("formSchema."))
              .map(([k, v]) => (
                <li key={k}>
                  {schemaPlace(k)}
                  {v}
                </li>
              ))}
          </ul>
        </fieldset>

        <label className="inline">
          <input type="checkbox" checked={form.active} onChange={(e) => set("active", e.target.checked)} />
          Đang áp dụng (bỏ chọn để ẩn thủ tục khỏi ứng dụng công dân)
        </label>

        {message && (
          <p role={message.ok ? "status" : "alert"} className={message.ok ? "ok" : "error"}>
            {message.text}
          </p>
        )}
        <p className="toolbar">
          <button type="submit" className="primary-wide" disabled={busy}>
            {busy ? "Đang lưu…" : "Lưu thay đổi"}
          </button>
        </p>
      </form>
    </section>
  );
}
