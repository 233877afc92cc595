// "Delete my account": the user signs in again (password, and a code when MFA is on) so that an
// unattended session cannot erase an account; then the API deletes everything and releases the
// number, and the session ends.
import { useState } from "react";
import type { SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "wouter";
import { useAuth, useProfile } from "../../../app/auth.tsx";
import { startSession } from "../../../app/api.ts";
import { useAction } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { Field } from "../../../components/Field.tsx";
import { splitProblem } from "../../../components/problem-text.ts";
import { answerMfa, login } from "../../account/api/account.ts";
import { deleteAccount } from "../api/privacy.ts";

/** Signs in again with the account's own credentials: a fresh session, or a ProblemError. */
async function reauthenticate(email: string, password: string, code: string): Promise<void> {
  const outcome = await login({ email, password });
  startSession("mfaRequired" in outcome ? await answerMfa({ mfaToken: outcome.mfaToken, code }) : outcome);
}

export function DeleteAccount() {
  const { t } = useTranslation();
  const profile = useProfile();
  const { signOut } = useAuth();
  const [, navigate] = useLocation();
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [confirmed, setConfirmed] = useState(false);
  const erase = useAction(async () => {
    await reauthenticate(profile.email ?? "", password, code);
    await deleteAccount();
    navigate("/goodbye");
    await signOut();
  });
  // Here a wrong password can only be the password field's.
  const problem =
    erase.problem?.code === "invalid_credentials" ? { ...erase.problem, field: "password" } : erase.problem;
  const { fieldError, general } = splitProblem(t, problem, ["password", "code", "confirm"]);

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
