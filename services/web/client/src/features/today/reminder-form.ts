// The new-reminder form's values → the API's body, checked by the API's rules first (a one-off in
// the future; a weekly rule with at least one day; a time HH:mm).
import type { Problem } from "../../app/problems.ts";
import type { NewReminder, Repeat } from "./api/today.ts";
import type { Reminder } from "./api/today.ts";
import { instantToZoned, zonedToInstant } from "./time.ts";

export interface ReminderDraft {
  text: string;
  kind: "once" | "repeat";
  /** datetime-local, in the user's zone. */
  at: string;
  freq: Repeat["freq"];
  weekdays: number[];
  time: string;
}

const invalid = (field: string): Problem => ({ code: "validation_error", field });

export function reminderBody(draft: ReminderDraft, timeZone: string, now: Date): NewReminder | Problem {
  const text = draft.text.trim();
  if (text === "") return { code: "required", field: "text" };
  if (draft.kind === "once") {
    const at = zonedToInstant(draft.at, timeZone);
    if (!at) return invalid("at");
    if (at.getTime() <= now.getTime()) return { code: "due_in_past", field: "at" };
    return { text, at: at.toISOString() };
  }
  if (!/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(draft.time)) return invalid("time");
  if (draft.freq !== "weekly") return { text, repeat: { freq: draft.freq, time: draft.time } };
  if (draft.weekdays.length === 0) return invalid("repeat");
  return { text, repeat: { freq: "weekly", weekdays: [...draft.weekdays].sort(), time: draft.time } };
}

export const isProblem = (value: NewReminder | Problem): value is Problem => "code" in value;

/** The form's values for an existing reminder, to edit it. */
export function draftOf(reminder: Reminder, timeZone: string): ReminderDraft {
  const at = instantToZoned(new Date(reminder.dueAt), timeZone);
  if (!reminder.repeat)
    return { text: reminder.text, kind: "once", at, freq: "daily", weekdays: [], time: "09:00" };
  const { freq, weekdays = [], time } = reminder.repeat;
  return { text: reminder.text, kind: "repeat", at, freq, weekdays, time };
}
