/**
 * Whether the app should consider itself offline: the browser says so, or the last request
 * failed at the network level (on a weak mountain connection navigator.onLine often stays true
 * while nothing gets through). A later successful response or an "online" event clears it.
 */
type Listener = () => void;

let lastRequestFailed = false;
let browserOnline = typeof navigator === "undefined" ? true : navigator.onLine;
const listeners = new Set<Listener>();

function emit(): void {
  for (const listener of listeners) listener();
}

function set(nextBrowserOnline: boolean, nextRequestFailed: boolean): void {
  if (nextBrowserOnline === browserOnline && nextRequestFailed === lastRequestFailed) return;
  browserOnline = nextBrowserOnline;
  lastRequestFailed = nextRequestFailed;
  emit();
}

if (typeof window !== "undefined") {
  window.addEventListener("online", () => set(true, false));
  window.addEventListener("offline", () => set(false, lastRequestFailed));
}

export function reportNetworkFailure(): void {
  set(browserOnline, true);
}

export function reportNetworkSuccess(): void {
  // A response arrived, so the browser is online whatever it last reported.
  set(true, false);
}

export function isOffline(): boolean {
  return !browserOnline || lastRequestFailed;
}

export function subscribeNetworkStatus(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
