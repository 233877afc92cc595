import { describe, it } from "vitest";
import { check, contextAt, refuses } from "./testing.ts";
import type { Phrasing } from "./testing.ts";
import type { QuietHours } from "./types.ts";

const ctx = contextAt("2026-03-27T20:00", "Europe/Berlin", { quiet: { start: "22:00", end: "07:00" } });

const setsZone = (text: string, timeZone: string): Phrasing => ({
  text,
  intent: "preferences.timezone",
  actions: [{ type: "preferences.set", timeZone }],
});
const setsQuiet = (text: string, quietHours: QuietHours | null): Phrasing => ({
  text,
  intent: "preferences.quiet",
  actions: [{ type: "preferences.set", quietHours }],
});

describe("time zone", () => {
  it.each<[string, Phrasing]>([
    ["tz <IANA zone>", { ...setsZone("tz Europe/Berlin", "Europe/Berlin"), reply: "It's Fri 8:00 PM there" }],
    [
      "timezone <zone>, reply in the new zone",
      { ...setsZone("timezone America/New_York", "America/New_York"), reply: "Fri 3:00 PM" },
    ],
    ["lower case is canonicalised", setsZone("time zone america/los_angeles", "America/Los_Angeles")],
    ["a city with a space", setsZone("tz new york", "America/New_York")],
    ["a city alone when one zone has it", setsZone("tz Tokyo", "Asia/Tokyo")],
    ["set timezone to <zone>", setsZone("set timezone to Asia/Kolkata", "Asia/Kolkata")],
    ["UTC", setsZone("tz utc", "UTC")],
    [
      "an unknown zone is refused",
      refuses("tz Mars/Olympus_Mons", "preferences.timezone", "I don't know the time zone"),
    ],
    [
      "garbage is refused",
      refuses("tz ;DROP TABLE users", "preferences.timezone", "I don't know the time zone"),
    ],
    [
      "tz alone says the current zone",
      refuses("tz", "preferences.timezone", "Your time zone is Europe/Berlin"),
    ],
  ])("%s", (_name, row) => void check(row, ctx));
});

describe("quiet hours command", () => {
  it.each<[string, Phrasing]>([
    ["quiet 22-7", { ...setsQuiet("quiet 22-7", { start: "22:00", end: "07:00" }), reply: "22:00-07:00" }],
    ["quiet 22:30-07:00", setsQuiet("quiet 22:30-07:00", { start: "22:30", end: "07:00" })],
    ["quiet 10pm-7am", setsQuiet("quiet 10pm-7am", { start: "22:00", end: "07:00" })],
    ["quiet hours 23 to 6", setsQuiet("quiet hours 23 to 6", { start: "23:00", end: "06:00" })],
    ["a window that does not wrap", setsQuiet("quiet 13-15", { start: "13:00", end: "15:00" })],
    ["quiet off", { ...setsQuiet("quiet off", null), reply: "Quiet hours off" }],
    ["quiet alone shows the window", refuses("quiet", "preferences.quiet", "Quiet hours: 22:00-07:00")],
    ["equal start and end is refused", refuses("quiet 22-22", "preferences.quiet", "must differ")],
    ["hour 25 is refused", refuses("quiet 25-7", "preferences.quiet", "Give a range like")],
    ["words are refused", refuses("quiet whenever", "preferences.quiet", "Give a range like")],
  ])("%s", (_name, row) => void check(row, ctx));
});
