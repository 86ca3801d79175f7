import type { TFunction } from "i18next";
import { ApiError } from "../api/client";

const TRANSLATED_CODES = [
  "network_error",
  "timeout",
  "zalo_unavailable",
  "invalid_response",
  "server_error",
  "unknown",
] as const;
type TranslatedCode = (typeof TRANSLATED_CODES)[number];

function isTranslatedCode(code: string): code is TranslatedCode {
  return (TRANSLATED_CODES as readonly string[]).includes(code);
}

/** The message to show: our translation for client-side codes, else the server's userMessage. */
export function describeError(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (isTranslatedCode(error.code)) return t(`errors.${error.code}`);
    return error.userMessage;
  }
  return t("errors.unknown");
}
