import { describe, expect, it } from "vitest";
import { interpret } from "./index.ts";
import { contextAt, segmentsOf } from "./testing.ts";

const BERLIN = "Europe/Berlin";

describe("today's plan", () => {
  it("shows the top three tasks, today's reminders in local time and the latest energy", () => {
    const ctx = contextAt("2026-03-27T08:00", BERLIN, {
      tasks: ["call the bank", "buy milk", "book dentist", "file taxes", "fix bike"],
      reminders: [
        { text: "take meds", at: "2026-03-27T21:00" },
        { text: "stand-up", at: "2026-03-27T09:30" },
        { text: "water plants", at: "2026-03-28T10:00" },
      ],
      energy: [2, 4],
    });
    const result = interpret("today", ctx);
    expect(result).toMatchObject({ intent: "plan.today", actions: [] });
    expect(result.reply).toBe(
      [
        "Today:",
        "Tasks:",
        "1. call the bank",
        "2. buy milk",
        "3. book dentist",
        "+2 more ('tasks')",
        "Reminders:",
        "9:00 PM take meds",
        "9:30 AM stand-up",
        "Energy: 4/5",
      ].join("\n"),
    );
  });

  it("uses the user's zone to decide what is today", () => {
    // 23:30 in New York is already tomorrow in Berlin; the reminder at 00:30 NY time is tomorrow.
    const ctx = contextAt("2026-03-27T23:30", "America/New_York", {
      reminders: [
        { text: "late call", at: "2026-03-27T23:45" },
        { text: "tomorrow thing", at: "2026-03-28T00:30" },
      ],
    });
    const { reply } = interpret("plan", ctx);
    expect(reply).toContain("11:45 PM late call");
    expect(reply).not.toContain("tomorrow thing");
    expect(reply).toContain("Energy? Text 'energy 1-5'.");
  });

  it("says how to start when nothing is planned", () => {
    const { reply } = interpret("What's today?", contextAt("2026-03-27T08:00", BERLIN));
    expect(reply).toContain("Nothing planned");
    expect(segmentsOf(reply)).toBe(1);
  });

  it("stays within two segments with long titles and many items", () => {
    const long = "a very long task title that goes on and on about many different things";
    const ctx = contextAt("2026-03-27T08:00", BERLIN, {
      tasks: Array.from({ length: 40 }, () => long),
      reminders: Array.from({ length: 10 }, () => ({ text: long, at: "2026-03-27T20:00" })),
    });
    expect(segmentsOf(interpret("today", ctx).reply)).toBeLessThanOrEqual(2);
  });
});
