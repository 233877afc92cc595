// My account: who I am, two-factor authentication, the password, logging out.
import { useTranslation } from "react-i18next";
import { api } from "../../../app/api.ts";
import { useAuth, useProfile } from "../../../app/auth.tsx";
import { unwrap } from "../../../app/problems.ts";
import { Page } from "../../../components/Page.tsx";
import { MfaEnrolment } from "../components/MfaEnrolment.tsx";
import { MfaManagement } from "../components/MfaManagement.tsx";
import { PasswordChange } from "../components/PasswordChange.tsx";

export default function Account() {
  const { t, i18n } = useTranslation();
  const profile = useProfile();
  const { setProfile, signOut } = useAuth();
  const reloadProfile = () => void unwrap(api.GET("/v1/me")).then(setProfile);
  const since = new Intl.DateTimeFormat(i18n.language, { dateStyle: "long" }).format(
    new Date(profile.createdAt),
  );
  return (
    <Page title={t("account.title")}>
      <dl className="facts">
        <dt>{t("account.email")}</dt>
        <dd>{profile.email ?? "—"}</dd>
        <dt>{t("account.memberSince")}</dt>
        <dd>{since}</dd>
      </dl>
      <section aria-labelledby="mfa-title">
        <h2 id="mfa-title">{t("mfa.title")}</h2>
        <p role="status">{t(profile.mfaEnabled ? "mfa.statusOn" : "mfa.statusOff")}</p>
        {profile.mfaEnabled ? (
          <MfaManagement onDisabled={reloadProfile} />
        ) : (
          <MfaEnrolment onEnabled={reloadProfile} />
        )}
      </section>
      <section aria-labelledby="password-title">
        <h2 id="password-title">{t("password.title")}</h2>
        <PasswordChange />
      </section>
      <section aria-labelledby="logout-title">
        <h2 id="logout-title">{t("account.logoutTitle")}</h2>
        <p>{t("account.logoutIntro")}</p>
        <button type="button" onClick={() => void signOut()}>
          {t("shell.logout")}
        </button>
      </section>
    </Page>
  );
}
