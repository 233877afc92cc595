// Password change: the current password (and a code with MFA on), which the API checks, and the
// new one; every other session of the account ends.
import { useState } from "react";
import type { SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useProfile } from "../../../app/auth.tsx";
import { useAction } from "../../../app/use-api.ts";
import { ProblemAlert, Status } from "../../../components/Alert.tsx";
import { Field } from "../../../components/Field.tsx";
import { splitProblem } from "../../../components/problem-text.ts";
import { changePassword } from "../api/account.ts";
import { checkReauth, emptyReauth, reauthBody, ReauthFields } from "./Reauth.tsx";

export function PasswordChange() {
  const { t } = useTranslation();
  const profile = useProfile();
  const [reauth, setReauth] = useState(emptyReauth);
  const [newPassword, setNewPassword] = useState("");
  const [done, setDone] = useState(false);
  const change = useAction(async () => {
    await changePassword({ ...reauthBody(reauth, profile.mfaEnabled), newPassword });
    setReauth(emptyReauth);
    setNewPassword("");
    setDone(true);
  });
  const { fieldError, general } = splitProblem(t, change.problem, ["password", "newPassword", "code"]);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setDone(false);
    const tooShort = newPassword.length < 10 || newPassword.length > 256;
    const local =
      checkReauth(reauth, profile.mfaEnabled) ??
      (tooShort ? { code: "validation_error" as const, field: "newPassword" } : undefined);
    if (local) change.setProblem(local);
    else void change.run();
  };
  return (
    <form noValidate onSubmit={submit}>
      <ProblemAlert problem={general} />
      <ReauthFields
        passwordLabel={t("password.current")}
        values={reauth}
        onChange={setReauth}
        fieldError={fieldError}
      />
      <Field
        label={t("password.new")}
        hint={t("account.passwordHint")}
        type="password"
        name="newPassword"
        autoComplete="new-password"
        value={newPassword}
        error={fieldError("newPassword")}
        onChange={(event) => {
          setNewPassword(event.target.value);
        }}
      />
      <button type="submit" disabled={change.pending}>
        {t("password.submit")}
      </button>
      <Status>{done ? t("password.changed") : undefined}</Status>
    </form>
  );
}
