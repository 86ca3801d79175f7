import { useTranslation } from "react-i18next";
import { PhoneIcon } from "./icons";

/** Emergency numbers in Vietnam: 112 search and rescue, 114 fire, 115 ambulance. */
export function EmergencyNumbers() {
  const { t } = useTranslation();
  return (
    <section className="emergency" aria-labelledby="emergency-heading">
      <h2 id="emergency-heading" className="section-heading">
        {t("emergency.heading")}
      </h2>
      <ul className="emergency__list">
        <li>
          <a className="btn btn--danger" href="tel:112">
            <PhoneIcon size={20} />
            {t("emergency.rescue")}
          </a>
        </li>
        <li>
          <a className="btn btn--danger" href="tel:114">
            <PhoneIcon size={20} />
            {t("emergency.fire")}
          </a>
        </li>
        <li>
          <a className="btn btn--danger" href="tel:115">
            <PhoneIcon size={20} />
            {t("emergency.ambulance")}
          </a>
        </li>
      </ul>
    </section>
  );
}
