import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Page } from "zmp-ui";
import { api } from "../api/client";
import { useAuth } from "../auth/auth-context";
import { signOut } from "../auth/session";
import { PageHeading } from "../components/page-heading";
import { useNotify } from "../components/use-notify";
import { describeError } from "../i18n/describe-error";
import { chooseLanguage } from "../i18n/language-sync";
import { currentLanguage } from "../i18n/index";
import { HTML_LANG, LANGUAGES, LANGUAGE_NATIVE_NAMES, type Language } from "../i18n/languages";
import { MessageSettings } from "./message-settings";

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

function AccountStatus({ erased }: { erased: boolean }) {
  const { t } = useTranslation();
  const { status, citizen } = useAuth();
  // After erasure there is no session and no sign-in running: signed out, not "signing in".
  let text = t("auth.notSignedIn");
  if (!erased && status === "signing-in") text = t("auth.signingIn");
  else if (!erased && status === "signed-in") {
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

/** Data this app keeps on the phone for the citizen (caches, unsent drafts); the language stays. */
function forgetLocalData(): void {
  try {
    const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i));
    for (const key of keys) {
      if (key?.startsWith("laocai.") && key !== "laocai.language") localStorage.removeItem(key);
    }
    sessionStorage.removeItem("laocai.catalog.filters");
  } catch {
    // Storage unavailable: nothing was kept there either.
  }
}

/**
 * "Xoá dữ liệu của tôi" (Law 91/2025): a button, then a confirmation that says what goes and
 * what the state keeps, then DELETE /me and the signed-out state.
 */
function EraseMyData({ onErased }: { onErased: () => void }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const [confirming, setConfirming] = useState(false);
  const [erasing, setErasing] = useState(false);
  const confirmTitle = useRef<HTMLParagraphElement>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Move focus with the step, so a screen reader reads the confirmation, then comes back.
  useEffect(() => {
    if (confirming) confirmTitle.current?.focus();
    else if (wasConfirming.current) openButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const erase = () => {
    if (erasing) return;
    setErasing(true);
    api.delete("/me").then(
      () => {
        // Caches first: the sign-out mark must survive the clean-up.
        forgetLocalData();
        signOut();
        onErased();
      },
      (error: unknown) => {
        setErasing(false);
        notify(describeError(error, t), "error");
      },
    );
  };

  return (
    <section aria-labelledby="settings-erase" className="settings-section erase">
      <h2 id="settings-erase" className="section-heading">
        {t("settings.eraseHeading")}
      </h2>
      {!confirming ? (
        <>
          <p className="hint">{t("settings.eraseHint")}</p>
          <button
            ref={openButton}
            type="button"
            className="btn btn--danger-outline btn--block"
            onClick={() => setConfirming(true)}
          >
            {t("settings.eraseButton")}
          </button>
        </>
      ) : (
        <div className="notice notice--error erase-confirm" data-testid="erase-confirm">
          <p ref={confirmTitle} tabIndex={-1} className="notice__title">
            {t("settings.eraseConfirmTitle")}
          </p>
          <p className="erase-confirm__heading">{t("settings.eraseRemovedHeading")}</p>
          <ul className="erase-confirm__list">
            <li>{t("settings.eraseRemovedProfile")}</li>
            <li>{t("settings.eraseRemovedAlerts")}</li>
            <li>{t("settings.eraseRemovedDrafts")}</li>
            <li>{t("settings.eraseRemovedMessages")}</li>
            <li>{t("settings.eraseRemovedSessions")}</li>
          </ul>
          <p className="erase-confirm__heading erase-confirm__heading--kept">
            {t("settings.eraseKeptHeading")}
          </p>
          <ul className="erase-confirm__list">
            <li>{t("settings.eraseKeptDossiers")}</li>
            <li>{t("settings.eraseKeptReports")}</li>
          </ul>
          <p className="erase-confirm__final">{t("settings.eraseFinal")}</p>
          <div className="erase-confirm__actions">
            <button
              type="button"
              className="btn btn--danger btn--block"
              aria-disabled={erasing || undefined}
              onClick={erase}
            >
              {erasing ? <span className="spinner spinner--light" aria-hidden="true" /> : null}
              {erasing ? t("settings.erasing") : t("settings.eraseConfirm")}
            </button>
            <button
              type="button"
              className="btn btn--secondary btn--block"
              disabled={erasing}
              onClick={() => setConfirming(false)}
            >
              {t("settings.eraseCancel")}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function Erased() {
  const { t } = useTranslation();
  const title = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    title.current?.focus();
    // The page got shorter under the reader's thumb: start again from its top.
    title.current?.closest(".app-page")?.scrollTo(0, 0);
  }, []);
  return (
    <div className="notice notice--info" role="status" data-testid="erased">
      <p ref={title} tabIndex={-1} className="notice__title">
        {t("settings.erasedTitle")}
      </p>
      <p>{t("settings.erasedText")}</p>
    </div>
  );
}

export function SettingsPage() {
  const { t } = useTranslation();
  const { status } = useAuth();
  // Only this page knows the session ended by erasure (auth has no "signed out" state).
  const [erased, setErased] = useState(false);
  return (
    <Page className="app-page" name="settings">
      <PageHeading documentTitle={t("settings.title")}>{t("settings.title")}</PageHeading>
      {erased ? <Erased /> : null}
      <LanguagePicker />
      {erased ? null : <MessageSettings />}
      <AccountStatus erased={erased} />
      {!erased && status === "signed-in" ? <EraseMyData onErased={() => setErased(true)} /> : null}
    </Page>
  );
}
