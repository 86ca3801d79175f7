import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Page } from "zmp-ui";
import { useAuth } from "../auth/auth-context";
import { PageHeading } from "../components/page-heading";
import { useNotify } from "../components/use-notify";
import { chooseLanguage } from "../i18n/language-sync";
import { currentLanguage } from "../i18n/index";
import { HTML_LANG, LANGUAGES, LANGUAGE_NATIVE_NAMES, type Language } from "../i18n/languages";

function LanguagePicker() {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const [saving, setSaving] = useState(false);
  // useTranslation re-renders this component on every language change.
  const selected = currentLanguage();

  const onChange = (language: Language) => {
    setSaving(true);
    void chooseLanguage(language)
      .then((result) =>
        // i18n.t, not t: t still belongs to the language before the change.
        result === "saved"
          ? notify(i18n.t("settings.languageSaved"), "success")
          : notify(i18n.t("settings.languageSavedLocally"), "info"),
      )
      .finally(() => setSaving(false));
  };

  return (
    <fieldset className="lang-picker" aria-busy={saving || undefined}>
      <legend className="section-heading">{t("settings.languageHeading")}</legend>
      <p className="hint">{t("settings.languageHint")}</p>
      {LANGUAGES.map((language) => (
        <label
          key={language}
          className={`lang-option${language === selected ? " lang-option--selected" : ""}`}
        >
          <input
            type="radio"
            name="language"
            value={language}
            checked={language === selected}
            onChange={() => onChange(language)}
          />
          <span lang={HTML_LANG[language]}>{LANGUAGE_NATIVE_NAMES[language]}</span>
        </label>
      ))}
    </fieldset>
  );
}

function AccountStatus() {
  const { t } = useTranslation();
  const { status, citizen } = useAuth();
  let text = t("auth.notSignedIn");
  if (status === "signing-in") text = t("auth.signingIn");
  else if (status === "signed-in") {
    text = citizen?.displayName
      ? t("auth.signedInAs", { name: citizen.displayName })
      : t("auth.signedInAnonymous");
  }
  return (
    <section aria-labelledby="settings-account">
      <h2 id="settings-account" className="section-heading">
        {t("settings.accountHeading")}
      </h2>
      <p className="card" data-testid="account-status">
        {text}
      </p>
    </section>
  );
}

export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <Page className="app-page" name="settings">
      <PageHeading documentTitle={t("settings.title")}>{t("settings.title")}</PageHeading>
      <LanguagePicker />
      <AccountStatus />
    </Page>
  );
}
