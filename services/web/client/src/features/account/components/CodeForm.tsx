// One code field (TOTP or recovery code) and a submit button: the MFA login step, enrolment
// confirmation, recovery-code regeneration and disabling MFA all ask for exactly this.
import { useState } from "react";
import type { SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Action } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { Field } from "../../../components/Field.tsx";
import { splitProblem } from "../../../components/problem-text.ts";
import { checkCode } from "../validation.ts";

interface Props {
  label: string;
  submitLabel: string;
  action: Action<[string], unknown>;
}

export function CodeForm({ label, submitLabel, action }: Props) {
  const { t } = useTranslation();
  const [code, setCode] = useState("");
  const { fieldError, general } = splitProblem(t, action.problem, ["code"]);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const local = checkCode(code);
    if (local) {
      action.setProblem(local);
      return;
    }
    void action.run(code.trim());
  };
  return (
    <form noValidate onSubmit={submit}>
      <ProblemAlert problem={general} />
      <Field
        label={label}
        hint={t("mfa.codeHint")}
        name="code"
        inputMode="text"
        autoComplete="one-time-code"
        required
        value={code}
        error={fieldError("code")}
        onChange={(event) => {
          setCode(event.target.value);
        }}
      />
      <button type="submit" disabled={action.pending}>
        {submitLabel}
      </button>
    </form>
  );
}
