import { useCallback, useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { api, formatDateTime, messageOf } from "../api";

interface OaStatus {
  state: "connected" | "lost" | "missing";
  accessExpiresAt: string | null;
  refreshedAt: string | null;
  connectedAt: string | null;
  connectedBy: string | null;
  lostAt: string | null;
  zns: { used: number; quota: number; alertReserve: number };
}

const RESULT: Record<string, { kind: "ok" | "error"; text: string }> = {
  connected: {
    kind: "ok",
    text: "Đã kết nối lại Zalo OA. Các tin nhắn đang chờ sẽ được gửi trong vài phút.",
  },
  denied: { kind: "error", text: "Bạn đã bấm “Từ chối” trên trang của Zalo: OA chưa được kết nối." },
  failed: {
    kind: "error",
    text: "Không hoàn tất được kết nối (yêu cầu đã hết hạn, đã dùng, hoặc Zalo từ chối mã). Hãy bấm “Kết nối lại” một lần nữa.",
  },
};

/**
 * The Official Account's connection. Zalo's refresh token is single-use and lives about three
 * months; when Zalo refuses it, no message (alerts included) leaves until an admin connects
 * the OA again here. Messages queued meanwhile wait and go out after reconnecting.
 */
export function OaConnectionPage() {
  const [params] = useSearchParams();
  const [s, setS] = useState<OaStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const result = RESULT[params.get("result") ?? ""];

  const load = useCallback(() => {
    api<OaStatus>("/api/staff/oa")
      .then(setS)
      .catch((e: unknown) => setError(messageOf(e, "Không tải được trạng thái kết nối.")));
  }, []);
  useEffect(load, [load]);

  async function connect() {
    setBusy(true);
    setError(null);
    try {
      const { url } = await api<{ url: string }>("/api/staff/oa/connect", { method: "POST" });
      window.location.assign(url);
    } catch (e) {
      setError(messageOf(e, "Không bắt đầu được việc kết nối."));
      setBusy(false);
    }
  }

  return (
    <section>
      <h1>Kết nối Zalo OA</h1>
      {result ? (
        <p role={result.kind === "error" ? "alert" : "status"} className={result.kind}>
          {result.text}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {s ? (
        <>
          {s.state === "connected" ? (
            <p className="ok" data-testid="oa-state">
              Đang kết nối: tin nhắn và cảnh báo được gửi bình thường.
            </p>
          ) : (
            <p className="error" data-testid="oa-state">
              {s.state === "lost"
                ? `Mất kết nối từ ${formatDateTime(s.lostAt!)}: Zalo đã từ chối mã làm mới của OA. `
                : "Chưa kết nối OA. "}
              Không tin nhắn nào (kể cả cảnh báo thiên tai) được gửi cho đến khi kết nối lại; tin đang chờ
              được giữ 3 ngày.
            </p>
          )}
          <dl className="kv">
            <dt>Mã truy cập hết hạn</dt>
            <dd>{s.accessExpiresAt ? formatDateTime(s.accessExpiresAt) : "—"}</dd>
            <dt>Cập nhật lần cuối</dt>
            <dd>{s.refreshedAt ? formatDateTime(s.refreshedAt) : "—"}</dd>
            <dt>Kết nối lần cuối</dt>
            <dd>
              {s.connectedAt
                ? `${formatDateTime(s.connectedAt)}${s.connectedBy ? ` — ${s.connectedBy}` : ""}`
                : "Từ cấu hình khi cài đặt"}
            </dd>
            <dt>Tin ZNS (qua số điện thoại) hôm nay</dt>
            <dd data-testid="zns-quota">
              {s.zns.used} / {s.zns.quota} — {s.zns.alertReserve} tin cuối dành riêng cho cảnh báo thiên tai;
              tin khác chờ sang ngày mới khi hết.
            </dd>
          </dl>
          <p className="muted">
            Bấm nút dưới đây, đăng nhập Zalo bằng tài khoản quản trị OA của tỉnh và chọn “Cho phép”. Zalo sẽ
            đưa bạn trở lại trang này.
          </p>
          <button type="button" className="primary-wide" onClick={() => void connect()} disabled={busy}>
            {busy
              ? "Đang mở trang của Zalo…"
              : s.state === "connected"
                ? "Kết nối lại Zalo OA"
                : "Kết nối Zalo OA"}
          </button>
        </>
      ) : !error ? (
        <p className="muted">Đang tải…</p>
      ) : null}
    </section>
  );
}
