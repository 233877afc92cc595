// Onboarding: the profile the assistant needs, then the user's own Phoenix number.
import { useTranslation } from "react-i18next";
import { useProfile } from "../../../app/auth.tsx";
import { Page } from "../../../components/Page.tsx";
import { NumberActivation } from "../components/NumberActivation.tsx";
import { ProfileForm } from "../components/ProfileForm.tsx";

export default function Onboarding() {
  const { t } = useTranslation();
  const profile = useProfile();
  return (
    <Page title={t("onboarding.title")}>
      <p>{t("onboarding.intro")}</p>
      <section aria-labelledby="profile-title">
        <h2 id="profile-title">{t("onboarding.profileTitle")}</h2>
        <ProfileForm />
      </section>
      <section aria-labelledby="number-title">
        <h2 id="number-title">{t("number.title")}</h2>
        <NumberActivation phoneSaved={profile.phone !== null} />
      </section>
    </Page>
  );
}
