// Phone (country picker, France first), time zone (the browser's by default) and language: what the
// assistant needs to recognise the user's texts and to remind them at the right local time.
import { useMemo, useState } from "react";
import type { SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import type { CountryCode } from "libphonenumber-js";
import { useAuth, useProfile } from "../../../app/auth.tsx";
import { changeLanguage } from "../../../app/i18n.ts";
import type { Language } from "../../../app/i18n.ts";
import { useAction } from "../../../app/use-api.ts";
import { ProblemAlert, Status } from "../../../components/Alert.tsx";
import { Field, SelectField } from "../../../components/Field.tsx";
import { splitProblem } from "../../../components/problem-text.ts";
import { updateProfile } from "../api/onboarding.ts";
import { countries, fromE164, toE164 } from "../phone.ts";
import { QuietHours, useQuietHours } from "./QuietHours.tsx";
import type { QuietHoursValue } from "./QuietHours.tsx";

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function LanguageChoice({ value, onChange }: { value: Language; onChange: (language: Language) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t("onboarding.language")}</legend>
      {(["fr", "en"] as const).map((language) => (
        <label key={language} className="choice">
          <input
            type="radio"
            name="language"
            value={language}
            checked={value === language}
            onChange={() => {
              onChange(language);
            }}
          />
          <span lang={language}>{t(`onboarding.languages.${language}`)}</span>
        </label>
      ))}
    </fieldset>
  );
}

const quietInvalid = (quiet: QuietHoursValue) =>
  quiet.enabled && (!quiet.start || !quiet.end || quiet.start === quiet.end);

/** The country picker's entries in the page's language, France first, and every IANA zone. */
function useOptions(language: string) {
  const countryOptions = useMemo(
    () => countries(language).map((c) => ({ value: c.code, label: `${c.name} (+${c.callingCode})` })),
    [language],
  );
  const zones = useMemo(
    () => Intl.supportedValuesOf("timeZone").map((zone) => ({ value: zone, label: zone })),
    [],
  );
  return { countryOptions, zones };
}

export function ProfileForm() {
  const { t, i18n } = useTranslation();
  const profile = useProfile();
  const { setProfile } = useAuth();
  const stored = fromE164(profile.phone);
  const [country, setCountry] = useState<CountryCode>(stored.country);
  const [national, setNational] = useState(stored.national);
  // A user who never chose keeps the API's default zone; the browser knows better.
  const [timeZone, setTimeZone] = useState(profile.phone === null ? browserZone() : profile.timeZone);
  const [language, setLanguage] = useState<Language>(profile.language);
  const [quiet, setQuiet] = useQuietHours(profile.quietHours);
  const [saved, setSaved] = useState(false);
  const { countryOptions, zones } = useOptions(i18n.language);
  const save = useAction(async (phone: string) => {
    const quietHours = quiet.enabled ? { start: quiet.start, end: quiet.end } : null;
    setProfile(await updateProfile({ phone, timeZone, language, quietHours }));
    await changeLanguage(language);
    setSaved(true);
  });
  const { fieldError, general } = splitProblem(t, save.problem, [
    "phone",
    "timeZone",
    "language",
    "quietHours",
  ]);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setSaved(false);
    const phone = toE164(national, country);
    const invalid = phone === undefined ? "phone" : quietInvalid(quiet) ? "quietHours" : undefined;
    if (invalid !== undefined || phone === undefined)
      save.setProblem({ code: "validation_error", field: invalid ?? "phone" });
    else void save.run(phone);
  };

  return (
    <form noValidate onSubmit={submit}>
      <ProblemAlert problem={general} />
      <SelectField
        label={t("onboarding.country")}
        name="country"
        value={country}
        options={countryOptions}
        onChange={(value) => {
          setCountry(value as CountryCode);
        }}
      />
      <Field
        label={t("onboarding.phone")}
        hint={t("onboarding.phoneHint")}
        type="tel"
        name="phone"
        autoComplete="tel-national"
        required
        value={national}
        error={fieldError("phone")}
        onChange={(event) => {
          setNational(event.target.value);
        }}
      />
      <SelectField
        label={t("onboarding.timeZone")}
        name="timeZone"
        value={timeZone}
        options={zones}
        error={fieldError("timeZone")}
        onChange={setTimeZone}
      />
      <LanguageChoice value={language} onChange={setLanguage} />
      <QuietHours
        value={quiet}
        error={fieldError("quietHours") && t("onboarding.quiet.invalid")}
        onChange={setQuiet}
      />
      <button type="submit" disabled={save.pending}>
        {t("onboarding.save")}
      </button>
      <Status>{saved ? t("onboarding.saved") : undefined}</Status>
    </form>
  );
}
