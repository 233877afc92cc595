// Sign up: e-mail and password. The account keeps the language the page was read in; onboarding
// (phone, time zone, number) comes next (routes.tsx sends a user without a phone there).
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { useAuth } from "../../../app/auth.tsx";
import { currentLanguage } from "../../../app/i18n.ts";
import { useAction } from "../../../app/use-api.ts";
import { Page } from "../../../components/Page.tsx";
import { recordBannerChoices } from "../../privacy/api/privacy.ts";
import { signup } from "../api/account.ts";
import type { Credentials } from "../api/account.ts";
import { CredentialsForm } from "../components/CredentialsForm.tsx";

export default function Signup() {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  const action = useAction(async (credentials: Credentials) => {
    await signIn(await signup(credentials), currentLanguage());
    // What the visitor accepted in the cookie banner becomes the account's consent records.
    await recordBannerChoices(document.cookie).catch(() => undefined);
  });
  return (
    <Page title={t("signup.title")}>
      <p>{t("signup.intro")}</p>
      <CredentialsForm
        mode="signup"
        submitLabel={t("signup.submit")}
        pending={action.pending}
        problem={action.problem}
        setProblem={action.setProblem}
        onSubmit={(credentials) => void action.run(credentials)}
      />
      <p>
        {t("signup.haveAccount")} <Link href="/login">{t("signup.loginLink")}</Link>
      </p>
    </Page>
  );
}
