import { updateMyLanguage } from "../api/me";
import type { Citizen } from "../auth/session";
import { getSession, updateCitizen } from "../auth/session";
import { changeLanguage, currentLanguage } from "./index";
import { getChosenLanguage, saveChosenLanguage, type Language } from "./languages";

async function pushLanguage(language: Language): Promise<boolean> {
  try {
    await updateMyLanguage(language);
    updateCitizen({ language });
    return true;
  } catch {
    return false; // retried at the next sign-in, when the languages still differ
  }
}

/**
 * After sign-in: a choice made on this device wins and is sent to the server (it may have been
 * made offline); without one, the language stored on the server applies.
 */
export function reconcileLanguage(citizen: Citizen): void {
  const chosen = getChosenLanguage();
  if (chosen) {
    if (chosen !== citizen.language) void pushLanguage(chosen);
  } else if (citizen.language !== currentLanguage()) {
    void changeLanguage(citizen.language);
  }
}

/** The citizen picked a language in Settings. Resolves "saved" once the server has it. */
export async function chooseLanguage(language: Language): Promise<"saved" | "local-only"> {
  saveChosenLanguage(language);
  await changeLanguage(language);
  if (!getSession()) return "local-only";
  return (await pushLanguage(language)) ? "saved" : "local-only";
}
