// After the account is deleted: what happened, and the way back to the public site.
import { useTranslation } from "react-i18next";
import { Page } from "../../../components/Page.tsx";

export default function Goodbye() {
  const { t } = useTranslation();
  return (
    <Page title={t("privacy.goodbyeTitle")}>
      <p role="status">{t("privacy.goodbye")}</p>
      <p>
        <a href="/">{t("privacy.backHome")}</a>
      </p>
    </Page>
  );
}
