import { useCallback, useEffect } from "react";
import { NavigationType, useLocation, useNavigate, useNavigationType } from "react-router-dom";

/**
 * The memory router never touches window.history, so Android's back button would close the
 * mini app from any page. Each in-app step forward adds a same-URL history entry (the URL never
 * changes, which keeps serving under a path working); a browser "back" pops the memory router.
 * Invariant: the app goes back only through window.history.back() (see useGoBack).
 */
export function useBrowserBackBridge(): void {
  const navigate = useNavigate();
  const location = useLocation();
  const navigationType = useNavigationType();

  useEffect(() => {
    if (navigationType === NavigationType.Push) {
      window.history.pushState({ laocaiKey: location.key }, "");
    }
  }, [location.key, navigationType]);

  useEffect(() => {
    const onPopState = () => navigate(-1);
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, [navigate]);
}

/** Back one step, or home when the page was the first one opened. */
export function useGoBack(): () => void {
  const location = useLocation();
  const navigate = useNavigate();
  return useCallback(() => {
    if (location.key !== "default") window.history.back();
    else navigate("/", { replace: true });
  }, [location.key, navigate]);
}
