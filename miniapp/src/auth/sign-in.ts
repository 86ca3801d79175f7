import { api, ApiError, setAuthBridge } from "../api/client";
import { getToken, isSignedOut, parseSession, saveSession, type Session } from "./session";
import { getZaloIdentity } from "./zalo-identity";

let inFlight: Promise<Session> | null = null;

/**
 * Exchanges the Zalo access token for a portal session (POST /auth/zalo).
 * Concurrent callers share one attempt, so a burst of 401s signs in only once.
 */
export function signInWithZalo(options: { withName?: boolean } = {}): Promise<Session> {
  inFlight ??= (async () => {
    const identity = await getZaloIdentity({ withName: options.withName ?? true });
    const session = await api.post<Session>("/auth/zalo", identity, {
      auth: false,
      parse: parseSession,
    });
    saveSession(session);
    return session;
  })().finally(() => {
    inFlight = null;
  });
  return inFlight;
}

setAuthBridge({
  getToken,
  async reauthenticate() {
    // Signed out by choice: a background request must not bring the account back.
    if (isSignedOut()) {
      throw new ApiError({
        status: 401,
        code: "SIGNED_OUT",
        userMessage: "Bạn đã đăng xuất. Hãy đăng nhập lại ở Trang chủ.",
      });
    }
    // The server already knows the name; do not prompt for the profile again.
    const session = await signInWithZalo({ withName: false });
    return session.token;
  },
});
