import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { api, ApiError, setCsrfToken, setUnauthenticatedHandler, type Session } from "./api";

interface SessionState {
  session: Session | null;
  loading: boolean;
  /** Set when the server ended the session under us (expired shift, logged out elsewhere). */
  expired: boolean;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const Ctx = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);
  const [expired, setExpired] = useState(false);
  const signedIn = useRef(false);
  signedIn.current = session !== null;

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      if (!signedIn.current) return;
      setExpired(true);
      setSession(null);
    });
    api<Session>("/api/staff/me")
      .then((s) => {
        setCsrfToken(s.csrfToken);
        setSession(s);
      })
      .catch((e: unknown) => {
        if (!(e instanceof ApiError && e.status === 401)) console.warn(e);
      })
      .finally(() => setLoading(false));
    return () => setUnauthenticatedHandler(null);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const s = await api<Session>("/api/staff/login", { method: "POST", body: { username, password } });
    setCsrfToken(s.csrfToken);
    setExpired(false);
    setSession(s);
  }, []);

  const logout = useCallback(async () => {
    await api("/api/staff/logout", { method: "POST" }).catch(() => undefined);
    setCsrfToken("");
    setExpired(false);
    setSession(null);
  }, []);

  return <Ctx.Provider value={{ session, loading, expired, login, logout }}>{children}</Ctx.Provider>;
}

export function useSession(): SessionState {
  const v = useContext(Ctx);
  if (!v) throw new Error("useSession outside SessionProvider");
  return v;
}
