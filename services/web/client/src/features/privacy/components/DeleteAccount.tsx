// "Delete my account": the password again (and a code when MFA is on), which the API checks, so an
// unattended session cannot erase an account; the API deletes everything, releases the number and
// clears the refresh cookie; the page forgets its access token.
import { useState } from "react";
import type { SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "wouter";
import { useProfile } from "../../../app/auth.tsx";
import { endSession } from "../../../app/api.ts";
import { useAction } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { Field } from "../../../components/Field.tsx";
import { splitProblem } from "../../../components/problem-text.ts";
import { deleteAccount } from "../api/privacy.ts";

export function DeleteAccount() {
  const { t } = useTranslation();
  const profile = useProfile();
  const [, navigate] = useLocation();
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [confirmed, setConfirmed] = useState(false);
  const erase = useAction(async () => {
    await deleteAccount({ password, ...(profile.mfaEnabled && { code: code.trim() }) });
    navigate("/goodbye");
    endSession();
  });
  const { fieldError, general } = splitProblem(t, erase.problem, ["password", "code", "confirm"]);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (password === "") erase.setProblem({ code: "required", field: "password" });
    else if (profile.mfaEnabled && code.trim().length < 6)
      erase.setProblem({ code: "validation_error", field: "code" });
    else if (!confirmed) erase.setProblem({ code: "validation_error", field: "confirm" });
    else void erase.run();
  };

  return (
    <form noValidate onSubmit={submit}>
      <p>{t("privacy.deleteIntro")}</p>
      <ProblemAlert problem={general} />
      <Field
        label={t("privacy.deletePassword")}
        type="password"
        name="password"
        autoComplete="current-password"
        required
        value={password}
        error={fieldError("password")}
        onChange={(event) => {
          setPassword(event.target.value);
        }}
      />
      {profile.mfaEnabled && (
        <Field
          label={t("mfa.code")}
          hint={t("mfa.codeHint")}
          name="code"
          autoComplete="one-time-code"
          required
          value={code}
          error={fieldError("code")}
          onChange={(event) => {
            setCode(event.target.value);
          }}
        />
      )}
      <div className="field">
        <label className="choice">
          <input
            type="checkbox"
            checked={confirmed}
            aria-invalid={fieldError("confirm") ? true : undefined}
            aria-describedby={fieldError("confirm") ? "confirm-error" : undefined}
            onChange={(event) => {
              setConfirmed(event.target.checked);
            }}
          />
          {t("privacy.deleteConfirm")}
        </label>
        {fieldError("confirm") && (
          <p id="confirm-error" className="field-error">
            {fieldError("confirm")}
          </p>
        )}
      </div>
      <button type="submit" className="danger" disabled={erase.pending}>
        {t("privacy.delete")}
      </button>
    </form>
  );
}
