import { describe, expect, it } from "vitest";
import { interpret } from "./index.ts";
import { check, contextAt, creates, refuses, segmentsOf } from "./testing.ts";
import type { Phrasing } from "./testing.ts";

const BERLIN = "Europe/Berlin";
// Friday 27 March 2026, 20:00 in Berlin (CET, +01:00); clocks go forward on Sunday the 29th.
const ctx = contextAt("2026-03-27T20:00", BERLIN);

const oneOff: [string, Phrasing][] = [
  [
    "a pm time later today is today",
    {
      ...creates("remind me to take my meds at 9pm", "take my meds", "2026-03-27T21:00+01:00"),
      reply: "Fri 9:00 PM",
    },
  ],
  [
    "the time may come before the text",
    creates("remind me at 9:30 to stretch", "stretch", "2026-03-27T21:30+01:00"),
  ],
  [
    "a pm time already past today is tomorrow",
    { ...creates("Remind me at 7pm to cook", "cook", "2026-03-28T19:00+01:00"), reply: "Sat 7:00 PM" },
  ],
  [
    "a bare hour is the next time the clock shows it",
    creates("remind me at 8 to walk the dog", "walk the dog", "2026-03-28T08:00+01:00"),
  ],
  [
    "a bare hour whose am and pm have both passed is tomorrow, 1-6 in the afternoon",
    creates("remind me at 3 to call the school", "call the school", "2026-03-28T15:00+01:00"),
  ],
  ["a dangling 'to' is not the text", creates("remind me at 9 pm to", "Reminder", "2026-03-27T21:00+01:00")],
  [
    "24-hour times are literal",
    creates("remind me at 21:45 to journal", "journal", "2026-03-27T21:45+01:00"),
  ],
  ["noon", creates("remind me at noon to eat", "eat", "2026-03-28T12:00+01:00")],
  ["midnight", creates("remind me at midnight to sleep", "sleep", "2026-03-28T00:00+01:00")],
  [
    "p.m. with dots, please and shouting",
    creates("PLEASE remind me to take meds at 9 p.m.!", "take meds", "2026-03-27T21:00+01:00"),
  ],
  [
    "minutes from now",
    creates("remind me in 20 min to check the oven", "check the oven", "2026-03-27T20:20+01:00"),
  ],
  ["hours from now", creates("remind me in 2 hours to call back", "call back", "2026-03-27T22:00+01:00")],
  [
    "seconds from now",
    creates("remind me to stand up in 30 seconds", "stand up", "2026-03-27T20:00:30+01:00"),
  ],
  ["seconds, abbreviated", creates("in 45 sec drink water", "drink water", "2026-03-27T20:00:45+01:00")],
  ["hours and minutes as 1h30", creates("remind me in 1h30 to leave", "leave", "2026-03-27T21:30+01:00")],
  [
    "hours and minutes in words",
    creates("remind me in 1 hour and 15 minutes to leave", "leave", "2026-03-27T21:15+01:00"),
  ],
  ["an hour", creates("remind me in an hour to stretch", "stretch", "2026-03-27T21:00+01:00")],
  ["half an hour", creates("remind me in half an hour to stretch", "stretch", "2026-03-27T20:30+01:00")],
  [
    "the text may come before a relative time",
    creates("remind me to check the oven in 45 mins", "check the oven", "2026-03-27T20:45+01:00"),
  ],
  ["tomorrow with am", creates("remind me tomorrow 8am to call mom", "call mom", "2026-03-28T08:00+01:00")],
  [
    "tomorrow at a bare 8 is the morning",
    creates("remind me to call mom tomorrow at 8", "call mom", "2026-03-28T08:00+01:00"),
  ],
  [
    "a bare 5 with a day is the afternoon",
    creates("remind me tomorrow at 5 to buy flowers", "buy flowers", "2026-03-28T17:00+01:00"),
  ],
  [
    "a day alone means 09:00 (today's has passed, so next Friday, after DST)",
    {
      ...creates("remind me to pay rent on Friday", "pay rent", "2026-04-03T09:00+02:00"),
      reply: "Fri Apr 3 9:00 AM",
    },
  ],
  [
    "a weekday with a time",
    creates("remind me on saturday at 5pm to pay rent", "pay rent", "2026-03-28T17:00+01:00"),
  ],
  [
    "an abbreviated weekday after 'on', on the DST day",
    creates("remind me on sun at 9 to water plants", "water plants", "2026-03-29T09:00+02:00"),
  ],
  [
    "next friday skips today",
    creates("remind me next friday at 5 to submit the report", "submit the report", "2026-04-03T17:00+02:00"),
  ],
  [
    "tonight makes a bare hour evening",
    creates("remind me tonight at 11 to lock up", "lock up", "2026-03-27T23:00+01:00"),
  ],
  [
    "an ISO date",
    creates(
      "remind me 2026-04-01 at 10am to renew my passport",
      "renew my passport",
      "2026-04-01T10:00+02:00",
    ),
  ],
  [
    "in 3 days at a time",
    creates("remind me in 3 days at 9am to follow up", "follow up", "2026-03-30T09:00+02:00"),
  ],
  [
    "set a reminder for …",
    creates("set a reminder for 6pm tomorrow to cook", "cook", "2026-03-28T18:00+01:00"),
  ],
  ["no text is a plain 'Reminder'", creates("remind me at 9pm", "Reminder", "2026-03-27T21:00+01:00")],
  [
    "a message that starts with a clock time",
    creates("at 9pm take meds", "take meds", "2026-03-27T21:00+01:00"),
  ],
  [
    "a message that starts with a duration",
    creates("in 20 min stretch", "stretch", "2026-03-27T20:20+01:00"),
  ],
  [
    "a message that starts with tomorrow",
    creates("tomorrow 8am dentist", "dentist", "2026-03-28T08:00+01:00"),
  ],
];

