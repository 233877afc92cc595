// Recovery codes are shown once: the user keeps them (copy or download as a text file) and says so.
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";

export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const file = useMemo(
    () => URL.createObjectURL(new Blob([`${codes.join("\n")}\n`], { type: "text/plain" })),
    [codes],
  );
  useEffect(
    () => () => {
      URL.revokeObjectURL(file);
    },
    [file],
  );
  return (
    <section aria-labelledby="recovery-title">
      <h3 id="recovery-title">{t("mfa.recoveryTitle")}</h3>
      <p>{t("mfa.recoveryIntro")}</p>
      <ul className="codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a href={file} download="phoenix-recovery-codes.txt">
          {t("mfa.recoveryDownload")}
        </a>
      </p>
      <button type="button" onClick={onDone}>
        {t("mfa.recoveryDone")}
      </button>
    </section>
  );
}
