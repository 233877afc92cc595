import { describe, expect, it } from "vitest";
import { instantToZoned, weekdayName, zonedToInstant } from "./time.ts";

describe("wall-clock times in the user's zone", () => {
  it("reads a datetime-local value in the user's zone, whatever the browser's", () => {
    expect(zonedToInstant("2026-12-06T09:00", "Europe/Paris")?.toISOString()).toBe(
      "2026-12-06T08:00:00.000Z",
    );
    expect(zonedToInstant("2026-07-06T09:00", "Europe/Paris")?.toISOString()).toBe(
      "2026-07-06T07:00:00.000Z",
    );
    expect(zonedToInstant("2026-12-06T09:00", "America/New_York")?.toISOString()).toBe(
      "2026-12-06T14:00:00.000Z",
    );
  });

  it("keeps the wall time across a DST change", () => {
    // Paris moves to summer time on 29 March 2026 at 02:00.
    expect(zonedToInstant("2026-03-29T09:00", "Europe/Paris")?.toISOString()).toBe(
      "2026-03-29T07:00:00.000Z",
    );
    expect(zonedToInstant("2026-03-28T09:00", "Europe/Paris")?.toISOString()).toBe(
      "2026-03-28T08:00:00.000Z",
    );
  });

  it("refuses what is not a datetime-local value", () => {
    expect(zonedToInstant("demain 9h", "Europe/Paris")).toBeUndefined();
    expect(zonedToInstant("", "Europe/Paris")).toBeUndefined();
  });

  it("writes an instant back as the zone's wall time", () => {
    expect(instantToZoned(new Date("2026-12-06T08:00:00Z"), "Europe/Paris")).toBe("2026-12-06T09:00");
  });

  it("names ISO weekdays in the reader's language", () => {
    expect(weekdayName("fr", 1)).toBe("lundi");
    expect(weekdayName("en", 7)).toBe("Sunday");
  });
});
