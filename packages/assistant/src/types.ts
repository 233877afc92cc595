// The contract between the deterministic engine (pure: text + context → reply + actions) and the
// agent service that loads the context from Postgres and applies the actions in one transaction.
// Nothing here assumes SMS: the web chat (Iris) will call the same engine.
import type { Language } from "./language.ts";

/** A repeating reminder's rule, evaluated in the user's time zone. */
export interface Recurrence {
  /** "daily": every day; "weekdays": Mon–Fri; "weekly": on `weekdays`. */
  freq: "daily" | "weekdays" | "weekly";
  /** ISO weekday numbers, 1 = Monday … 7 = Sunday (only for "weekly"). */
  weekdays?: number[];
  /** Local wall-clock time "HH:mm". */
  time: string;
}

export interface QuietHours {
  /** Local "HH:mm"; the window may wrap midnight (22:00 → 07:00). */
  start: string;
  end: string;
}

export interface TaskView {
  id: string;
  title: string;
  createdAt: Date;
}

export interface ReminderView {
  id: string;
  text: string;
  dueAt: Date;
  recurrence: Recurrence | null;
}

export interface EngineContext {
  now: Date;
  /** The user's language (their preference, else `defaultLanguage` of their phone). */
  language: Language;
  /** IANA zone, e.g. "Europe/Berlin". */
  timeZone: string;
  quietHours: QuietHours | null;
  /** Open tasks in the order the user sees them; the user refers to them as 1..n. */
  openTasks: TaskView[];
  /** Pending reminders ordered by dueAt; the user refers to them as 1..n in "reminders". */
  reminders: ReminderView[];
  /** The reminder that fired most recently (target of a bare "snooze"), if any. */
  lastFired: ReminderView | null;
  /** The running focus session, if any. */
  focus: { endsAt: Date; minutes: number } | null;
  /** Energy levels (1–5) recorded today, oldest first. */
  energyToday: number[];
}

export type Action =
  | { type: "task.add"; title: string }
  | { type: "task.complete"; taskId: string }
  | { type: "task.delete"; taskId: string }
  | { type: "reminder.create"; text: string; dueAt: Date; recurrence: Recurrence | null }
  | { type: "reminder.cancel"; reminderId: string }
  | { type: "reminder.snooze"; reminderId: string; dueAt: Date }
  | { type: "focus.start"; minutes: number; endsAt: Date }
  | { type: "focus.stop" }
  | { type: "energy.record"; level: number; note: string | null }
  | { type: "preferences.set"; timeZone?: string; quietHours?: QuietHours | null; language?: Language };

export interface EngineResult {
  /** A stable name for metrics and events, e.g. "task.add", "reminder.create", "unknown". */
  intent: string;
  /** The reply text; aim for one SMS segment. */
  reply: string;
  /** The language of `reply`: the message's own when it is clearly written in one, else the user's. */
  language: Language;
  /** Changes to apply, in order, atomically with storing the reply. */
  actions: Action[];
}
