// Lifts a rate limit: the API limit of a user, or the login limit of an account or an address.
import { useState } from "react";
import type { SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useAction } from "../../../app/use-api.ts";
import { ProblemAlert, Status } from "../../../components/Alert.tsx";
import { Field, SelectField } from "../../../components/Field.tsx";
import { splitProblem } from "../../../components/problem-text.ts";
import { resetRateLimit } from "../api/admin.ts";
import type { RateLimitScope } from "../api/admin.ts";

export function RateLimitReset() {
  const { t } = useTranslation();
  const [scope, setScope] = useState<RateLimitScope>("login");
  const [subject, setSubject] = useState("");
  const [removed, setRemoved] = useState<number>();
  const reset = useAction(async () => {
    setRemoved((await resetRateLimit(scope, subject.trim())).removed);
  });
  const { fieldError, general } = splitProblem(t, reset.problem, ["subject"]);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setRemoved(undefined);
    if (subject.trim() === "") reset.setProblem({ code: "required", field: "subject" });
    else void reset.run();
  };
  return (
    <form noValidate onSubmit={submit}>
      <ProblemAlert problem={general} />
      <SelectField
        label={t("admin.scope")}
        value={scope}
        options={(["login", "api"] as const).map((value) => ({ value, label: t(`admin.scopes.${value}`) }))}
        onChange={(value) => {
          setScope(value as RateLimitScope);
        }}
      />
      <Field
        label={t("admin.subject")}
        hint={t("admin.subjectHint")}
        name="subject"
        value={subject}
        error={fieldError("subject")}
        onChange={(event) => {
          setSubject(event.target.value);
        }}
      />
      <button type="submit" disabled={reset.pending}>
        {t("admin.reset")}
      </button>
      <Status>{removed === undefined ? undefined : t("admin.resetDone", { count: removed })}</Status>
    </form>
  );
}
