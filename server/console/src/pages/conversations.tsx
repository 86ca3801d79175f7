import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { api, formatDateTime, messageOf } from "../api";
import "./conversations.css";

interface Summary {
  citizenId: string;
  displayName: string | null;
  language: "vi" | "en" | "zh";
  clerkId: string | null;
  agencyName: string | null;
  waiting: boolean;
  lastMessage: string | null;
  updatedAt: string;
}
interface Message {
  id: string;
  direction: "in" | "out";
  text: string | null;
  staffId: string | null;
  attachment:
    | { kind: "image"; url: string }
    | { kind: "location"; lat: number; lon: number; commune: string | null }
    | null;
  delivery: { status: "queued" | "sent" | "skipped" | "failed"; reason: string | null } | null;
  at: string;
}
interface Detail extends Summary {
  messages: Message[];
}

const LANG = { vi: "Tiếng Việt", en: "English", zh: "中文" } as const;
const REASONS: Record<string, string> = {
  outside_interaction_window: "người dân chưa nhắn OA trong 48 giờ qua",
  not_following: "người dân đã bỏ quan tâm OA",
  citizen_erased: "người dân đã xoá dữ liệu",
};
/** Where an outbound message is: a clerk must know when Zalo did not deliver it. */
function deliveryText(d: Message["delivery"]): string | null {
  if (!d) return null;
  if (d.status === "sent") return "Đã gửi";
  if (d.status === "queued") return "Đang gửi…";
  // Zalo took the message and never answered: it may well have arrived; it is not sent twice.
  if (d.reason === "uncertain") return "Không rõ đã tới chưa (Zalo không trả lời)";
  const why = d.reason ? (REASONS[d.reason] ?? d.reason) : null;
  return `Không gửi được${why ? `: ${why}` : ""}`;
}
const nameOf = (c: Summary) => c.displayName ?? `Người dân …${c.citizenId.slice(-4)}`;
const REFRESH_MS = 5000;

/** Conversations citizens asked to take to a clerk ("Gặp cán bộ" in the OA), waiting ones first. */
export function ConversationsPage() {
  const [rows, setRows] = useState<Summary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setRows((await api<{ items: Summary[] }>("/api/staff/conversations")).items);
      setError(null);
    } catch (e) {
      setError(messageOf(e, "Không tải được danh sách hội thoại."));
    }
  }, []);
  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(t);
  }, [load]);

  return (
    <section>
      <h1>Hội thoại Zalo OA cần cán bộ</h1>
      <p className="muted">
        Người dân đã chọn “Gặp cán bộ” trong Zalo OA. Trả lời ở đây (tin gửi qua OA), rồi bấm “Trả lại cho trợ
        lý tự động” khi xong.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!rows && !error && <p className="muted">Đang tải…</p>}
      {rows && rows.length === 0 && <p className="ok">Không có hội thoại nào đang chờ cán bộ.</p>}
      {rows && rows.length > 0 && (
        <ul className="convo-list">
          {rows.map((c) => (
            <li key={c.citizenId} data-testid={`conversation-${c.citizenId}`}>
              <Link to={`/conversations/${c.citizenId}`}>
                <strong>{nameOf(c)}</strong>
                {c.waiting && <span className="count count--bad">Chờ trả lời</span>}
                <span className="sub">
                  {LANG[c.language]} · {formatDateTime(c.updatedAt)} ·{" "}
                  {c.agencyName ? `Hồ sơ tại ${c.agencyName}` : "Câu hỏi chung"}
                </span>
                <span className="convo-last">{c.lastMessage ?? ""}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** One conversation: the messages, a reply box, and hand back to the bot. */
export function ConversationViewPage() {
  const { citizenId = "" } = useParams();
  const navigate = useNavigate();
  const [c, setC] = useState<Detail | null>(null);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const end = useRef<HTMLLIElement | null>(null);

  const load = useCallback(async () => {
    try {
      setC(await api<Detail>(`/api/staff/conversations/${encodeURIComponent(citizenId)}`));
    } catch (e) {
      setNotice({ kind: "error", text: messageOf(e, "Không tải được hội thoại.") });
    }
  }, [citizenId]);
  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(t);
  }, [load]);
  useEffect(() => {
    end.current?.scrollIntoView({ block: "nearest" });
  }, [c?.messages.length]);

  async function send(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      setC(
        await api<Detail>(`/api/staff/conversations/${encodeURIComponent(citizenId)}/reply`, {
          method: "POST",
          body: { text },
        }),
      );
      setText("");
      setNotice({ kind: "ok", text: "Đã chuyển tin nhắn sang Zalo OA." });
    } catch (err) {
      setNotice({ kind: "error", text: messageOf(err, "Chưa gửi được tin nhắn.") });
    } finally {
      setBusy(false);
    }
  }

  async function handBack() {
    setBusy(true);
    try {
      await api(`/api/staff/conversations/${encodeURIComponent(citizenId)}/hand-back`, { method: "POST" });
      navigate("/conversations");
    } catch (err) {
      setNotice({ kind: "error", text: messageOf(err, "Chưa trả lại được cho trợ lý tự động.") });
      setBusy(false);
    }
  }

  return (
    <section className="convo">
      <p>
        <Link to="/conversations">← Danh sách hội thoại</Link>
      </p>
      {c && (
        <h1>
          {nameOf(c)} <span className="sub">({LANG[c.language]})</span>
        </h1>
      )}
      {notice && (
        <p
          role={notice.kind === "error" ? "alert" : "status"}
          className={notice.kind === "error" ? "error" : "ok"}
        >
          {notice.text}
        </p>
      )}
      {!c && !notice && <p className="muted">Đang tải…</p>}
      {c && (
        <>
          <ol className="convo-messages" aria-label="Tin nhắn">
            {c.messages.map((m) => (
              <li key={m.id} className={`bubble bubble--${m.direction}`} data-direction={m.direction}>
                <span className="bubble-who">
                  {m.direction === "in" ? "Người dân" : m.staffId ? "Cán bộ" : "Trợ lý tự động"} ·{" "}
                  {formatDateTime(m.at)}
                </span>
                {m.attachment?.kind === "image" ? (
                  <img
                    className="bubble-image"
                    src={m.attachment.url}
                    alt="Ảnh người dân gửi"
                    loading="lazy"
                  />
                ) : m.attachment?.kind === "location" ? (
                  <span className="bubble-text">
                    Vị trí: {m.attachment.lat.toFixed(5)}, {m.attachment.lon.toFixed(5)}
                    {m.attachment.commune ? ` (${m.attachment.commune})` : " (ngoài tỉnh Lào Cai)"}
                  </span>
                ) : (
                  <span className="bubble-text">{m.text}</span>
                )}
                {m.direction === "out" && m.delivery && (
                  <span
                    className={`bubble-delivery${m.delivery.status === "skipped" || m.delivery.status === "failed" ? " bubble-delivery--bad" : ""}`}
                  >
                    {deliveryText(m.delivery)}
                  </span>
                )}
              </li>
            ))}
            <li ref={end} aria-hidden="true" />
          </ol>
          <form className="convo-reply" onSubmit={(e) => void send(e)}>
            <label htmlFor="reply">Trả lời</label>
            <textarea
              id="reply"
              rows={3}
              maxLength={2000}
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="Nội dung gửi tới người dân qua Zalo OA"
            />
            <div className="actions">
              <button type="submit" disabled={busy || text.trim().length === 0}>
                {busy ? "Đang gửi…" : "Gửi"}
              </button>
              <button type="button" className="secondary" disabled={busy} onClick={() => void handBack()}>
                Trả lại cho trợ lý tự động
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
