import type { Language } from "../i18n/languages";
import { api } from "./client";

/** PATCH /me: the citizen's own profile. Only the language is sent from the shell. */
export async function updateMyLanguage(language: Language): Promise<void> {
  await api.patch("/me", { language });
}
