import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from "react";
import { ApiError } from "../api/client";
import { reconcileLanguage } from "../i18n/language-sync";
import { clearSignedOut, getSession, isSignedOut, subscribeSession, type Citizen } from "./session";
import { signInWithZalo } from "./sign-in";

export type AuthStatus = "signing-in" | "signed-in" | "failed" | "signed-out";

export interface AuthContextValue {
  status: AuthStatus;
  citizen: Citizen | null;
  /** The last sign-in failure; kept while a retry runs so the message does not flicker. */
  error: ApiError | null;
  /** Runs sign-in again (the "Thử lại" and "Đăng nhập" buttons); ends a chosen sign-out. */
  retry: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return ApiError.client("UNKNOWN", 0, error instanceof Error ? error.message : String(error));
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const session = useSyncExternalStore(subscribeSession, getSession);
  const [attempt, setAttempt] = useState<{ running: boolean; error: ApiError | null }>(() => ({
    running: session === null && !isSignedOut(),
    error: null,
  }));

  const run = useCallback(() => {
    clearSignedOut();
    setAttempt((prev) => ({ running: true, error: prev.error }));
    signInWithZalo()
      .then((signedIn) => {
        setAttempt({ running: false, error: null });
        reconcileLanguage(signedIn.citizen);
      })
      .catch((error: unknown) => setAttempt({ running: false, error: toApiError(error) }));
  }, []);

  useEffect(() => {
    const existing = getSession();
    if (existing) reconcileLanguage(existing.citizen);
    else if (!isSignedOut()) run();
  }, [run]);

  const value = useMemo<AuthContextValue>(() => {
    let status: AuthStatus = "signing-in";
    if (session && !attempt.running) status = "signed-in";
    else if (!attempt.running && attempt.error) status = "failed";
    else if (!session && !attempt.running && isSignedOut()) status = "signed-out";
    return { status, citizen: session?.citizen ?? null, error: attempt.error, retry: run };
  }, [session, attempt, run]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth must be used inside <AuthProvider>");
  return value;
}
