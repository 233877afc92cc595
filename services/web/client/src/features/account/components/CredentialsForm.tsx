// E-mail and password, for signup and login: checked here first, then by the API, whose field
// errors land next to the field they are about.
import { useState } from "react";
import type { SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Problem } from "../../../app/problems.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { Field } from "../../../components/Field.tsx";
import { splitProblem } from "../../../components/problem-text.ts";
import { checkCredentials } from "../validation.ts";
import type { Credentials } from "../api/account.ts";

interface Props {
  mode: "signup" | "login";
  submitLabel: string;
  pending: boolean;
  problem: Problem | undefined;
  setProblem: (problem: Problem | undefined) => void;
  onSubmit: (credentials: Credentials) => void;
}

export function CredentialsForm({ mode, submitLabel, pending, problem, setProblem, onSubmit }: Props) {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { fieldError, general } = splitProblem(t, problem, ["email", "password"]);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const local = checkCredentials({ email, password }, mode === "signup");
    if (local) {
      setProblem(local);
      return;
    }
    onSubmit({ email: email.trim(), password });
  };

  return (
    <form noValidate onSubmit={submit}>
      <ProblemAlert problem={general} />
      <Field
        label={t("account.email")}
        type="email"
        name="email"
        autoComplete="email"
        required
        value={email}
        error={fieldError("email")}
        onChange={(event) => {
          setEmail(event.target.value);
        }}
      />
      <Field
        label={t("account.password")}
        type="password"
        name="password"
        autoComplete={mode === "signup" ? "new-password" : "current-password"}
        required
        {...(mode === "signup" && { hint: t("account.passwordHint") })}
        value={password}
        error={fieldError("password")}
        onChange={(event) => {
          setPassword(event.target.value);
        }}
      />
      <button type="submit" disabled={pending}>
        {submitLabel}
      </button>
    </form>
  );
}
