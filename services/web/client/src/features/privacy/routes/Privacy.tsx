// Privacy: consents, the data export, account deletion.
import { useTranslation } from "react-i18next";
import { Page } from "../../../components/Page.tsx";
import { Consents } from "../components/Consents.tsx";
import { DeleteAccount } from "../components/DeleteAccount.tsx";
import { ExportData } from "../components/ExportData.tsx";

export default function Privacy() {
  const { t } = useTranslation();
  return (
    <Page title={t("privacy.title")}>
      <section aria-labelledby="consents-title">
        <h2 id="consents-title">{t("privacy.consentsTitle")}</h2>
        <Consents />
      </section>
      <section aria-labelledby="export-title">
        <h2 id="export-title">{t("privacy.exportTitle")}</h2>
        <ExportData />
      </section>
      <section aria-labelledby="delete-title">
        <h2 id="delete-title">{t("privacy.deleteTitle")}</h2>
        <DeleteAccount />
      </section>
    </Page>
  );
}
