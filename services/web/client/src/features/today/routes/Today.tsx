// Today: the user's tasks, reminders, focus session and energy — the rows the SMS assistant reads
// and writes — kept live (use-today.ts): a task added by SMS shows up here within about a second.
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { useProfile } from "../../../app/auth.tsx";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { Page } from "../../../components/Page.tsx";
import { AddReminder } from "../components/ReminderForm.tsx";
import { Energy } from "../components/Energy.tsx";
import { Focus } from "../components/Focus.tsx";
import { ReminderList } from "../components/ReminderList.tsx";
import { Tasks } from "../components/Tasks.tsx";
import { useToday } from "../use-today.ts";

export default function Today() {
  const { t } = useTranslation();
  const profile = useProfile();
  const { today, problem, refresh } = useToday();
  return (
    <Page title={t("today.title")}>
      {profile.phone === null && (
        <p>
          {t("today.finishOnboarding")} <Link href="/onboarding">{t("shell.nav.onboarding")}</Link>
        </p>
      )}
      <ProblemAlert problem={problem} />
      {today === undefined ? (
        !problem && <p role="status">{t("shell.loading")}</p>
      ) : (
        <>
          <section aria-labelledby="tasks-title">
            <h2 id="tasks-title">{t("today.tasksTitle")}</h2>
            <Tasks tasks={today.tasks} onChanged={refresh} />
          </section>
          <section aria-labelledby="reminders-title">
            <h2 id="reminders-title">{t("today.remindersTitle")}</h2>
            <ReminderList reminders={today.reminders} onChanged={refresh} />
            <h3>{t("today.newReminder")}</h3>
            <AddReminder onChanged={refresh} />
          </section>
          <section aria-labelledby="focus-title">
            <h2 id="focus-title">{t("today.focusTitle")}</h2>
            <Focus focus={today.focus} onChanged={refresh} />
          </section>
          <section aria-labelledby="energy-title">
            <h2 id="energy-title">{t("today.energyTitle")}</h2>
            <Energy energy={today.energy} onChanged={refresh} />
          </section>
        </>
      )}
    </Page>
  );
}
