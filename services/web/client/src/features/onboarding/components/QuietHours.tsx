// Quiet hours: when Phoenix holds its texts back (nudges wait until they end). The same setting as
// the SMS "calme 22-7" / "quiet 22-7"; off by default.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "../../../components/Field.tsx";

export interface QuietHoursValue {
  enabled: boolean;
  start: string;
  end: string;
}

const defaultQuietHours = { start: "22:00", end: "07:00" };

/** The form's state from the profile's quiet hours (off, with 22:00–07:00 ready, when it has none). */
export function useQuietHours(stored: { start: string; end: string } | null) {
  return useState<QuietHoursValue>({ enabled: stored !== null, ...(stored ?? defaultQuietHours) });
}

export function QuietHours({
  value,
  error,
  onChange,
}: {
  value: QuietHoursValue;
  error: string | undefined;
  onChange: (value: QuietHoursValue) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t("onboarding.quiet.title")}</legend>
      <label className="choice">
        <input
          type="checkbox"
          checked={value.enabled}
          onChange={(event) => {
            onChange({ ...value, enabled: event.target.checked });
          }}
        />
        <span>{t("onboarding.quiet.enable")}</span>
      </label>
      {value.enabled && (
        <>
          <Field
            label={t("onboarding.quiet.start")}
            type="time"
            name="quietStart"
            required
            value={value.start}
            error={error}
            onChange={(event) => {
              onChange({ ...value, start: event.target.value });
            }}
          />
          <Field
            label={t("onboarding.quiet.end")}
            hint={t("onboarding.quiet.hint")}
            type="time"
            name="quietEnd"
            required
            value={value.end}
            onChange={(event) => {
              onChange({ ...value, end: event.target.value });
            }}
          />
        </>
      )}
    </fieldset>
  );
}
