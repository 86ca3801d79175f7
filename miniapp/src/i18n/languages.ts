export const LANGUAGES = ["vi", "en", "zh"] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = "vi";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** BCP 47 tag for <html lang>: "zh-Hans" makes phones pick simplified-Chinese glyphs. */
export const HTML_LANG: Record<Language, string> = { vi: "vi", en: "en", zh: "zh-Hans" };

/** Each language is named in itself, so a reader finds theirs whatever the current language. */
export const LANGUAGE_NATIVE_NAMES: Record<Language, string> = {
  vi: "Tiếng Việt",
  en: "English",
  zh: "简体中文",
};

const CHOICE_KEY = "laocai.language";

/** The language the user picked on this device, if any (it wins over the server's value). */
export function getChosenLanguage(): Language | null {
  try {
    const value = window.localStorage.getItem(CHOICE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null; // storage disabled (private mode, some webviews)
  }
}

export function saveChosenLanguage(language: Language): void {
  try {
    window.localStorage.setItem(CHOICE_KEY, language);
  } catch {
    // The choice still applies for this session.
  }
}
