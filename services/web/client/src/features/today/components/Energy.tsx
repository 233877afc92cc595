// Energy check-ins: how full the tank is, 1 to 5, with an optional note; the last ones below.
import { useState } from "react";
import type { SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../../app/format.ts";
import { useProfile } from "../../../app/auth.tsx";
import { useAction } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { Field } from "../../../components/Field.tsx";
import { splitProblem } from "../../../components/problem-text.ts";
import { recordEnergy } from "../api/today.ts";
import type { EnergyCheckin } from "../api/today.ts";

const levels = [1, 2, 3, 4, 5] as const;

function Recent({ energy }: { energy: EnergyCheckin[] }) {
  const { t, i18n } = useTranslation();
  const profile = useProfile();
  if (energy.length === 0) return <p>{t("today.noEnergy")}</p>;
  return (
    <ul className="list" aria-label={t("today.recentEnergy")}>
      {energy.slice(0, 5).map((checkin) => (
        <li key={checkin.id}>
          <span>
            {t("today.energyLevel", { level: checkin.level })}
            {checkin.note !== null && ` — ${checkin.note}`}
          </span>
          <span className="hint">{formatDateTime(i18n.language, checkin.createdAt, profile.timeZone)}</span>
        </li>
      ))}
    </ul>
  );
}

export function Energy({ energy, onChanged }: { energy: EnergyCheckin[]; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const [level, setLevel] = useState<number>();
  const [note, setNote] = useState("");
  const record = useAction(async (value: number) => {
    await recordEnergy(value, note);
    setLevel(undefined);
    setNote("");
    await onChanged();
  });
  const { fieldError, general } = splitProblem(t, record.problem, ["level", "note"]);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (level === undefined) record.setProblem({ code: "validation_error", field: "level" });
    else void record.run(level);
  };
  const levelError = fieldError("level");
  return (
    <>
      <form noValidate onSubmit={submit}>
        <ProblemAlert problem={general} />
        <fieldset aria-describedby={levelError ? "level-error" : undefined}>
          <legend>{t("today.energyQuestion")}</legend>
          {levels.map((value) => (
            <label key={value} className="choice">
              <input
                type="radio"
                name="level"
                checked={level === value}
                onChange={() => {
                  setLevel(value);
                }}
              />
              {t(`today.levels.${String(value) as "1"}`)}
            </label>
          ))}
          {levelError && (
            <p id="level-error" className="field-error">
              {levelError}
            </p>
          )}
        </fieldset>
        <Field
          label={t("today.energyNote")}
          name="note"
          maxLength={200}
          value={note}
          error={fieldError("note")}
          onChange={(event) => {
            setNote(event.target.value);
          }}
        />
        <button type="submit" disabled={record.pending}>
          {t("today.recordEnergy")}
        </button>
      </form>
      <Recent energy={energy} />
    </>
  );
}
