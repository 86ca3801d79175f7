import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import type { Section } from "../sections";
import { ChevronRightIcon } from "./icons";

/**
 * A large home-page tile. It is a <button> whose accessible name is exactly the title
 * (aria-labelledby); the subtitle is its description.
 */
export function SectionTile({ section }: { section: Section }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const titleId = `tile-${section.id}-title`;
  const subtitleId = `tile-${section.id}-subtitle`;
  const Icon = section.icon;
  return (
    <button
      type="button"
      className={`tile tile--${section.id}`}
      aria-labelledby={titleId}
      aria-describedby={subtitleId}
      onClick={() => navigate(section.path)}
    >
      <span className="tile__icon">
        <Icon size={28} />
      </span>
      <span className="tile__text">
        <span className="tile__title" id={titleId}>
          {t(`sections.${section.id}.title`)}
        </span>
        <span className="tile__subtitle" id={subtitleId}>
          {t(`sections.${section.id}.subtitle`)}
        </span>
      </span>
      <ChevronRightIcon size={20} className="tile__chevron" />
    </button>
  );
}
