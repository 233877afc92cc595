// MFA is on: new recovery codes, or turning it off — both need a current code.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAction } from "../../../app/use-api.ts";
import { disableMfa, regenerateRecoveryCodes } from "../api/account.ts";
import { CodeForm } from "./CodeForm.tsx";
import { RecoveryCodes } from "./RecoveryCodes.tsx";

export function MfaManagement({ onDisabled }: { onDisabled: () => void }) {
  const { t } = useTranslation();
  const [codes, setCodes] = useState<string[]>();
  const regenerate = useAction(async (code: string) => {
    setCodes((await regenerateRecoveryCodes(code)).recoveryCodes);
  });
  const disable = useAction(async (code: string) => {
    await disableMfa(code);
    onDisabled();
  });
  if (codes)
    return (
      <RecoveryCodes
        codes={codes}
        onDone={() => {
          setCodes(undefined);
        }}
      />
    );
  return (
    <>
      <p>{t("mfa.onIntro")}</p>
      <h3>{t("mfa.regenerateTitle")}</h3>
      <CodeForm label={t("mfa.code")} submitLabel={t("mfa.regenerate")} action={regenerate} />
      <h3>{t("mfa.disableTitle")}</h3>
      <CodeForm label={t("mfa.code")} submitLabel={t("mfa.disable")} action={disable} />
    </>
  );
}
