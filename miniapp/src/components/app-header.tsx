import { useTranslation } from "react-i18next";
import { PortalEmblem } from "./icons";

/** Top bar with the portal's name, always in Vietnamese (it is the name), translated below. */
export function AppHeader() {
  const { t } = useTranslation();
  const translation = t("app.nameTranslation");
  return (
    <header className="app-header">
      <span className="app-header__emblem">
        <PortalEmblem size={26} />
      </span>
      <div className="app-header__text">
        <p className="app-header__name" lang="vi">
          Cổng hành chính công Lào Cai
        </p>
        {translation ? <p className="app-header__translation">{translation}</p> : null}
      </div>
    </header>
  );
}
