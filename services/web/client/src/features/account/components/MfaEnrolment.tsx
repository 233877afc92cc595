// TOTP enrolment: the secret as a QR code (a data: image, which the CSP allows) and as text for
// manual entry, then a code from the app to confirm, then the recovery codes — shown only once.
import { toDataURL } from "qrcode";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useAction } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { confirmMfa, enrolMfa } from "../api/account.ts";
import { CodeForm } from "./CodeForm.tsx";
import { RecoveryCodes } from "./RecoveryCodes.tsx";

function QrCode({ url }: { url: string }) {
  const { t } = useTranslation();
  const [image, setImage] = useState<string>();
  useEffect(() => {
    void toDataURL(url, { margin: 2, width: 220 }).then(setImage);
  }, [url]);
  return image ? <img src={image} width={220} height={220} alt={t("mfa.qrAlt")} /> : null;
}

export function MfaEnrolment({ onEnabled }: { onEnabled: () => void }) {
  const { t } = useTranslation();
  const enrol = useAction(enrolMfa);
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUrl: string }>();
  const [codes, setCodes] = useState<string[]>();
  const confirm = useAction(async (code: string) => {
    setCodes((await confirmMfa(code)).recoveryCodes);
  });

  if (codes) return <RecoveryCodes codes={codes} onDone={onEnabled} />;
  if (!enrolment)
    return (
      <>
        <p>{t("mfa.offIntro")}</p>
        <ProblemAlert problem={enrol.problem} />
        <button type="button" disabled={enrol.pending} onClick={() => void enrol.run().then(setEnrolment)}>
          {t("mfa.start")}
        </button>
      </>
    );
  return (
    <>
      <ol className="steps">
        <li>{t("mfa.scan")}</li>
        <li>{t("mfa.enterCode")}</li>
      </ol>
      <QrCode url={enrolment.otpauthUrl} />
      <p>
        {t("mfa.manual")} <code className="secret">{enrolment.secret}</code>
      </p>
      <CodeForm label={t("mfa.code")} submitLabel={t("mfa.confirm")} action={confirm} />
    </>
  );
}
