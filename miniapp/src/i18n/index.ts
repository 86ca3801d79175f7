import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { setApiLanguage } from "../api/client";
import en from "./en.json";
import { DEFAULT_LANGUAGE, HTML_LANG, isLanguage, type Language } from "./languages";
import vi from "./vi.json";
import zh from "./zh.json";

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

// Vietnamese is the reference. English must be complete (checked by the compiler here);
// Chinese may lag behind and falls back to English, then Vietnamese.
const enTranslation: typeof vi = en;
const zhTranslation: DeepPartial<typeof vi> = zh;

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof vi };
  }
}

function applyToDocument(language: Language): void {
  document.documentElement.lang = HTML_LANG[language];
  setApiLanguage(language);
}

export function initI18n(initialLanguage: Language): typeof i18n {
  void i18n.use(initReactI18next).init({
    resources: {
      vi: { translation: vi },
      en: { translation: enTranslation },
      zh: { translation: zhTranslation },
    },
    lng: initialLanguage,
    fallbackLng: { zh: ["en", "vi"], default: [DEFAULT_LANGUAGE] },
    supportedLngs: ["vi", "en", "zh"],
    initAsync: false, // resources are bundled: render the first frame already translated
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    showSupportNotice: false,
  });
  applyToDocument(initialLanguage);
  i18n.on("languageChanged", (lng) => {
    if (isLanguage(lng)) applyToDocument(lng);
  });
  return i18n;
}

export function currentLanguage(): Language {
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(lng) ? lng : DEFAULT_LANGUAGE;
}

export function changeLanguage(language: Language): Promise<unknown> {
  return i18n.changeLanguage(language);
}

export { i18n };
