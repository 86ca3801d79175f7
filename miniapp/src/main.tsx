import "zmp-ui/zaui.css";
import "./styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { PortalApp } from "./app";
import { getSession } from "./auth/session";
import { initI18n } from "./i18n";
import { DEFAULT_LANGUAGE, getChosenLanguage } from "./i18n/languages";

// Inside Zalo the top-right menu/close capsule overlays the page (actionBarHidden).
if (/zalo/i.test(navigator.userAgent)) document.documentElement.classList.add("in-zalo");

// Render the first frame in the right language: device choice, then the server's, then vi.
initI18n(getChosenLanguage() ?? getSession()?.citizen.language ?? DEFAULT_LANGUAGE);

const container = document.getElementById("app");
if (!container) throw new Error("Missing #app element");
createRoot(container).render(
  <StrictMode>
    <PortalApp />
  </StrictMode>,
);
