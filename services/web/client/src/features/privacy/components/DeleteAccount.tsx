// "Delete my account": the password again (and a code when MFA is on), which the API checks, so an
// unattended session cannot erase an account; the API deletes everything, releases the number and
// clears the refresh cookie; the page forgets its access token.
import { useState } from "react";
import type { SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "wouter";
import { endSession } from "../../../app/api.ts";
import { useProfile } from "../../../app/auth.tsx";
import { useAction } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { splitProblem } from "../../../components/problem-text.ts";
import { checkReauth, emptyReauth, reauthBody, ReauthFields } from "../../account/components/Reauth.tsx";
import { deleteAccount } from "../api/privacy.ts";

function Confirm({
  checked,
  onChange,
  error,
}: {
  checked: boolean;
  onChange: (on: boolean) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label className="choice">
        <input
          type="checkbox"
          checked={checked}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "confirm-error" : undefined}
          onChange={(event) => {
            onChange(event.target.checked);
          }}
        />
        {t("privacy.deleteConfirm")}
      </label>
      {error && (
        <p id="confirm-error" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

export function DeleteAccount() {
  const { t } = useTranslation();
  const profile = useProfile();
  const [, navigate] = useLocation();
  const [reauth, setReauth] = useState(emptyReauth);
  const [confirmed, setConfirmed] = useState(false);
  const erase = useAction(async () => {
    await deleteAccount(reauthBody(reauth, profile.mfaEnabled));
    navigate("/goodbye");
    endSession();
  });
  const { fieldError, general } = splitProblem(t, erase.problem, ["password", "code", "confirm"]);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const local =
      checkReauth(reauth, profile.mfaEnabled) ??
      (confirmed ? undefined : { code: "validation_error" as const, field: "confirm" });
    if (local) erase.setProblem(local);
    else void erase.run();
  };

  return (
    <form noValidate onSubmit={submit}>
      <p>{t("privacy.deleteIntro")}</p>
      <ProblemAlert problem={general} />
      <ReauthFields
        passwordLabel={t("privacy.deletePassword")}
        values={reauth}
        onChange={setReauth}
        fieldError={fieldError}
      />
      <Confirm checked={confirmed} onChange={setConfirmed} error={fieldError("confirm")} />
      <button type="submit" className="danger" disabled={erase.pending}>
        {t("privacy.delete")}
      </button>
    </form>
  );
}
