import { useCallback, useEffect, useState } from "react";
import { useParams } from "react-router-dom";
import { api, ApiError } from "../api";
import { useSession } from "../session";
import {
  canModerate,
  fmtTime,
  loadIncidentOptions,
  type IncidentOptions,
  type StaffIncident,
} from "./incidents";

/**
 * One report: status with a note (or a response template), assignment, moderation. A clerk
 * sees no assignment or moderation controls: those are the operators' (the API says 403).
 */
export function IncidentViewPage() {
  const { publicId = "" } = useParams();
  const { session } = useSession();
  const moderator = canModerate(session?.staff.role);
  const [item, setItem] = useState<StaffIncident | null>(null);
  const [options, setOptions] = useState<IncidentOptions | null>(null);
  const [status, setStatus] = useState("");
  const [note, setNote] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(() => {
    api<StaffIncident>(`/api/staff/incidents/${publicId}`)
      .then(setItem)
      .catch((e: unknown) =>
        setMessage({ ok: false, text: e instanceof ApiError ? e.body.userMessage : "Lỗi tải dữ liệu." }),
      );
  }, [publicId]);
  useEffect(load, [load]);
  useEffect(() => {
    loadIncidentOptions()
      .then(setOptions)
      .catch(() => undefined);
  }, []);

  async function send(path: string, body: unknown, done: string) {
    setMessage(null);
    try {
      setItem(await api<StaffIncident>(`/api/staff/incidents/${publicId}/${path}`, { method: "POST", body }));
      setMessage({ ok: true, text: done });
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiError ? e.body.userMessage : "Không thực hiện được." });
    }
  }

  if (!item)
    return (
      <section>
        {message ? <p className="error">{message.text}</p> : <p className="loading">Đang tải…</p>}
      </section>
    );
  return (
    <section>
      <h1>
        {item.categoryName} · {item.publicId}
      </h1>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "ok" : "error"}>
          {message.text}
        </p>
      )}
      <dl className="kv">
        <dt>Trạng thái</dt>
        <dd data-testid="staff-incident-status">{item.statusText}</dd>
        <dt>Nơi</dt>
        <dd>
          {item.commune?.name ?? "—"} ({item.lat.toFixed(5)}, {item.lon.toFixed(5)}) {item.address ?? ""}
        </dd>
        <dt>Mô tả</dt>
        <dd style={{ whiteSpace: "pre-wrap" }}>{item.description}</dd>
        <dt>Người phản ánh</dt>
        <dd>
          {item.reporter} · {item.supporters} người cùng gặp · nguồn {item.source}
        </dd>
        <dt>Đơn vị / người xử lý</dt>
        <dd>
          {item.agency?.name ?? "—"} / {item.assignee?.fullName ?? "—"}
        </dd>
        <dt>Hạn xử lý</dt>
        <dd>
          {fmtTime(item.dueAt)} {item.overdue ? <strong className="sla-tag">Quá hạn</strong> : null}
        </dd>
        <dt>IOC</dt>
        <dd>{item.iocRef ?? "Chưa chuyển"}</dd>
      </dl>

      <h2>Ảnh</h2>
      <div style={{ display: "flex", gap: 12, flexWrap: "wrap" }}>
        {item.photos.map((p, i) => (
          <figure key={p.id} style={{ margin: 0 }}>
            {/* Only the photo is dimmed when hidden: the caption and its button stay readable. */}
            <img
              src={p.url}
              alt={`Ảnh ${i + 1} của phản ánh${p.hidden ? " (đã ẩn với công chúng)" : ""}`}
              width={160}
              height={120}
              style={{ objectFit: "cover", opacity: p.hidden ? 0.45 : 1 }}
            />
            <figcaption>
              {p.hidden ? <span className="muted">Đã ẩn với công chúng{moderator ? " · " : ""}</span> : null}
              {moderator ? (
                <button
                  type="button"
                  onClick={() =>
                    void send(`photos/${p.id}/moderation`, { hidden: !p.hidden }, "Đã cập nhật ảnh.")
                  }
                >
                  {p.hidden ? "Hiện ảnh" : "Ẩn ảnh"}
                </button>
              ) : null}
            </figcaption>
          </figure>
        ))}
      </div>

      <h2>Cập nhật trạng thái</h2>
      {item.status === "hidden" ? (
        <p className="muted">
          Phản ánh đang bị ẩn: người kiểm duyệt hiển thị lại thì mới đổi được trạng thái.
        </p>
      ) : (
        <StatusForm
          options={options}
          status={status}
          note={note}
          setStatus={setStatus}
          setNote={setNote}
          onSend={() => void send("status", { status, note }, "Đã cập nhật và thông báo cho người dân.")}
        />
      )}

      <h2>Phân công</h2>
      {moderator ? (
        <div className="toolbar">
          <select
            aria-label="Đơn vị"
            value={item.agency?.id ?? ""}
            onChange={(e) =>
              void send("assign", { agencyId: e.target.value || null }, "Đã phân công đơn vị.")
            }
          >
            <option value="">— Đơn vị —</option>
            {options?.agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          <select
            aria-label="Cán bộ"
            value={item.assignee?.id ?? ""}
            onChange={(e) =>
              void send("assign", { assigneeId: e.target.value || null }, "Đã phân công cán bộ.")
            }
          >
            <option value="">— Cán bộ —</option>
            {options?.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.fullName}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p className="muted">Trung tâm điều hành IOC phân công phản ánh.</p>
      )}

      {moderator ? (
        <>
          <h2>Kiểm duyệt</h2>
          <p className="muted">
            {item.moderatedAt ? `Đã kiểm duyệt lúc ${fmtTime(item.moderatedAt)}.` : "Chưa ai kiểm duyệt."}
          </p>
          <div className="actions">
            {item.status !== "hidden" && !item.moderatedAt ? (
              <button
                type="button"
                onClick={() => void send("moderation", { hidden: false }, "Đã đánh dấu kiểm duyệt.")}
              >
                Đánh dấu đã kiểm duyệt
              </button>
            ) : null}
            <button
              type="button"
              className={item.status === "hidden" ? "" : "danger"}
              onClick={() =>
                void send("moderation", { hidden: item.status !== "hidden" }, "Đã cập nhật hiển thị.")
              }
            >
              {item.status === "hidden" ? "Hiển thị lại phản ánh" : "Ẩn phản ánh khỏi công khai"}
            </button>
          </div>
        </>
      ) : null}

      <h2>Quá trình</h2>
      <ol className="events">
        {item.events.map((e, k) => (
          <li key={k}>
            <strong>{e.statusText}</strong> · {fmtTime(e.at)} · {e.actorType}
            {e.note ? <div>{e.note}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A new status with a note, or a response template that fills both. */
function StatusForm(props: {
  options: IncidentOptions | null;
  status: string;
  note: string;
  setStatus: (s: string) => void;
  setNote: (s: string) => void;
  onSend: () => void;
}) {
  const { options, status, note, setStatus, setNote } = props;
  return (
    <>
      <div className="toolbar">
        <select
          aria-label="Mẫu trả lời"
          value=""
          onChange={(e) => {
            const t = options?.templates.find((x) => x.key === e.target.value);
            if (t) {
              setStatus(t.status);
              setNote(t.text);
            }
          }}
        >
          <option value="">Chọn mẫu trả lời…</option>
          {options?.templates.map((t) => (
            <option key={t.key} value={t.key}>
              {t.text.slice(0, 60)}
            </option>
          ))}
        </select>
        <select aria-label="Trạng thái mới" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Trạng thái mới…</option>
          {options?.statuses
            .filter((s) => s.key !== "hidden")
            .map((s) => (
              <option key={s.key} value={s.key}>
                {s.text}
              </option>
            ))}
        </select>
      </div>
      <textarea
        aria-label="Ghi chú gửi người phản ánh"
        rows={3}
        cols={70}
        maxLength={2000}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <div className="actions">
        <button type="button" disabled={!status} onClick={props.onSend}>
          Cập nhật
        </button>
      </div>
    </>
  );
}
