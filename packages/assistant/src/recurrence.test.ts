import { describe, expect, it } from "vitest";
import { nextOccurrence } from "./index.ts";
import { check, contextAt, creates } from "./testing.ts";
import type { Phrasing } from "./testing.ts";
import type { Recurrence } from "./types.ts";

const BERLIN = "Europe/Berlin";
const NEW_YORK = "America/New_York";
const LORD_HOWE = "Australia/Lord_Howe"; // DST shifts by 30 minutes

const daily = (time: string): Recurrence => ({ freq: "daily", time });

describe("repeating reminders in natural phrasing (Fri 2026-03-27 20:00, Berlin)", () => {
  const ctx = contextAt("2026-03-27T20:00", BERLIN);
  const weekly = (weekdays: number[], time: string): Recurrence => ({ freq: "weekly", weekdays, time });
  it.each<[string, Phrasing]>([
    [
      "every weekday at 8: first on Monday, after the DST change",
      {
        ...creates("every weekday at 8 standup", "standup", "2026-03-30T08:00+02:00", {
          freq: "weekdays",
          time: "08:00",
        }),
        reply: "weekdays at 8:00 AM",
      },
    ],
    [
      "every day at 7:30",
      creates(
        "remind me every day at 7:30 to meditate",
        "meditate",
        "2026-03-28T07:30+01:00",
        daily("07:30"),
      ),
    ],
    [
      "two named days",
      creates(
        "remind me every monday and thursday at 18:00 to go to the gym",
        "go to the gym",
        "2026-03-30T18:00+02:00",
        weekly([1, 4], "18:00"),
      ),
    ],
    [
      "daily, first later today",
      creates("remind me daily at 9pm to take meds", "take meds", "2026-03-27T21:00+01:00", daily("21:00")),
    ],
    [
      "a repeating day alone is 09:00",
      creates(
        "remind me every friday to water plants",
        "water plants",
        "2026-04-03T09:00+02:00",
        weekly([5], "09:00"),
      ),
    ],
    [
      "on weekdays with a bare afternoon hour",
      creates("remind me on weekdays at 5 to log hours", "log hours", "2026-03-30T17:00+02:00", {
        freq: "weekdays",
        time: "17:00",
      }),
    ],
    [
      "an abbreviated day list",
      creates(
        "remind me every mon, wed, fri at 7am to run",
        "run",
        "2026-03-30T07:00+02:00",
        weekly([1, 3, 5], "07:00"),
      ),
    ],
    [
      "every weekend",
      creates(
        "every weekend at 10 call grandma",
        "call grandma",
        "2026-03-28T10:00+01:00",
        weekly([6, 7], "10:00"),
      ),
    ],
    [
      "plural days after 'on'",
      creates(
        "remind me on tuesdays at 6pm to take out the bins",
        "take out the bins",
        "2026-03-31T18:00+02:00",
        weekly([2], "18:00"),
      ),
    ],
  ])("%s", (_name, row) => void check(row, ctx));
});

describe("nextOccurrence", () => {
  it.each<[string, Recurrence, string, string, string]>([
    [
      "every day at 8 before Berlin springs forward",
      daily("08:00"),
      "2026-03-28T08:00+01:00",
      BERLIN,
      "2026-03-29T08:00+02:00",
    ],
    [
      "every day at 8 after Berlin sprang forward",
      daily("08:00"),
      "2026-03-29T08:00+02:00",
      BERLIN,
      "2026-03-30T08:00+02:00",
    ],
    [
      "every day at 8 when Berlin falls back",
      daily("08:00"),
      "2026-10-24T08:00+02:00",
      BERLIN,
      "2026-10-25T08:00+01:00",
    ],
    [
      "every day at 8 when New York springs forward",
      daily("08:00"),
      "2026-03-07T08:00-05:00",
      NEW_YORK,
      "2026-03-08T08:00-04:00",
    ],
    [
      "every day at 8 when New York falls back",
      daily("08:00"),
      "2026-10-31T08:00-04:00",
      NEW_YORK,
      "2026-11-01T08:00-05:00",
    ],
    [
      "02:30 that does not exist fires when the clocks jump (Berlin)",
      daily("02:30"),
      "2026-03-28T02:30+01:00",
      BERLIN,
      "2026-03-29T03:00+02:00",
    ],
    [
      "…and back at 02:30 the day after",
      daily("02:30"),
      "2026-03-29T03:00+02:00",
      BERLIN,
      "2026-03-30T02:30+02:00",
    ],
    [
      "02:30 that does not exist fires at 03:00 (New York)",
      daily("02:30"),
      "2026-03-07T02:30-05:00",
      NEW_YORK,
      "2026-03-08T03:00-04:00",
    ],
    [
      "02:30 that happens twice takes the first (Berlin)",
      daily("02:30"),
      "2026-10-24T02:30+02:00",
      BERLIN,
      "2026-10-25T02:30+02:00",
    ],
    [
      "…and does not fire again at the second",
      daily("02:30"),
      "2026-10-25T02:30+02:00",
      BERLIN,
      "2026-10-26T02:30+01:00",
    ],
    [
      "01:30 that happens twice takes the first (New York)",
      daily("01:30"),
      "2026-10-31T12:00-04:00",
      NEW_YORK,
      "2026-11-01T01:30-04:00",
    ],
    [
      "a half-hour DST gap (Lord Howe) fires when it ends",
      daily("02:15"),
      "2026-10-03T12:00+10:30",
      LORD_HOWE,
      "2026-10-04T02:30+11:00",
    ],
    [
      "a half-hour overlap (Lord Howe) takes the first",
      daily("01:45"),
      "2026-04-04T12:00+11:00",
      LORD_HOWE,
      "2026-04-05T01:45+11:00",
    ],
    [
      "strictly after: a firing at `after` itself is skipped",
      daily("09:00"),
      "2026-06-01T09:00+02:00",
      BERLIN,
      "2026-06-02T09:00+02:00",
    ],
    ["later the same day", daily("21:00"), "2026-06-01T09:00+02:00", BERLIN, "2026-06-01T21:00+02:00"],
    [
      "weekdays skip the weekend",
      { freq: "weekdays", time: "08:00" },
      "2026-03-27T08:00+01:00",
      BERLIN,
      "2026-03-30T08:00+02:00",
    ],
    [
      "weekly picks the next listed day",
      { freq: "weekly", weekdays: [1, 4], time: "18:00" },
      "2026-03-30T18:00+02:00",
      BERLIN,
      "2026-04-02T18:00+02:00",
    ],
    [
      "weekly on one day waits a week",
      { freq: "weekly", weekdays: [1], time: "18:00" },
      "2026-03-30T18:00+02:00",
      BERLIN,
      "2026-04-06T18:00+02:00",
    ],
    [
      "local date, not UTC date, decides the day (Tokyo)",
      daily("08:00"),
      "2026-03-27T22:00Z",
      "Asia/Tokyo",
      "2026-03-28T08:00+09:00",
    ],
  ])("%s", (...[, rec, after, zone, expected]) => {
    expect(nextOccurrence(rec, new Date(after), zone)).toEqual(new Date(expected));
  });

  it("throws RangeError for a weekly rule with no days", () => {
    expect(() => nextOccurrence({ freq: "weekly", weekdays: [], time: "08:00" }, new Date(), BERLIN)).toThrow(
      RangeError,
    );
  });
});
