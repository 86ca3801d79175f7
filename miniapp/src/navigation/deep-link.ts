import { useEffect } from "react";
import { useNavigate } from "react-router-dom";

/**
 * Links from Zalo messages open the mini app with a hash route (…/miniapp/#/payments/…).
 * The memory router starts at "/", so the hash is read once on start, followed, and cleared.
 */
export function useDeepLink(): void {
  const navigate = useNavigate();
  useEffect(() => {
    const hash = window.location.hash;
    if (!hash.startsWith("#/")) return;
    const path = hash.slice(1).split("?")[0] ?? "/";
    if (/^\/[a-z0-9/_.-]*$/i.test(path)) {
      // A payment link lands on the payments page, which lists the receipt.
      navigate(path.startsWith("/payments/") ? "/payments" : path);
    }
    history.replaceState(history.state, "", window.location.pathname + window.location.search);
  }, [navigate]);
}
