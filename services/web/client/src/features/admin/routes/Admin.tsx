// Administration (role admin; the API also wants a session signed in with MFA and says so): users,
// key sets, rate limits, the event queue (status, process now, reprocess) and events per app a day.
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { useProfile } from "../../../app/auth.tsx";
import { Page } from "../../../components/Page.tsx";
import { DailyEvents } from "../components/DailyEvents.tsx";
import { EventQueue } from "../components/EventQueue.tsx";
import { KeySets } from "../components/KeySets.tsx";
import { RateLimitReset } from "../components/RateLimitReset.tsx";
import { Reprocess } from "../components/Reprocess.tsx";
import { UserSearch } from "../components/UserSearch.tsx";

export default function Admin() {
  const { t } = useTranslation();
  const profile = useProfile();
  if (!profile.roles.includes("admin"))
    return (
      <Page title={t("admin.title")}>
        <p className="alert">{t("errors.forbidden")}</p>
      </Page>
    );
  return (
    <Page title={t("admin.title")}>
      {!profile.mfaEnabled && (
        <p className="alert">
          {t("admin.needsMfa")} <Link href="/account">{t("admin.enableMfa")}</Link>
        </p>
      )}
      <section aria-labelledby="users-title">
        <h2 id="users-title">{t("admin.usersTitle")}</h2>
        <UserSearch />
      </section>
      <section aria-labelledby="keys-title">
        <h2 id="keys-title">{t("admin.keysTitle")}</h2>
        <KeySets />
      </section>
      <section aria-labelledby="limits-title">
        <h2 id="limits-title">{t("admin.limitsTitle")}</h2>
        <RateLimitReset />
      </section>
      <section aria-labelledby="events-title">
        <h2 id="events-title">{t("admin.events.title")}</h2>
        <EventQueue />
        <h3>{t("admin.events.reprocessTitle")}</h3>
        <Reprocess />
        <h3>{t("admin.events.dailyTitle")}</h3>
        <DailyEvents />
      </section>
    </Page>
  );
}
