import { useCallback, useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { api, formatDateTime, messageOf } from "../api";
import { useSession } from "../session";
import { AlertMap } from "./alerts-map";
import {
  ComposeForm,
  LevelBadge,
  MSG_TEXT,
  STATUS_TEXT,
  useAlertReference,
  type AlertSummary,
} from "./alerts";

interface Detail {
  alert: AlertSummary & {
    infos: {
      language: string;
      headline: string | null;
      description: string | null;
      instruction: string | null;
    }[];
    areas: {
      areaDesc: string;
      polygons: [number, number][][];
      circles: { lat: number; lon: number; radiusKm: number }[];
      units: string[];
    }[];
  };
  deliveries: {
    total: number;
    planned: number;
    sent: number;
    failed: Record<string, number>;
    skipped: Record<string, number>;
  };
  safety: {
    unitCode: string;
    communeName: string;
    recipients: number;
    safe: number;
    needHelp: number;
    noAnswer: number;
    helpRequests: { incidentPublicId: string | null; at: string; lat: number | null; lon: number | null }[];
  }[];
}

const REASON_TEXT: Record<string, string> = {
  outside_interaction_window: "ngoài 48 giờ tương tác với OA",
  outside_interaction_window_no_phone: "ngoài 48 giờ tương tác, không có số điện thoại để gửi ZNS",
  not_following: "không quan tâm OA",
  citizen_erased: "người dân đã xóa tài khoản",
  alert_expired: "cảnh báo hết hiệu lực",
  alert_cancelled: "cảnh báo đã bị hủy",
  alert_updated: "đã có bản cập nhật",
  alert_superseded: "đã có bản tin thay thế",
  uncertain: "không rõ đã tới chưa (Zalo không trả lời; không gửi lại)",
  upstream_unavailable: "Zalo không phản hồi",
  "oa_error_-32": "vượt giới hạn gửi của Zalo",
  "oa_error_-216": "token OA hết hạn",
};
const reason = (r: string) => REASON_TEXT[r] ?? r;
const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

/** One alert: where its messages are (refreshed every few seconds) and who is safe, per commune. */
export function AlertViewPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const { session } = useSession();
  const canPublish = session?.staff.role === "ioc_operator";
  const { meta, communes } = useAlertReference();
  const [d, setD] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<"none" | "update" | "cancel">("none");
  const [note, setNote] = useState("");

  const load = useCallback(() => {
    api<Detail>(`/api/staff/alerts/${encodeURIComponent(id)}`).then(
      (r) => {
        setD(r);
        setError(null);
      },
      (e: unknown) => setError(messageOf(e, "Không tải được cảnh báo.")),
    );
  }, [id]);
  useEffect(() => {
    load();
    // Live counts while messages go out and answers come in.
    const t = setInterval(load, 3000);
    return () => clearInterval(t);
  }, [load]);

  if (!d)
    return (
      <section>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : (
          <p className="muted">Đang tải…</p>
        )}
      </section>
    );
  const a = d.alert;
  const vi = a.infos.find((i) => i.language === "vi") ?? a.infos[0];
  const colour = meta?.levels.find((l) => l.level === a.riskLevel)?.colour ?? "#888";
  const units = new Set(a.areas.flatMap((x) => x.units));
  const failed = sum(d.deliveries.failed);
  const skipped = sum(d.deliveries.skipped);
  const live = a.status === "active" && a.msgType !== "Cancel";

  return (
    <section>
      <p>
        <Link to="/alerts">← Danh sách cảnh báo</Link>
      </p>
      <h1>
        {MSG_TEXT[a.msgType] ?? a.msgType}: {vi?.headline ?? a.identifier}
      </h1>
      <p>
        <LevelBadge level={a.riskLevel} meta={meta} /> · {STATUS_TEXT[a.status] ?? a.status} · Ban hành{" "}
        {formatDateTime(a.sent)} · Hết hiệu lực {formatDateTime(a.expires)} · Mã <code>{a.identifier}</code>
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {vi?.description && <p>{vi.description}</p>}
      {vi?.instruction && (
        <p>
          <strong>Khuyến cáo:</strong> {vi.instruction}
        </p>
      )}
      <p className="muted">Ngôn ngữ: {a.infos.map((i) => i.language).join(", ")}</p>

      <h2>Gửi tin</h2>
      <table className="dense" aria-label="Tình trạng gửi tin">
        <tbody>
          <tr>
            <th scope="row">Người nhận dự kiến</th>
            <td data-testid="planned-total">{d.deliveries.total}</td>
          </tr>
          <tr>
            <th scope="row">Đang chờ gửi</th>
            <td>{d.deliveries.planned}</td>
          </tr>
          <tr>
            <th scope="row">Đã gửi</th>
            <td data-testid="sent">{d.deliveries.sent}</td>
          </tr>
          <tr>
            <th scope="row">Lỗi</th>
            <td>
              {failed}
              {Object.entries(d.deliveries.failed).map(([r, n]) => (
                <span key={r} className="muted">
                  {" "}
                  · {reason(r)}: {n}
                </span>
              ))}
            </td>
          </tr>
          <tr>
            <th scope="row">Bỏ qua</th>
            <td>
              {skipped}
              {Object.entries(d.deliveries.skipped).map(([r, n]) => (
                <span key={r} className="muted">
                  {" "}
                  · {reason(r)}: {n}
                </span>
              ))}
            </td>
          </tr>
        </tbody>
      </table>

      <h2>Bảng an toàn theo xã</h2>
      {d.safety.length === 0 ? (
        <p className="muted">Chưa có người nhận hoặc phản hồi.</p>
      ) : (
        <table className="dense" aria-label="Bảng an toàn theo xã">
          <thead>
            <tr>
              <th scope="col">Xã, phường</th>
              <th scope="col">Người nhận</th>
              <th scope="col">An toàn</th>
              <th scope="col">Cần giúp đỡ</th>
              <th scope="col">Chưa trả lời</th>
              <th scope="col">Yêu cầu trợ giúp</th>
            </tr>
          </thead>
          <tbody>
            {d.safety.map((s) => (
              <tr key={s.unitCode} data-testid={`safety-${s.unitCode}`}>
                <td>{s.communeName}</td>
                <td>{s.recipients}</td>
                <td>{s.safe}</td>
                <td>
                  <span className={s.needHelp > 0 ? "count count--bad" : "count"}>{s.needHelp}</span>
                </td>
                <td>{s.noAnswer}</td>
                <td>
                  {s.helpRequests.map((h, i) => (
                    <div key={i}>
                      {h.incidentPublicId ? (
                        <Link to={`/reports/${h.incidentPublicId}`}>{h.incidentPublicId}</Link>
                      ) : (
                        "đang tạo phản ánh"
                      )}{" "}
                      · {formatDateTime(h.at)}
                      {h.lat !== null && h.lon !== null
                        ? ` · ${h.lat.toFixed(4)}, ${h.lon.toFixed(4)}`
                        : " · vị trí gần đúng (trung tâm xã)"}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Vùng cảnh báo</h2>
      <ul>
        {a.areas.map((x, i) => (
          <li key={i}>{x.areaDesc}</li>
        ))}
      </ul>
      <AlertMap
        communes={communes}
        selected={units}
        colour={colour}
        polygons={a.areas.flatMap((x) => x.polygons)}
        circles={a.areas.flatMap((x) => x.circles)}
        label="Bản đồ vùng cảnh báo"
      />

      {canPublish && live && (
        <>
          <div className="actions">
            <button type="button" onClick={() => setMode(mode === "update" ? "none" : "update")}>
              Cập nhật cảnh báo
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => setMode(mode === "cancel" ? "none" : "cancel")}
            >
              Hủy cảnh báo
            </button>
          </div>
          {mode === "update" && meta && (
            <ComposeForm
              meta={meta}
              communes={communes}
              initial={{
                hazard: a.hazard,
                riskLevel: a.riskLevel,
                communes: [...units],
                texts: {
                  vi: { headline: "", description: "", instruction: "" },
                  en: { headline: "", description: "", instruction: "" },
                  zh: { headline: "", description: "", instruction: "" },
                  ...Object.fromEntries(
                    a.infos.map((i) => [
                      i.language,
                      {
                        headline: i.headline ?? "",
                        description: i.description ?? "",
                        instruction: i.instruction ?? "",
                      },
                    ]),
                  ),
                },
              }}
              submitLabel="Phát hành bản cập nhật"
              onSubmit={async (body) => {
                const r = await api<{ alertId: string }>(`/api/staff/alerts/${a.id}/update`, {
                  method: "POST",
                  body,
                });
                setMode("none");
                navigate(`/alerts/${r.alertId}`);
              }}
            />
          )}
          {mode === "cancel" && (
            <div className="card-inline">
              <label>
                Lý do hủy (gửi kèm cho người đã nhận)
                <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={500} />
              </label>
              <div className="actions">
                <button
                  type="button"
                  onClick={() =>
                    void api<{ alertId: string }>(`/api/staff/alerts/${a.id}/cancel`, {
                      method: "POST",
                      body: { note },
                    }).then(
                      (r) => navigate(`/alerts/${r.alertId}`),
                      (e: unknown) => setError(messageOf(e, "Không hủy được cảnh báo.")),
                    )
                  }
                >
                  Xác nhận hủy
                </button>
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
