// Coming next in this feature.
import { useTranslation } from "react-i18next";
import { Page } from "../../../components/Page.tsx";

export default function Admin() {
  const { t } = useTranslation();
  return <Page title={t("shell.nav.admin")}>{null}</Page>;
}
