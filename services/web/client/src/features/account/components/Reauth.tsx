// The re-authentication the API asks for before deleting the account or changing the password:
// the current password, and a TOTP or recovery code when MFA is on (the API's ReauthFields).
import { useTranslation } from "react-i18next";
import { useProfile } from "../../../app/auth.tsx";
import type { Problem } from "../../../app/problems.ts";
import { Field } from "../../../components/Field.tsx";

export interface ReauthValues {
  password: string;
  code: string;
}

export const emptyReauth: ReauthValues = { password: "", code: "" };

/** The body's fields: the code only when MFA is on. */
export const reauthBody = (values: ReauthValues, mfa: boolean) => ({
  password: values.password,
  ...(mfa && { code: values.code.trim() }),
});

/** What the page checks before asking the API. */
export function checkReauth(values: ReauthValues, mfa: boolean): Problem | undefined {
  if (values.password === "") return { code: "required", field: "password" };
  if (mfa && values.code.trim().length < 6) return { code: "validation_error", field: "code" };
  return undefined;
}

interface Props {
  passwordLabel: string;
  values: ReauthValues;
  onChange: (values: ReauthValues) => void;
  fieldError: (field: string) => string | undefined;
}

export function ReauthFields({ passwordLabel, values, onChange, fieldError }: Props) {
  const { t } = useTranslation();
  const profile = useProfile();
  return (
    <>
      <Field
        label={passwordLabel}
        type="password"
        name="password"
        autoComplete="current-password"
        required
        value={values.password}
        error={fieldError("password")}
        onChange={(event) => {
          onChange({ ...values, password: event.target.value });
        }}
      />
      {profile.mfaEnabled && (
        <Field
          label={t("mfa.code")}
          hint={t("mfa.codeHint")}
          name="code"
          autoComplete="one-time-code"
          required
          value={values.code}
          error={fieldError("code")}
          onChange={(event) => {
            onChange({ ...values, code: event.target.value });
          }}
        />
      )}
    </>
  );
}
