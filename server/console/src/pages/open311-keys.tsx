import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api, formatDateTime, messageOf } from "../api";

interface Key {
  id: string;
  name: string;
  active: boolean;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/**
 * Open311 api_keys for partner systems (an agency's app, a city dashboard) that file and read
 * reports at /open311/v2. A key is shown once when issued (only its hash is kept); revoking
 * takes effect at once.
 */
export function Open311KeysPage() {
  const [keys, setKeys] = useState<Key[] | null>(null);
  const [name, setName] = useState("");
  const [issued, setIssued] = useState<{ name: string; apiKey: string } | null>(null);
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api<{ keys: Key[] }>("/api/staff/open311-keys")
      .then((r) => setKeys(r.keys))
      .catch((e: unknown) =>
        setNotice({ kind: "error", text: messageOf(e, "Không tải được danh sách khoá.") }),
      );
  }, []);
  useEffect(load, [load]);

  async function issue(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      const r = await api<{ id: string; apiKey: string }>("/api/staff/open311-keys", {
        method: "POST",
        body: { name },
      });
      setIssued({ name: name.trim(), apiKey: r.apiKey });
      setName("");
      load();
    } catch (err) {
      setNotice({ kind: "error", text: messageOf(err, "Không cấp được khoá.") });
    } finally {
      setBusy(false);
    }
  }

  async function revoke(k: Key) {
    if (!window.confirm(`Thu hồi khoá của “${k.name}”? Hệ thống này sẽ không gửi hay đọc phản ánh được nữa.`))
      return;
    setNotice(null);
    try {
      await api(`/api/staff/open311-keys/${encodeURIComponent(k.id)}`, { method: "DELETE" });
      setNotice({ kind: "ok", text: `Đã thu hồi khoá của “${k.name}”.` });
      load();
    } catch (err) {
      setNotice({ kind: "error", text: messageOf(err, "Không thu hồi được khoá.") });
    }
  }

  return (
    <section>
      <h1>Khoá Open311 cho hệ thống đối tác</h1>
      <p className="muted">
        Hệ thống khác (ứng dụng của sở, ngành, bảng điều hành đô thị) gửi và đọc phản ánh qua{" "}
        <code>/open311/v2</code> bằng một khoá <code>api_key</code> riêng. Mỗi hệ thống một khoá, để thu hồi
        riêng được.
      </p>
      {notice ? (
        <p role={notice.kind === "error" ? "alert" : "status"} className={notice.kind}>
          {notice.text}
        </p>
      ) : null}
      {issued ? (
        <div className="ok" role="status" data-testid="issued-key">
          <p>
            Khoá cho <strong>{issued.name}</strong> (chỉ hiện một lần — hãy sao chép và gửi cho đơn vị quản lý
            hệ thống đó qua kênh an toàn):
          </p>
          <p>
            <code className="break">{issued.apiKey}</code>
          </p>
          <button type="button" className="secondary" onClick={() => setIssued(null)}>
            Đã sao chép, ẩn khoá
          </button>
        </div>
      ) : null}
      <form className="card-inline" onSubmit={(e) => void issue(e)}>
        <label>
          Tên hệ thống đối tác
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? "Đang cấp…" : "Cấp khoá mới"}
        </button>
      </form>
      {keys && keys.length === 0 ? <p className="muted">Chưa cấp khoá nào.</p> : null}
      {keys && keys.length > 0 ? (
        <table className="dense">
          <thead>
            <tr>
              <th scope="col">Hệ thống</th>
              <th scope="col">Cấp lúc</th>
              <th scope="col">Dùng lần cuối</th>
              <th scope="col">Trạng thái</th>
              <th scope="col">Xử lý</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} data-testid={`key-${k.id}`}>
                <td>{k.name}</td>
                <td className="nowrap">{formatDateTime(k.createdAt)}</td>
                <td className="nowrap">{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "Chưa dùng"}</td>
                <td>
                  {k.active
                    ? "Đang dùng được"
                    : `Đã thu hồi${k.revokedAt ? ` ${formatDateTime(k.revokedAt)}` : ""}`}
                </td>
                <td>
                  {k.active ? (
                    <button
                      type="button"
                      className="danger"
                      onClick={() => void revoke(k)}
                      aria-label={`Thu hồi khoá của ${k.name}`}
                    >
                      Thu hồi
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
