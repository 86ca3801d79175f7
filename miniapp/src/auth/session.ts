import { isLanguage, type Language } from "../i18n/languages";

export interface Citizen {
  id: string;
  displayName: string | null;
  language: Language;
}

/** Answer of POST /auth/zalo, kept for the session. */
export interface Session {
  token: string;
  expiresAt: string;
  citizen: Citizen;
}

/**
 * Checks the sign-in answer at the boundary. Hand-written because the mini app has no zod;
 * replace with the server's shared schema once it is published.
 */
export function parseSession(data: unknown): Session {
  const d = isRecord(data) ? data : {};
  const c = isRecord(d.citizen) ? d.citizen : {};
  const { token, expiresAt } = d;
  const { id, displayName, language } = c;
  if (
    typeof token !== "string" ||
    token === "" ||
    typeof expiresAt !== "string" ||
    typeof id !== "string" ||
    !(displayName === null || displayName === undefined || typeof displayName === "string")
  ) {
    throw new Error("Unexpected sign-in response");
  }
  return {
    token,
    expiresAt,
    citizen: {
      id,
      displayName: displayName?.trim() ? displayName : null,
      language: isLanguage(language) ? language : "vi",
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

const STORAGE_KEY = "laocai.session";
/** Treat a token this close to expiry as expired, so a request does not die mid-flight. */
const EXPIRY_MARGIN_MS = 60_000;

let current: Session | null = null;
const listeners = new Set<() => void>();

function isFresh(session: Session): boolean {
  const expires = Date.parse(session.expiresAt);
  return Number.isFinite(expires) && expires - EXPIRY_MARGIN_MS > Date.now();
}

function readStorage(): Session | null {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const session = parseSession(JSON.parse(raw) as unknown);
    return isFresh(session) ? session : null;
  } catch {
    return null;
  }
}

// Memory first; sessionStorage lets a reload inside Zalo skip a sign-in round trip.
current = typeof window === "undefined" ? null : readStorage();

/** The stored session, even if its token has expired (the citizen's details are still good). */
export function getSession(): Session | null {
  return current;
}

/** The bearer token, or null when there is none or it has expired. */
export function getToken(): string | null {
  return current && isFresh(current) ? current.token : null;
}

export function saveSession(session: Session): void {
  current = session;
  try {
    window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  } catch {
    // Storage unavailable: the memory copy is enough for this run.
  }
  for (const listener of listeners) listener();
}

export function updateCitizen(patch: Partial<Citizen>): void {
  if (current) saveSession({ ...current, citizen: { ...current.citizen, ...patch } });
}

export function clearSession(): void {
  if (!current) return;
  current = null;
  try {
    window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // ignore
  }
  for (const listener of listeners) listener();
}

const SIGNED_OUT_KEY = "laocai.signedOut";

/**
 * The citizen signed out by choice (after erasing their data): no automatic sign-in, not
 * even on a 401 or when the mini app is opened again, until they ask to sign in.
 */
export function isSignedOut(): boolean {
  try {
    return window.localStorage.getItem(SIGNED_OUT_KEY) === "1";
  } catch {
    return signedOutInMemory;
  }
}
let signedOutInMemory = false;

export function signOut(): void {
  signedOutInMemory = true;
  try {
    window.localStorage.setItem(SIGNED_OUT_KEY, "1");
  } catch {
    // the memory flag holds for this run
  }
  if (current) clearSession();
  else for (const listener of listeners) listener();
}

/** The citizen asked to sign in again. */
export function clearSignedOut(): void {
  signedOutInMemory = false;
  try {
    window.localStorage.removeItem(SIGNED_OUT_KEY);
  } catch {
    // ignore
  }
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
