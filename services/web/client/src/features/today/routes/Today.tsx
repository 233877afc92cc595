// Coming next in this feature.
import { useTranslation } from "react-i18next";
import { Page } from "../../../components/Page.tsx";

export default function Today() {
  const { t } = useTranslation();
  return <Page title={t("shell.nav.today")}>{null}</Page>;
}
