// A focus session: start one for some minutes (its end is texted, like one started by SMS), or stop it.
import { useState } from "react";
import type { SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useProfile } from "../../../app/auth.tsx";
import { useAction } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { Field } from "../../../components/Field.tsx";
import { splitProblem } from "../../../components/problem-text.ts";
import { startFocus, stopFocus } from "../api/today.ts";
import type { Today } from "../api/today.ts";

/** The API's limit (@phoenix/assistant MAX_FOCUS_MINUTES): three hours. */
const MAX_FOCUS_MINUTES = 180;

export function Focus({ focus, onChanged }: { focus: Today["focus"]; onChanged: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const profile = useProfile();
  const [minutes, setMinutes] = useState("25");
  const start = useAction(async (value: number) => {
    await startFocus(value);
    await onChanged();
  });
  const stop = useAction(async () => {
    await stopFocus();
    await onChanged();
  });
  const { fieldError, general } = splitProblem(t, start.problem, ["minutes"]);
  if (focus) {
    const until = new Intl.DateTimeFormat(i18n.language, {
      timeStyle: "short",
      timeZone: profile.timeZone,
    }).format(new Date(focus.endsAt));
    return (
      <div className="card">
        <p role="status">{t("today.focusRunning", { minutes: focus.minutes, until })}</p>
        <ProblemAlert problem={stop.problem} />
        <button type="button" className="secondary" disabled={stop.pending} onClick={() => void stop.run()}>
          {t("today.stopFocus")}
        </button>
      </div>
    );
  }
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const value = Number(minutes);
    if (!Number.isInteger(value) || value < 1 || value > MAX_FOCUS_MINUTES)
      start.setProblem({ code: "validation_error", field: "minutes" });
    else void start.run(value);
  };
  return (
    <form noValidate onSubmit={submit}>
      <ProblemAlert problem={general} />
      <Field
        label={t("today.focusMinutes")}
        type="number"
        inputMode="numeric"
        min={1}
        max={MAX_FOCUS_MINUTES}
        name="minutes"
        value={minutes}
        error={fieldError("minutes")}
        onChange={(event) => {
          setMinutes(event.target.value);
        }}
      />
      <button type="submit" disabled={start.pending}>
        {t("today.startFocus")}
      </button>
    </form>
  );
}