const refused: [string, Phrasing][] = [
  ["a time earlier today", refuses("remind me today at 8am to stretch", "reminder.create", "already passed")],
  ["a date in the past", refuses("remind me 2026-03-01 to file taxes", "reminder.create", "already passed")],
  ["zero minutes from now", refuses("remind me in 0 min to stretch", "reminder.create", "already passed")],
  [
    "more seconds than a quarter hour",
    refuses("remind me in 999 sec to stretch", "reminder.create", "can't read"),
  ],
  [
    "repeats the rule cannot express",
    refuses("remind me every 2 hours to drink", "reminder.create", "every mon and thu"),
  ],
  [
    "an impossible clock time",
    refuses("remind me at 25:00 to stretch", "reminder.create", "can't read the time"),
  ],
  ["13pm", refuses("remind me at 13pm to stretch", "reminder.create", "can't read the time")],
  [
    "no time: asks when, echoing the text",
    refuses("remind me to call mom", "reminder.create", "'remind me to call mom at 9pm'"),
  ],
  ["nothing at all: asks what and when", refuses("remind me", "reminder.create", "Remind you of what")],
  [
    "tonight without a time after 8pm: asks for one",
    refuses("remind me tonight to call", "reminder.create", "What time tonight?"),
  ],
  [
    "today without a time: asks for one",
    refuses("remind me today to call the school", "reminder.create", "What time?"),
  ],
];

describe("reminders in natural phrasing (Fri 20:00, Europe/Berlin)", () => {
  it.each(oneOff)("one-off: %s", (_name, row) => void check(row, ctx));
  it.each(refused)("refused: %s", (_name, row) => void check(row, ctx));
});

describe("reminders across a DST change", () => {
  const NEW_YORK = "America/New_York";
  it.each<[string, { local: string; zone: string; text: string; dueAt: string }]>([
    [
      "tomorrow 8am, Berlin spring forward",
      { local: "2026-03-28T20:00", zone: BERLIN, text: "tomorrow 8am", dueAt: "2026-03-29T08:00+02:00" },
    ],
    [
      "tomorrow 8am, Berlin fall back",
      { local: "2026-10-24T20:00", zone: BERLIN, text: "tomorrow 8am", dueAt: "2026-10-25T08:00+01:00" },
    ],
    [
      "tomorrow 8am, New York spring forward",
      { local: "2026-03-07T20:00", zone: NEW_YORK, text: "tomorrow 8am", dueAt: "2026-03-08T08:00-04:00" },
    ],
    [
      "tomorrow 8am, New York fall back",
      { local: "2026-10-31T20:00", zone: NEW_YORK, text: "tomorrow 8am", dueAt: "2026-11-01T08:00-05:00" },
    ],
    [
      "a time in the spring-forward gap moves to when the clocks jump (03:00)",
      {
        local: "2026-03-28T20:00",
        zone: BERLIN,
        text: "tomorrow at 2:30am",
        dueAt: "2026-03-29T03:00+02:00",
      },
    ],
    [
      "a time that happens twice takes the first",
      {
        local: "2026-10-24T20:00",
        zone: BERLIN,
        text: "tomorrow at 2:30am",
        dueAt: "2026-10-25T02:30+02:00",
      },
    ],
    [
      "a duration counts real minutes over the jump",
      { local: "2026-03-29T01:30", zone: BERLIN, text: "in 1 hour", dueAt: "2026-03-29T03:30+02:00" },
    ],
  ])("%s", (_name, { local, zone, text, dueAt }) => {
    check(creates(`remind me ${text} to run`, "run", dueAt), contextAt(local, zone));
  });
});

describe("reminder replies stay short", () => {
  it("a very long reminder text is kept up to 200 characters and shortened in the reply", () => {
    const long = "call the insurance company about the claim ".repeat(10).trim();
    const result = interpret(`remind me at 9pm to ${long}`, ctx);
    const [action] = result.actions;
    expect(action?.type === "reminder.create" && action.text.length).toBeLessThanOrEqual(200);
    expect(action?.type === "reminder.create" && action.text.startsWith("call the insurance company")).toBe(
      true,
    );
    expect(segmentsOf(result.reply)).toBe(1);
  });

  it("an emoji in the text still fits one (UCS-2) segment", () => {
    const result = interpret(
      "remind me at 9pm to water the 🌱 plants on the balcony and the kitchen window",
      ctx,
    );
    expect(result.intent).toBe("reminder.create");
    expect(segmentsOf(result.reply)).toBe(1);
  });
});
