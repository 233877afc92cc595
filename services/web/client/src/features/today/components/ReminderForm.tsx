// A reminder's form, to add one or to change one: once (a date and time in the user's zone) or
// repeating (every day, weekdays, or chosen days, at a time). It is texted when due, exactly like
// one set by SMS.
import { useState } from "react";
import type { SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useProfile } from "../../../app/auth.tsx";
import { useAction } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { Field, SelectField } from "../../../components/Field.tsx";
import { splitProblem } from "../../../components/problem-text.ts";
import { addReminder } from "../api/today.ts";
import type { NewReminder, Repeat } from "../api/today.ts";
import { isProblem, reminderBody } from "../reminder-form.ts";
import type { ReminderDraft } from "../reminder-form.ts";
import { weekdayName } from "../time.ts";

export const emptyDraft: ReminderDraft = {
  text: "",
  kind: "once",
  at: "",
  freq: "daily",
  weekdays: [],
  time: "09:00",
};

function Weekdays({
  draft,
  update,
  error,
}: {
  draft: ReminderDraft;
  update: (d: Partial<ReminderDraft>) => void;
  error: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const toggle = (day: number, on: boolean) => {
    update({ weekdays: on ? [...draft.weekdays, day] : draft.weekdays.filter((d) => d !== day) });
  };
  return (
    <fieldset aria-describedby={error ? "weekdays-error" : undefined}>
      <legend>{t("today.weekdays")}</legend>
      {[1, 2, 3, 4, 5, 6, 7].map((day) => (
        <label key={day} className="choice">
          <input
            type="checkbox"
            checked={draft.weekdays.includes(day)}
            onChange={(event) => {
              toggle(day, event.target.checked);
            }}
          />
          {weekdayName(i18n.language, day)}
        </label>
      ))}
      {error && (
        <p id="weekdays-error" className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function When({ draft, update }: { draft: ReminderDraft; update: (d: Partial<ReminderDraft>) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t("today.when")}</legend>
      {(["once", "repeat"] as const).map((kind) => (
        <label key={kind} className="choice">
          <input
            type="radio"
            name="kind"
            checked={draft.kind === kind}
            onChange={() => {
              update({ kind });
            }}
          />
          {t(`today.kinds.${kind}`)}
        </label>
      ))}
    </fieldset>
  );
}

interface ReminderFormProps {
  initial: ReminderDraft;
  submitLabel: string;
  /** Saves the body; resolves once the page shows the change. */
  onSubmit: (body: NewReminder) => Promise<void>;
}

export function ReminderForm({ initial, submitLabel, onSubmit }: ReminderFormProps) {
  const { t } = useTranslation();
  const profile = useProfile();
  const [draft, setDraft] = useState(initial);
  const update = (changes: Partial<ReminderDraft>) => {
    setDraft((current) => ({ ...current, ...changes }));
  };
  const save = useAction(async (body: NewReminder) => {
    await onSubmit(body);
    setDraft(initial);
  });
  const { fieldError, general } = splitProblem(t, save.problem, ["text", "at", "time", "repeat"]);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const body = reminderBody(draft, profile.timeZone, new Date());
    if (isProblem(body)) save.setProblem(body);
    else void save.run(body);
  };
  const freqs = (["daily", "weekdays", "weekly"] as const).map((value) => ({
    value,
    label: t(`today.freqs.${value}`),
  }));
  return (
    <form noValidate onSubmit={submit}>
      <ProblemAlert problem={general} />
      <Field
        label={t("today.reminderText")}
        name="text"
        maxLength={200}
        value={draft.text}
        error={fieldError("text")}
        onChange={(event) => {
          update({ text: event.target.value });
        }}
      />
      <When draft={draft} update={update} />
      {draft.kind === "once" ? (
        <Field
          label={t("today.at")}
          hint={t("today.atHint", { zone: profile.timeZone })}
          type="datetime-local"
          name="at"
          value={draft.at}
          error={fieldError("at")}
          onChange={(event) => {
            update({ at: event.target.value });
          }}
        />
      ) : (
        <>
          <SelectField
            label={t("today.freq")}
            value={draft.freq}
            options={freqs}
            onChange={(value) => {
              update({ freq: value as Repeat["freq"] });
            }}
          />
          {draft.freq === "weekly" && <Weekdays draft={draft} update={update} error={fieldError("repeat")} />}
          <Field
            label={t("today.time")}
            type="time"
            name="time"
            value={draft.time}
            error={fieldError("time")}
            onChange={(event) => {
              update({ time: event.target.value });
            }}
          />
        </>
      )}
      <button type="submit" disabled={save.pending}>
        {submitLabel}
      </button>
    </form>
  );
}

export function AddReminder({ onChanged }: { onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  return (
    <ReminderForm
      initial={emptyDraft}
      submitLabel={t("today.addReminder")}
      onSubmit={async (body) => {
        await addReminder(body);
        await onChanged();
      }}
    />
  );
}
