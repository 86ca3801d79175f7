import type { TFunction } from "i18next";
import { ApiError } from "../api/client";
import { currentLanguage, i18n } from "./index";

/** Codes raised inside the app (no server answer): always shown from our translations. */
const APP_CODES = [
  "NETWORK_ERROR",
  "TIMEOUT",
  "ZALO_UNAVAILABLE",
  "INVALID_RESPONSE",
  "SERVER_ERROR",
  "UNKNOWN",
] as const;
type AppCode = (typeof APP_CODES)[number];

function isAppCode(code: string): code is AppCode {
  return (APP_CODES as readonly string[]).includes(code);
}

/** errors.<SERVER_CODE> from the current language or its non-Vietnamese fallback, if present. */
function serverCodeTranslation(code: string): string | null {
  const language = currentLanguage();
  for (const lng of language === "zh" ? ["zh", "en"] : [language]) {
    const text: unknown = i18n.getResource(lng, "translation", `errors.${code}`);
    if (typeof text === "string" && text) return text;
  }
  return null;
}

/**
 * The message to show for a failure. The server writes `userMessage` in Vietnamese: shown as-is
 * in Vietnamese; in English/Chinese an `errors.<CODE>` translation is used when one exists
 * (later features add them), else a generic translated message.
 */
export function describeError(error: unknown, t: TFunction): string {
  if (!(error instanceof ApiError)) return t("errors.UNKNOWN");
  if (isAppCode(error.code)) return t(`errors.${error.code}`);
  if (currentLanguage() === "vi") return error.userMessage;
  return (
    serverCodeTranslation(error.code) ?? t(error.status >= 500 ? "errors.SERVER_ERROR" : "errors.UNKNOWN")
  );
}

/**
 * A server's answer (its Vietnamese userMessage, or its translation) when there was one; our
 * own message for the moment otherwise (`fallback`, e.g. t("filing.uploadError")), so a dropped
 * connection or a proxy's page never shows the browser's English text.
 */
export function describeErrorOr(error: unknown, t: TFunction, fallback: string): string {
  if (error instanceof ApiError && !isAppCode(error.code)) return describeError(error, t);
  return fallback;
}
