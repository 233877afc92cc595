// "Download my data": the API's export (everything Phoenix holds about the user) saved as a JSON file.
import { useTranslation } from "react-i18next";
import { useAction } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { exportData } from "../api/privacy.ts";

function save(data: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = "phoenix-export.json";
  link.click();
  URL.revokeObjectURL(url);
}

export function ExportData() {
  const { t } = useTranslation();
  const download = useAction(async () => {
    save(await exportData());
  });
  return (
    <>
      <p>{t("privacy.exportIntro")}</p>
      <ProblemAlert problem={download.problem} />
      <button type="button" disabled={download.pending} onClick={() => void download.run()}>
        {t("privacy.export")}
      </button>
    </>
  );
}
