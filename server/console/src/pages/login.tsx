import { useState, type FormEvent } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { messageOf } from "../api";
import { useSession } from "../session";

/** Where to go after signing in: only a path on this site, never an open redirect. */
function safeNext(next: string | null): string | null {
  return next && /^\/[a-z]/.test(next) ? next : null;
}

export function LoginPage() {
  const { session, expired, login } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get("next"));

  if (session && !busy) return <Navigate to="/dashboard" replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      if (next?.startsWith("/console/")) navigate(next.slice("/console".length), { replace: true });
      else if (next)
        window.location.assign(next); // a server page, e.g. /admin/queues
      else navigate("/dashboard", { replace: true });
    } catch (err) {
      setError(messageOf(err, "Không kết nối được máy chủ. Vui lòng thử lại."));
      setPassword("");
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <header className="login-head">
          <p className="login-org">Cổng hành chính công Lào Cai</p>
          <h1 id="login-title">Đăng nhập cán bộ</h1>
        </header>
        {expired && !error && (
          <p role="status" className="notice">
            Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.
          </p>
        )}
        <label>
          Tên đăng nhập
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            autoFocus
          />
        </label>
        <label>
          Mật khẩu
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary-wide" disabled={busy}>
          {busy ? "Đang đăng nhập…" : "Đăng nhập"}
        </button>
      </form>
    </main>
  );
}
