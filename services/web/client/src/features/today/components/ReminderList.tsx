// Pending reminders (next first) with their time in the user's zone and their rule; cancel one.
import { useTranslation } from "react-i18next";
import { useProfile } from "../../../app/auth.tsx";
import { formatDateTime } from "../../../app/format.ts";
import { useAction } from "../../../app/use-api.ts";
import { ProblemAlert } from "../../../components/Alert.tsx";
import { useState } from "react";
import { cancelReminder, editReminder } from "../api/today.ts";
import type { Reminder, Repeat } from "../api/today.ts";
import { draftOf } from "../reminder-form.ts";
import { weekdayName } from "../time.ts";
import { ReminderForm } from "./ReminderForm.tsx";

/** "Every day at 09:00", "Weekdays at 09:00", "Monday, Wednesday at 09:00". */
export function useRepeatText(): (repeat: Repeat) => string {
  const { t, i18n } = useTranslation();
  return (repeat) => {
    if (repeat.freq !== "weekly") return t(`today.repeats.${repeat.freq}`, { time: repeat.time });
    const days = new Intl.ListFormat(i18n.language, { type: "conjunction" }).format(
      (repeat.weekdays ?? []).map((day) => weekdayName(i18n.language, day)),
    );
    return t("today.repeats.weekly", { days, time: repeat.time });
  };
}

function ReminderItem({ reminder, onChanged }: { reminder: Reminder; onChanged: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const profile = useProfile();
  const repeatText = useRepeatText();
  const [editing, setEditing] = useState(false);
  const cancel = useAction(async () => {
    await cancelReminder(reminder.id);
    await onChanged();
  });
  const when = formatDateTime(i18n.language, reminder.dueAt, profile.timeZone);
  if (editing)
    return (
      <li>
        <ReminderForm
          initial={draftOf(reminder, profile.timeZone)}
          submitLabel={t("today.saveReminder")}
          onSubmit={async (body) => {
            await editReminder(reminder.id, body);
            await onChanged();
            setEditing(false);
          }}
        />
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setEditing(false);
          }}
        >
          {t("today.keep")}
        </button>
      </li>
    );
  return (
    <li>
      <span>
        <strong>{reminder.text}</strong>
        <br />
        {reminder.repeat ? `${repeatText(reminder.repeat)} — ${t("today.next", { when })}` : when}
      </span>
      <span className="row">
        <button
          type="button"
          className="secondary"
          aria-label={t("today.editReminder", { text: reminder.text })}
          onClick={() => {
            setEditing(true);
          }}
        >
          {t("today.edit")}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={cancel.pending}
          aria-label={t("today.cancelReminder", { text: reminder.text })}
          onClick={() => void cancel.run()}
        >
          {t("today.cancel")}
        </button>
      </span>
      <ProblemAlert problem={cancel.problem} />
    </li>
  );
}

export function ReminderList({
  reminders,
  onChanged,
}: {
  reminders: Reminder[];
  onChanged: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const pending = reminders.filter((reminder) => reminder.status === "pending");
  if (pending.length === 0) return <p>{t("today.noReminders")}</p>;
  return (
    <ul className="list" aria-label={t("today.pendingReminders")}>
      {pending.map((reminder) => (
        <ReminderItem key={reminder.id} reminder={reminder} onChanged={onChanged} />
      ))}
    </ul>
  );
}
