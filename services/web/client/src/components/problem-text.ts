// A problem's message in the page's language: errors.<code>, or for a field errors.fields.<field>
// when the API (or the page's own check) says which field is wrong.
import i18next from "i18next";
import type { TFunction } from "i18next";
import type { Problem } from "../app/problems.ts";

export function problemText(t: TFunction, problem: Problem): string {
  const fieldKey = `errors.fields.${problem.field ?? ""}`;
  if (problem.code === "validation_error" && i18next.exists(`app:${fieldKey}`)) return t(fieldKey as never);
  return t(`errors.${problem.code}` as never, { defaultValue: t("errors.server") });
}

/** A form's problem split: the message for each of its fields, and what belongs to none of them. */
export function splitProblem(
  t: TFunction,
  problem: Problem | undefined,
  fields: readonly string[],
): { fieldError: (field: string) => string | undefined; general: Problem | undefined } {
  const onField = problem?.field !== undefined && fields.includes(problem.field);
  return {
    fieldError: (field) =>
      problem && onField && problem.field === field ? problemText(t, problem) : undefined,
    general: onField ? undefined : problem,
  };
}
