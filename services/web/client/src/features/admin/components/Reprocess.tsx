// Reprocess events, idempotently (by content hash): either a list of hashes, or a source app (and
// optionally a type) since a date.
import { useState } from "react";
import type { SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useAction } from "../../../app/use-api.ts";
import { ProblemAlert, Status } from "../../../components/Alert.tsx";
import { Field } from "../../../components/Field.tsx";
import { splitProblem } from "../../../components/problem-text.ts";
import { reprocessEvents } from "../api/admin.ts";
import type { ReprocessBody } from "../api/admin.ts";

const HASH = /^[0-9a-f]{64}$/;

interface Draft {
  hashes: string;
  sourceApp: string;
  type: string;
  since: string;
}

/** The form's values as the API's selection, or the field that is wrong. */
export function selection(draft: Draft): ReprocessBody | { field: string } {
  const hashes = draft.hashes.split(/[\s,]+/).filter(Boolean);
  if (hashes.length > 0)
    return hashes.every((hash) => HASH.test(hash))
      ? { contentHashes: [...new Set(hashes)] }
      : { field: "contentHashes" };
  if (!/^[a-z][a-z0-9_-]{0,31}$/.test(draft.sourceApp.trim())) return { field: "sourceApp" };
  const since = new Date(draft.since);
  if (draft.since === "" || Number.isNaN(since.getTime())) return { field: "since" };
  return {
    sourceApp: draft.sourceApp.trim(),
    since: since.toISOString(),
    ...(draft.type.trim() !== "" && { type: draft.type.trim() }),
  };
}

export function Reprocess() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>({ hashes: "", sourceApp: "", type: "", since: "" });
  const [result, setResult] = useState<{ matched: number; reset: number }>();
  const run = useAction(async (body: ReprocessBody) => {
    setResult(await reprocessEvents(body));
  });
  const { fieldError, general } = splitProblem(t, run.problem, [
    "contentHashes",
    "sourceApp",
    "type",
    "since",
  ]);
  const input = (name: keyof Draft) => ({
    name,
    value: draft[name],
    error: fieldError(name === "hashes" ? "contentHashes" : name),
    onChange: (event: { target: { value: string } }) => {
      setDraft((current) => ({ ...current, [name]: event.target.value }));
    },
  });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setResult(undefined);
    const body = selection(draft);
    if ("field" in body) run.setProblem({ code: "validation_error", field: body.field });
    else void run.run(body);
  };
  return (
    <form noValidate onSubmit={submit}>
      <p>{t("admin.events.reprocessIntro")}</p>
      <ProblemAlert problem={general} />
      <Field label={t("admin.events.hashes")} hint={t("admin.events.hashesHint")} {...input("hashes")} />
      <Field
        label={t("admin.events.sourceApp")}
        hint={t("admin.events.sourceAppHint")}
        {...input("sourceApp")}
      />
      <Field label={t("admin.events.type")} {...input("type")} />
      <Field label={t("admin.events.since")} type="date" {...input("since")} />
      <button type="submit" disabled={run.pending}>
        {t("admin.events.reprocess")}
      </button>
      <Status>{result && t("admin.events.reprocessed", result)}</Status>
    </form>
  );
}
