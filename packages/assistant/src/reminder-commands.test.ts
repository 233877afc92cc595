import { describe, expect, it } from "vitest";
import { interpret } from "./index.ts";
import { check, contextAt, refuses, segmentsOf } from "./testing.ts";
import type { Phrasing } from "./testing.ts";
import type { Action } from "./types.ts";

const BERLIN = "Europe/Berlin";
const FRIDAY_EVENING = "2026-03-27T20:00";
const ctx = contextAt(FRIDAY_EVENING, BERLIN, {
  reminders: [
    { text: "take meds", at: "2026-03-27T21:00", recurrence: { freq: "daily", time: "21:00" } },
    { text: "water plants", at: "2026-03-28T10:00" },
  ],
  lastFired: { text: "take meds", at: "2026-03-27T19:55" },
});

const cancels = (text: string, ...ids: number[]): Phrasing => ({
  text,
  intent: "reminder.cancel",
  actions: ids.map((id): Action => ({ type: "reminder.cancel", reminderId: `reminder-${id}` })),
});
const snoozes = (text: string, dueAt: string): Phrasing => ({
  text,
  intent: "reminder.snooze",
  actions: [{ type: "reminder.snooze", reminderId: "fired-1", dueAt: new Date(dueAt) }],
});

const rows: [string, Phrasing][] = [
  [
    "'reminders' lists them numbered, in local time, with the repeat",
    {
      text: "reminders",
      intent: "reminder.list",
      actions: [],
      reply: "1. Fri 9:00 PM take meds (daily)\n2. Sat 10:00 AM water plants",
    },
  ],
  ["'show my reminders' lists them too", { text: "show my reminders", intent: "reminder.list", actions: [] }],
  ["cancel by number", { ...cancels("cancel 2", 2), reply: 'Cancelled "water plants" (Sat 10:00 AM)' }],
  ["cancel reminder N", cancels("cancel reminder 1", 1)],
  ["cancel several numbers", cancels("cancel 1, 2", 1, 2)],
  ["cancel all reminders", { ...cancels("cancel all reminders", 1, 2), reply: "all 2" }],
  ["cancel all, with punctuation", cancels("Cancel all.", 1, 2)],
  ["cancel by the reminder's words", cancels("cancel water plants", 2)],
  ["'delete reminder N' cancels a reminder, not a task", cancels("delete reminder 2", 2)],
  [
    "cancel out of range",
    refuses("cancel 9", "reminder.cancel", "There's no reminder 9: you have 2 reminders"),
  ],
  ["bare cancel asks which", refuses("cancel", "reminder.cancel", "Which one?")],
  [
    "snooze defaults to 10 minutes",
    { ...snoozes("snooze", "2026-03-27T20:10+01:00"), reply: "until Fri 8:10 PM" },
  ],
  ["snooze N minutes", snoozes("snooze 15", "2026-03-27T20:15+01:00")],
  ["snooze an hour", snoozes("snooze 1h", "2026-03-27T21:00+01:00")],
  ["snooze for N minutes", snoozes("Snooze for 30 minutes", "2026-03-27T20:30+01:00")],
  ["snooze 0 is refused", refuses("snooze 0", "reminder.snooze", "1 min to 24 h")],
  ["snooze past a day is refused", refuses("snooze 2 days", "reminder.snooze", "1 min to 24 h")],
  ["snooze nonsense asks how long", refuses("snooze forever", "reminder.snooze", "how long")],
];

describe("listing, cancelling and snoozing reminders", () => {
  it.each(rows)("%s", (_name, row) => void check(row, ctx));
});

describe("reminder commands with nothing to act on", () => {
  const empty = contextAt(FRIDAY_EVENING, BERLIN);
  it.each<[string, Phrasing]>([
    ["snooze when nothing fired", refuses("snooze", "reminder.snooze", "Nothing to snooze")],
    ["list with no reminders", refuses("reminders", "reminder.list", "No reminders")],
    ["cancel a number with no reminders", refuses("cancel 1", "reminder.cancel", "no reminders")],
    ["cancel all with no reminders", refuses("cancel all", "reminder.cancel", "No reminders")],
  ])("%s", (_name, row) => void check(row, empty));
});

describe("long reminder lists", () => {
  it("are cut to two segments with +N more", () => {
    const many = contextAt(FRIDAY_EVENING, BERLIN, {
      reminders: Array.from({ length: 30 }, (_, i) => ({
        text: `reminder number ${i + 1}`,
        at: "2026-03-28T10:00",
      })),
    });
    const { reply } = interpret("reminders", many);
    expect(segmentsOf(reply)).toBe(2);
    expect(reply).toMatch(/\n\+\d+ more\n/);
  });
});
