import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { Page } from "zmp-ui";
import { useAuth } from "../auth/auth-context";
import { GlobeIcon } from "../components/icons";
import { PageHeading } from "../components/page-heading";
import { SectionTile } from "../components/section-tile";
import { describeError } from "../i18n/describe-error";
import { SECTIONS } from "../sections";

function SignInStatus() {
  const { t } = useTranslation();
  const { status, error, retry } = useAuth();

  if (status === "signed-in") return null;
  if (status === "signed-out") {
    // Signed out by choice (data erased): nothing happens until the citizen asks.
    return (
      <div className="notice notice--info" data-testid="signed-out">
        <p>{t("auth.signedOutByChoice")}</p>
        <button type="button" className="btn btn--primary" onClick={retry}>
          {t("auth.signInAgain")}
        </button>
      </div>
    );
  }
  if (!error) {
    return (
      <p className="signin-progress" role="status">
        <span className="spinner" aria-hidden="true" />
        {t("home.signingIn")}
      </p>
    );
  }
  // Kept on screen during a retry (button shows progress) so focus and reading position stay.
  const retrying = status === "signing-in";
  return (
    <div className="notice notice--error" role="alert" data-testid="signin-error">
      <p className="notice__title">{t("auth.failedTitle")}</p>
      <p>{describeError(error, t)}</p>
      {error.errorId ? <p className="notice__meta">{t("common.errorId", { id: error.errorId })}</p> : null}
      <button
        type="button"
        className="btn btn--primary"
        aria-disabled={retrying || undefined}
        onClick={() => {
          if (!retrying) retry();
        }}
      >
        {retrying ? <span className="spinner spinner--light" aria-hidden="true" /> : null}
        {retrying ? t("common.retrying") : t("common.retry")}
      </button>
    </div>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { status, citizen } = useAuth();
  const name = status === "signed-in" ? citizen?.displayName : null;

  return (
    <Page className="app-page" name="home">
      <section className="greeting" aria-labelledby="home-greeting">
        <PageHeading id="home-greeting" documentTitle={t("app.name")}>
          {name ? t("home.greeting", { name }) : t("home.greetingAnonymous")}
        </PageHeading>
        <SignInStatus />
      </section>

      <button type="button" className="chip" onClick={() => navigate("/settings")}>
        <GlobeIcon size={20} />
        <span>{t("home.languageShortcut")}</span>
      </button>

      <section aria-labelledby="home-services">
        <h2 id="home-services" className="section-heading">
          {t("home.servicesHeading")}
        </h2>
        <ul className="tile-list">
          {SECTIONS.map((section) => (
            <li key={section.id}>
              <SectionTile section={section} />
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
