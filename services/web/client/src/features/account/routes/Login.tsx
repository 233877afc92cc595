// Log in: e-mail and password, then — when the account has MFA — a TOTP or recovery code.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { useAuth } from "../../../app/auth.tsx";
import { useAction } from "../../../app/use-api.ts";
import { Page } from "../../../components/Page.tsx";
import { answerMfa, login } from "../api/account.ts";
import type { Credentials } from "../api/account.ts";
import { CodeForm } from "../components/CodeForm.tsx";
import { CredentialsForm } from "../components/CredentialsForm.tsx";

function MfaStep({ mfaToken }: { mfaToken: string }) {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  const action = useAction(async (code: string) => {
    await signIn(await answerMfa({ mfaToken, code }));
  });
  return (
    <>
      <p>{t("login.mfaIntro")}</p>
      <CodeForm label={t("mfa.code")} submitLabel={t("login.mfaSubmit")} action={action} />
    </>
  );
}

export default function Login() {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  const [mfaToken, setMfaToken] = useState<string>();
  const action = useAction(async (credentials: Credentials) => {
    const outcome = await login(credentials);
    if ("mfaRequired" in outcome) setMfaToken(outcome.mfaToken);
    else await signIn(outcome);
  });
  return (
    <Page title={t(mfaToken === undefined ? "login.title" : "login.mfaTitle")}>
      {mfaToken === undefined ? (
        <>
          <CredentialsForm
            mode="login"
            submitLabel={t("login.submit")}
            pending={action.pending}
            problem={action.problem}
            setProblem={action.setProblem}
            onSubmit={(credentials) => void action.run(credentials)}
          />
          <p>
            {t("login.noAccount")} <Link href="/signup">{t("login.signupLink")}</Link>
          </p>
        </>
      ) : (
        <MfaStep mfaToken={mfaToken} />
      )}
    </Page>
  );
}
