import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { Page } from "zmp-ui";
import { BackButton } from "../components/back-button";
import { PhoneIcon } from "../components/icons";
import { PageHeading } from "../components/page-heading";
import { SECTIONS, type SectionId } from "../sections";

/** Emergency numbers in Vietnam: 112 search and rescue, 114 fire, 115 ambulance. */
function EmergencyNumbers() {
  const { t } = useTranslation();
  return (
    <section className="emergency" aria-labelledby="emergency-heading">
      <h2 id="emergency-heading" className="section-heading">
        {t("placeholder.emergencyHeading")}
      </h2>
      <ul className="emergency__list">
        <li>
          <a className="btn btn--danger" href="tel:112">
            <PhoneIcon size={20} />
            {t("placeholder.emergencyRescue")}
          </a>
        </li>
        <li>
          <a className="btn btn--danger" href="tel:114">
            <PhoneIcon size={20} />
            {t("placeholder.emergencyFire")}
          </a>
        </li>
        <li>
          <a className="btn btn--danger" href="tel:115">
            <PhoneIcon size={20} />
            {t("placeholder.emergencyAmbulance")}
          </a>
        </li>
      </ul>
    </section>
  );
}

/**
 * Placeholder for a section not built yet: its real title, a back button and a plain
 * "coming soon". Later work replaces the element of its route in app.tsx.
 */
export function SectionPage({ sectionId }: { sectionId: SectionId }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const section = SECTIONS.find((s) => s.id === sectionId);
  const Icon = section?.icon;
  const title = t(`sections.${sectionId}.title`);

  return (
    <Page className="app-page" name={sectionId}>
      <BackButton />
      <div className={`section-hero tile--${sectionId}`}>
        {Icon ? (
          <span className="tile__icon">
            <Icon size={30} />
          </span>
        ) : null}
        <PageHeading documentTitle={title}>{title}</PageHeading>
      </div>
      <div className="notice notice--info" data-testid="coming-soon">
        <p className="notice__title">{t("placeholder.comingSoon")}</p>
        <p>{t("placeholder.body")}</p>
      </div>
      {sectionId === "alerts" ? <EmergencyNumbers /> : null}
      <button type="button" className="btn btn--secondary btn--block" onClick={() => navigate("/")}>
        {t("common.backHome")}
      </button>
    </Page>
  );
}
