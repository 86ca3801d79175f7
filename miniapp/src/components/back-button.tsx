import { useTranslation } from "react-i18next";
import { useGoBack } from "../navigation/back-navigation";
import { ArrowLeftIcon } from "./icons";

export function BackButton() {
  const { t } = useTranslation();
  const goBack = useGoBack();
  return (
    <button type="button" className="back-button" onClick={goBack}>
      <ArrowLeftIcon size={22} />
      <span>{t("common.back")}</span>
    </button>
  );
}
