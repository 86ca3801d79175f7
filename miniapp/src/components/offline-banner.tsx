import { useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { isOffline, subscribeNetworkStatus } from "../api/network-status";
import { OfflineIcon } from "./icons";

export function OfflineBanner() {
  const { t } = useTranslation();
  const offline = useSyncExternalStore(subscribeNetworkStatus, isOffline);
  // The live region stays mounted so screen readers announce the message when it appears.
  return (
    <div role="status" aria-live="polite" className="offline-banner-region">
      {offline ? (
        <p className="offline-banner" data-testid="offline-banner">
          <OfflineIcon size={20} />
          <span>{t("network.offline")}</span>
        </p>
      ) : null}
    </div>
  );
}
