// Granular consents: one switch per purpose; each change is a consent record (granted or withdrawn).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDate } from "../../../app/format.ts";
import { useAction, useQuery } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { grantConsent, listConsents, purposes, withdrawConsent } from "../api/privacy.ts";
import type { Consent, Purpose } from "../api/privacy.ts";

const openConsent = (consents: Consent[], purpose: Purpose) =>
  consents.find((consent) => consent.type === purpose && consent.withdrawnAt === null);

export function Consents() {
  const { t, i18n } = useTranslation();
  const consents = useQuery(listConsents);
  // The box follows the click at once; the records' state replaces it once the API answered.
  const [asked, setAsked] = useState<Partial<Record<Purpose, boolean>>>({});
  const toggle = useAction(async (purpose: Purpose, granted: boolean) => {
    setAsked((current) => ({ ...current, [purpose]: granted }));
    try {
      await (granted ? grantConsent(purpose) : withdrawConsent(purpose));
      await consents.reload();
    } finally {
      setAsked((current) => ({ ...current, [purpose]: undefined }));
    }
  });
  if (!consents.data) return <ProblemAlert problem={consents.problem} />;
  const list = consents.data;
  return (
    <fieldset>
      <legend>{t("privacy.consentsLegend")}</legend>
      <ProblemAlert problem={toggle.problem} />
      {purposes.map((purpose) => {
        const open = openConsent(list, purpose);
        return (
          <div key={purpose} className="field">
            <label className="choice">
              <input
                type="checkbox"
                checked={asked[purpose] ?? open !== undefined}
                disabled={toggle.pending}
                aria-describedby={`consent-${purpose}`}
                onChange={(event) => void toggle.run(purpose, event.target.checked)}
              />
              {t(`privacy.purposes.${purpose}.label`)}
            </label>
            <p id={`consent-${purpose}`} className="hint">
              {t(`privacy.purposes.${purpose}.description`)}{" "}
              {open && t("privacy.grantedOn", { date: formatDate(i18n.language, open.grantedAt) })}
            </p>
          </div>
        );
      })}
    </fieldset>
  );
}
