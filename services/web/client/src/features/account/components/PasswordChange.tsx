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

export function PasswordChange() {
  const { t } = useTranslation();
  const profile = useProfile();
  const [values, setValues] = useState({ password: "", newPassword: "", code: "" });
  const [done, setDone] = useState(false);
  const change = useAction(async () => {
    const { password, newPassword, code } = values;
    await changePassword({ password, newPassword, ...(profile.mfaEnabled && { code: code.trim() }) });
    setValues({ password: "", newPassword: "", code: "" });
    setDone(true);
  });
  const { fieldError, general } = splitProblem(t, change.problem, ["password", "newPassword", "code"]);
  const field = (name: keyof typeof values) => ({
    name,
    value: values[name],
    error: fieldError(name),
    onChange: (event: { target: { value: string } }) => {
      setValues((current) => ({ ...current, [name]: event.target.value }));
    },
  });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setDone(false);
    if (values.password === "") change.setProblem({ code: "required", field: "password" });
    else if (values.newPassword.length < 10 || values.newPassword.length > 256)
      change.setProblem({ code: "validation_error", field: "newPassword" });
    else if (profile.mfaEnabled && values.code.trim().length < 6)
      change.setProblem({ code: "validation_error", field: "code" });
    else void change.run();
  };
  return (
    <form noValidate onSubmit={submit}>
      <ProblemAlert problem={general} />
      <Field
        label={t("password.current")}
        type="password"
        autoComplete="current-password"
        {...field("password")}
      />
      <Field
        label={t("password.new")}
        hint={t("account.passwordHint")}
        type="password"
        autoComplete="new-password"
        {...field("newPassword")}
      />
      {profile.mfaEnabled && (
        <Field
          label={t("mfa.code")}
          hint={t("mfa.codeHint")}
          autoComplete="one-time-code"
          {...field("code")}
        />
      )}
      <button type="submit" disabled={change.pending}>
        {t("password.submit")}
      </button>
      <Status>{done ? t("password.changed") : undefined}</Status>
    </form>
  );
}
