import { describe, expect, it } from "vitest";
import { endOfQuiet, isQuiet } from "./index.ts";
import type { QuietHours } from "./types.ts";

const BERLIN = "Europe/Berlin";
const NIGHT: QuietHours = { start: "22:00", end: "07:00" };
const LUNCH: QuietHours = { start: "13:00", end: "15:00" };

describe("isQuiet", () => {
  it.each<[string, string, QuietHours | null, boolean]>([
    ["a minute before the window", "2026-06-01T21:59+02:00", NIGHT, false],
    ["the start minute is quiet", "2026-06-01T22:00+02:00", NIGHT, true],
    ["late evening", "2026-06-01T23:30+02:00", NIGHT, true],
    ["just after midnight (wrapped)", "2026-06-02T00:10+02:00", NIGHT, true],
    ["the small hours", "2026-06-02T03:00+02:00", NIGHT, true],
    ["the last quiet minute", "2026-06-02T06:59+02:00", NIGHT, true],
    ["the end minute is not quiet", "2026-06-02T07:00+02:00", NIGHT, false],
    ["midday", "2026-06-02T12:00+02:00", NIGHT, false],
    ["inside a window that does not wrap", "2026-06-02T14:00+02:00", LUNCH, true],
    ["before a window that does not wrap", "2026-06-02T12:59+02:00", LUNCH, false],
    ["after a window that does not wrap", "2026-06-02T15:00+02:00", LUNCH, false],
    ["no quiet hours", "2026-06-02T03:00+02:00", null, false],
    ["an empty window (start = end)", "2026-06-02T03:00+02:00", { start: "05:00", end: "05:00" }, false],
    ["wall clock across spring forward (03:30 CEST)", "2026-03-29T03:30+02:00", NIGHT, true],
    ["wall clock after fall back (06:30 CET)", "2026-10-25T06:30+01:00", NIGHT, true],
  ])("%s", (...[, at, quiet, expected]) => {
    expect(isQuiet(new Date(at), quiet, BERLIN)).toBe(expected);
  });

  it("reads the wall clock of the given zone", () => {
    const at = new Date("2026-06-02T04:00:00Z"); // 06:00 in Berlin, 00:00 in New York, 13:00 in Tokyo
    expect(isQuiet(at, NIGHT, BERLIN)).toBe(true);
    expect(isQuiet(at, NIGHT, "America/New_York")).toBe(true);
    expect(isQuiet(at, NIGHT, "Asia/Tokyo")).toBe(false);
  });
});

describe("endOfQuiet", () => {
  it.each<[string, string, QuietHours, string]>([
    ["late evening waits for tomorrow morning", "2026-06-01T23:00+02:00", NIGHT, "2026-06-02T07:00+02:00"],
    [
      "the start minute waits for tomorrow morning",
      "2026-06-01T22:00+02:00",
      NIGHT,
      "2026-06-02T07:00+02:00",
    ],
    ["after midnight waits for this morning", "2026-06-02T03:00+02:00", NIGHT, "2026-06-02T07:00+02:00"],
    ["outside the window it is `at` itself", "2026-06-02T12:00+02:00", NIGHT, "2026-06-02T12:00+02:00"],
    ["a window that does not wrap ends today", "2026-06-02T14:00+02:00", LUNCH, "2026-06-02T15:00+02:00"],
    [
      "the night the clocks go forward ends at 07:00 CEST",
      "2026-03-28T23:00+01:00",
      NIGHT,
      "2026-03-29T07:00+02:00",
    ],
    [
      "the night the clocks go back ends at 07:00 CET",
      "2026-10-24T23:00+02:00",
      NIGHT,
      "2026-10-25T07:00+01:00",
    ],
    [
      "an end inside the spring-forward gap is when the clocks jump",
      "2026-03-29T01:00+01:00",
      { start: "00:00", end: "02:30" },
      "2026-03-29T03:00+02:00",
    ],
    [
      "an end that happens twice is the first",
      "2026-10-25T01:00+02:00",
      { start: "00:00", end: "02:30" },
      "2026-10-25T02:30+02:00",
    ],
  ])("%s", (...[, at, quiet, expected]) => {
    expect(endOfQuiet(new Date(at), quiet, BERLIN)).toEqual(new Date(expected));
  });
});
