import { useCallback, useEffect, useMemo, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { api, formatDateTime, messageOf } from "../api";
import { useSession } from "../session";
import { AlertMap, type Commune } from "./alerts-map";

export interface Meta {
  hazards: { code: string; name: string; minLevel: number; maxLevel: number }[];
  levels: { level: number; colour: string; name: string; meaning: string }[];
}
export interface AlertSummary {
  id: string;
  identifier: string;
  msgType: string;
  status: string;
  source: string;
  hazard: string;
  riskLevel: number | null;
  headline: string | null;
  sent: string;
  expires: string;
  communes: { code: string; name: string }[];
  supersedesId: string | null;
}

export const STATUS_TEXT: Record<string, string> = {
  active: "Đang hiệu lực",
  updated: "Đã cập nhật",
  cancelled: "Đã hủy",
  expired: "Hết hiệu lực",
};
export const MSG_TEXT: Record<string, string> = { Alert: "Cảnh báo", Update: "Cập nhật", Cancel: "Hủy" };

export function LevelBadge({ level, meta }: { level: number | null; meta: Meta | null }) {
  const l = meta?.levels.find((x) => x.level === level);
  // The bulletin gave no level: said plainly, never guessed (QĐ 18/2021 Điều 41).
  if (level === null)
    return (
      <span style={{ background: "#E9ECEF", color: "#111", padding: "2px 8px", borderRadius: 4 }}>
        Chưa có cấp độ rủi ro
      </span>
    );
  return (
    <span
      title={l ? `Cấp ${level}: ${l.name} – ${l.meaning}` : `Cấp ${level}`}
      style={{
        background: l?.colour ?? "#ddd",
        color: level >= 4 ? "#fff" : "#111",
        padding: "2px 8px",
        borderRadius: 4,
        fontWeight: 700,
        whiteSpace: "nowrap",
      }}
    >
      Cấp {level}
    </span>
  );
}

type Lang = "vi" | "en" | "zh";
/** Radio buttons and checkboxes at their natural size (the console styles size text inputs). */
const TICK = { width: "auto", margin: 0, padding: 0 } as const;
const LANGS: { code: Lang; label: string }[] = [
  { code: "vi", label: "Tiếng Việt (bắt buộc)" },
  { code: "en", label: "English" },
  { code: "zh", label: "中文" },
];
const emptyTexts = () => ({
  vi: { headline: "", description: "", instruction: "" },
  en: { headline: "", description: "", instruction: "" },
  zh: { headline: "", description: "", instruction: "" },
});
const localInput = (d: Date) => {
  const vn = new Date(d.getTime() + 7 * 3600_000);
  return vn.toISOString().slice(0, 16);
};

/** Initial values of the compose form; an Update starts from the alert it replaces. */
export interface ComposeInitial {
  hazard: string;
  /** null when the alert being updated gave no level: the operator picks one. */
  riskLevel: number | null;
  communes: string[];
  texts: ReturnType<typeof emptyTexts>;
}

export function ComposeForm(props: {
  meta: Meta;
  communes: Commune[];
  initial?: ComposeInitial;
  submitLabel: string;
  onSubmit: (body: unknown) => Promise<void>;
}) {
  const { meta, communes } = props;
  const [hazard, setHazard] = useState(props.initial?.hazard ?? "flash_flood");
  const [level, setLevel] = useState(
    props.initial?.riskLevel ??
      meta.hazards.find((h) => h.code === (props.initial?.hazard ?? "flash_flood"))?.minLevel ??
      1,
  );
  const [selected, setSelected] = useState<Set<string>>(new Set(props.initial?.communes ?? []));
  const [filter, setFilter] = useState("");
  const [polygon, setPolygon] = useState<[number, number][]>([]);
  const [circle, setCircle] = useState<{ lat: string; lon: string; radiusKm: string }>({
    lat: "",
    lon: "",
    radiusKm: "",
  });
  const [texts, setTexts] = useState(props.initial?.texts ?? emptyTexts());
  const [expires, setExpires] = useState(localInput(new Date(Date.now() + 6 * 3600_000)));
  const [urgency, setUrgency] = useState("Expected");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const max = meta.hazards.find((h) => h.code === hazard)?.maxLevel ?? 5;
  const min = meta.hazards.find((h) => h.code === hazard)?.minLevel ?? 1;
  const colour = meta.levels.find((l) => l.level === level)?.colour ?? "#888";
  const circleValue =
    circle.lat && circle.lon && circle.radiusKm
      ? { lat: Number(circle.lat), lon: Number(circle.lon), radiusKm: Number(circle.radiusKm) }
      : null;
  const shown = communes.filter(
    (c) => !filter || c.name.toLowerCase().includes(filter.toLowerCase()) || c.code.includes(filter),
  );
  const toggle = (code: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(code)) n.delete(code);
      else n.add(code);
      return n;
    });

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const ring = polygon.length >= 3 ? [...polygon, polygon[0]!] : undefined;
      const withText = (l: Lang) =>
        texts[l].headline.trim() || texts[l].description.trim() ? { [l]: texts[l] } : {};
      await props.onSubmit({
        hazard,
        riskLevel: level,
        communes: [...selected],
        ...(ring ? { polygon: ring } : {}),
        ...(circleValue ? { circle: circleValue } : {}),
        vi: texts.vi,
        ...withText("en"),
        ...withText("zh"),
        // The operator types Lào Cai time (UTC+7).
        expiresAt: new Date(`${expires}:00+07:00`).toISOString(),
        urgency,
      });
    } catch (err) {
      setError(messageOf(err, "Không phát hành được cảnh báo."));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="card-inline" aria-label="Soạn cảnh báo">
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="two-col">
        <div>
          <label>
            Loại thiên tai
            <select
              value={hazard}
              onChange={(e) => {
                setHazard(e.target.value);
                const h = meta.hazards.find((x) => x.code === e.target.value);
                if (level > (h?.maxLevel ?? 5)) setLevel(h?.maxLevel ?? 5);
                if (level < (h?.minLevel ?? 1)) setLevel(h?.minLevel ?? 1);
              }}
            >
              {meta.hazards.map((h) => (
                <option key={h.code} value={h.code}>
                  {h.name} ({h.minLevel > 1 ? `cấp ${h.minLevel}–${h.maxLevel}` : `tối đa cấp ${h.maxLevel}`})
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend>Cấp độ rủi ro (QĐ 18/2021/QĐ-TTg)</legend>
            {meta.levels.map((l) => (
              <label
                key={l.level}
                className="inline"
                style={{ opacity: l.level > max || l.level < min ? 0.4 : 1, fontWeight: 400 }}
              >
                <input
                  style={TICK}
                  type="radio"
                  name="level"
                  value={l.level}
                  checked={level === l.level}
                  disabled={l.level > max || l.level < min}
                  onChange={() => setLevel(l.level)}
                />
                <span
                  style={{
                    background: l.colour,
                    padding: "0 6px",
                    color: l.level >= 4 ? "#fff" : "#111",
                    whiteSpace: "nowrap",
                    flexShrink: 0,
                  }}
                >
                  Cấp {l.level}
                </span>{" "}
                {l.name} – {l.meaning}
              </label>
            ))}
          </fieldset>
          <label>
            Mức khẩn cấp
            <select value={urgency} onChange={(e) => setUrgency(e.target.value)}>
              <option value="Immediate">Ngay lập tức</option>
              <option value="Expected">Sắp xảy ra (trong 1 giờ tới)</option>
              <option value="Future">Trong thời gian tới</option>
            </select>
          </label>
          <label>
            Hết hiệu lực lúc (giờ Việt Nam)
            <input
              type="datetime-local"
              value={expires}
              onChange={(e) => setExpires(e.target.value)}
              required
            />
          </label>
        </div>
        <div>
          <p className="muted">
            Bấm chấm trên bản đồ để chọn/bỏ xã; bấm vào nền bản đồ để vẽ đa giác ({polygon.length} điểm).
          </p>
          <AlertMap
            communes={communes}
            selected={selected}
            colour={colour}
            polygons={[polygon]}
            circles={circleValue ? [circleValue] : []}
            onToggle={toggle}
            onMapClick={(lat, lon) => setPolygon((p) => [...p, [lat, lon]])}
            label="Bản đồ các xã, phường tỉnh Lào Cai"
          />
          <div className="actions">
            <button
              type="button"
              className="secondary"
              onClick={() => setPolygon([])}
              disabled={polygon.length === 0}
            >
              Xóa đa giác
            </button>
          </div>
          <fieldset>
            <legend>Vòng tròn (tâm và bán kính)</legend>
            <label className="inline">
              Vĩ độ{" "}
              <input
                value={circle.lat}
                onChange={(e) => setCircle({ ...circle, lat: e.target.value })}
                inputMode="decimal"
                style={{ width: 110 }}
              />
            </label>
            <label className="inline">
              Kinh độ{" "}
              <input
                value={circle.lon}
                onChange={(e) => setCircle({ ...circle, lon: e.target.value })}
                inputMode="decimal"
                style={{ width: 110 }}
              />
            </label>
            <label className="inline">
              Bán kính (km){" "}
              <input
                value={circle.radiusKm}
                onChange={(e) => setCircle({ ...circle, radiusKm: e.target.value })}
                inputMode="decimal"
                style={{ width: 80 }}
              />
            </label>
          </fieldset>
        </div>
      </div>
      <fieldset>
        <legend>Xã, phường bị ảnh hưởng ({selected.size} đã chọn)</legend>
        <input
          placeholder="Lọc theo tên hoặc mã"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label="Lọc xã, phường"
        />
        <div style={{ maxHeight: 180, overflow: "auto", columns: 3 }}>
          {shown.map((c) => (
            <label key={c.code} className="inline" style={{ fontWeight: 400, breakInside: "avoid" }}>
              <input
                style={TICK}
                type="checkbox"
                checked={selected.has(c.code)}
                onChange={() => toggle(c.code)}
              />{" "}
              {c.type === "phuong" ? "P." : "X."} {c.name}
            </label>
          ))}
        </div>
      </fieldset>
      {LANGS.map(({ code, label }) => (
        <fieldset key={code}>
          <legend>{label}</legend>
          <label>
            Tiêu đề
            <input
              value={texts[code].headline}
              onChange={(e) => setTexts({ ...texts, [code]: { ...texts[code], headline: e.target.value } })}
              required={code === "vi"}
              maxLength={160}
              lang={code}
            />
          </label>
          <label>
            Nội dung (tình hình, dự báo, vùng nguy cơ)
            <textarea
              value={texts[code].description}
              onChange={(e) =>
                setTexts({ ...texts, [code]: { ...texts[code], description: e.target.value } })
              }
              required={code === "vi"}
              rows={3}
              maxLength={3000}
              lang={code}
            />
          </label>
          <label>
            Khuyến cáo người dân
            <textarea
              value={texts[code].instruction}
              onChange={(e) =>
                setTexts({ ...texts, [code]: { ...texts[code], instruction: e.target.value } })
              }
              rows={2}
              maxLength={1000}
              lang={code}
            />
          </label>
        </fieldset>
      ))}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? "Đang phát hành…" : props.submitLabel}
        </button>
      </div>
    </form>
  );
}

export function useAlertReference() {
  const [meta, setMeta] = useState<Meta | null>(null);
  const [communes, setCommunes] = useState<Commune[]>([]);
  useEffect(() => {
    void api<Meta>("/api/staff/alerts/meta").then(setMeta, () => undefined);
    void api<{ communes: Commune[] }>("/api/v1/communes").then(
      (r) => setCommunes(r.communes),
      () => undefined,
    );
  }, []);
  return { meta, communes };
}

/** Cảnh báo: every alert with its state; IOC operators compose new ones here. */
export function AlertsPage() {
  const { session } = useSession();
  const navigate = useNavigate();
  const canPublish = session?.staff.role === "ioc_operator";
  const { meta, communes } = useAlertReference();
  const [alerts, setAlerts] = useState<AlertSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [composing, setComposing] = useState(false);

  const load = useCallback(() => {
    api<{ alerts: AlertSummary[] }>("/api/staff/alerts").then(
      (r) => {
        setAlerts(r.alerts);
        setError(null);
      },
      (e: unknown) => setError(messageOf(e, "Không tải được danh sách cảnh báo.")),
    );
  }, []);
  useEffect(load, [load]);
  const hazardName = useMemo(() => new Map(meta?.hazards.map((h) => [h.code, h.name])), [meta]);

  return (
    <section>
      <h1>Cảnh báo thiên tai</h1>
      <p>
        <Link to="/alerts/qr">Mã QR nhận cảnh báo cho khách du lịch (in)</Link>
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {canPublish && (
        <div className="actions">
          <button type="button" onClick={() => setComposing((v) => !v)} aria-expanded={composing}>
            {composing ? "Đóng" : "Soạn cảnh báo mới"}
          </button>
        </div>
      )}
      {canPublish && composing && meta && (
        <ComposeForm
          meta={meta}
          communes={communes}
          submitLabel="Phát hành cảnh báo"
          onSubmit={async (body) => {
            const r = await api<{ alertId: string }>("/api/staff/alerts", { method: "POST", body });
            navigate(`/alerts/${r.alertId}`);
          }}
        />
      )}
      {!alerts && !error && <p className="muted">Đang tải…</p>}
      {alerts && alerts.length === 0 && <p className="muted">Chưa có cảnh báo nào.</p>}
      {alerts && alerts.length > 0 && (
        <table className="dense">
          <thead>
            <tr>
              <th scope="col">Ban hành</th>
              <th scope="col">Loại</th>
              <th scope="col">Thiên tai</th>
              <th scope="col">Cấp</th>
              <th scope="col">Tiêu đề</th>
              <th scope="col">Xã, phường</th>
              <th scope="col">Trạng thái</th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((a) => (
              <tr key={a.id}>
                <td className="nowrap">{formatDateTime(a.sent)}</td>
                <td>{MSG_TEXT[a.msgType] ?? a.msgType}</td>
                <td>{hazardName.get(a.hazard) ?? a.hazard}</td>
                <td>
                  <LevelBadge level={a.riskLevel} meta={meta} />
                </td>
                <td>
                  <Link to={`/alerts/${a.id}`}>{a.headline ?? a.identifier}</Link>
                </td>
                <td>
                  {a.communes
                    .slice(0, 4)
                    .map((c) => c.name)
                    .join(", ")}
                  {a.communes.length > 4 ? ` và ${a.communes.length - 4} nơi khác` : ""}
                </td>
                <td>{STATUS_TEXT[a.status] ?? a.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
