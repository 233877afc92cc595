import { describe, it } from "vitest";
import { check, contextAt, refuses } from "./testing.ts";
import type { Phrasing } from "./testing.ts";

const BERLIN = "Europe/Berlin";
const idle = contextAt("2026-03-27T20:00", BERLIN);
// A 25-minute session that started at 19:50 and ends at 20:15.
const focusing = contextAt("2026-03-27T20:00", BERLIN, {
  focus: { minutes: 25, endsAt: "2026-03-27T20:15" },
});

const starts = (text: string, minutes: number, endsAt: string): Phrasing => ({
  text,
  intent: "focus.start",
  actions: [{ type: "focus.start", minutes, endsAt: new Date(endsAt) }],
});
const records = (text: string, level: number, note: string | null): Phrasing => ({
  text,
  intent: text.toLowerCase().startsWith("mood") ? "mood.record" : "energy.record",
  actions: [{ type: "energy.record", level, note }],
});

describe("focus sessions", () => {
  it.each<[string, Phrasing]>([
    [
      "focus alone is 25 minutes",
      { ...starts("focus", 25, "2026-03-27T20:25+01:00"), reply: "until Fri 8:25 PM" },
    ],
    ["focus N", starts("focus 25", 25, "2026-03-27T20:25+01:00")],
    ["focus 90", starts("focus 90", 90, "2026-03-27T21:30+01:00")],
    ["focus 1h", starts("focus 1h", 60, "2026-03-27T21:00+01:00")],
    ["focus for N minutes", starts("focus for 45 minutes", 45, "2026-03-27T20:45+01:00")],
    ["focus N with a label", starts("focus 50 on taxes", 50, "2026-03-27T20:50+01:00")],
    [
      "more than 3 hours is capped at 180",
      { ...starts("focus 240", 180, "2026-03-27T23:00+01:00"), reply: "Capped at 3 h" },
    ],
    ["focus 0 is refused", refuses("focus 0", "focus.start", "at least 1 minute")],
    ["stop focus with none running", refuses("stop focus", "focus.stop", "No focus session running")],
  ])("%s", (_name, row) => void check(row, idle));

  it.each<[string, Phrasing]>([
    [
      "stop focus",
      { text: "stop focus", intent: "focus.stop", actions: [{ type: "focus.stop" }], reply: "after 10 min" },
    ],
    ["done focus", { text: "done focus", intent: "focus.stop", actions: [{ type: "focus.stop" }] }],
    ["focus off", { text: "focus off", intent: "focus.stop", actions: [{ type: "focus.stop" }] }],
    ["end focus", { text: "End focus.", intent: "focus.stop", actions: [{ type: "focus.stop" }] }],
    ["focus alone reports the running session", refuses("focus", "focus.status", "15 min left")],
    ["focus N restarts", { ...starts("focus 30", 30, "2026-03-27T20:30+01:00"), reply: "Restarted focus" }],
  ])("while focusing: %s", (_name, row) => void check(row, focusing));
});

describe("energy and mood check-ins", () => {
  it.each<[string, Phrasing]>([
    ["energy N", { ...records("energy 3", 3, null), reply: "Energy 3/5 logged" }],
    ["energy N with a note", records("energy 4 tired but ok", 4, "tired but ok")],
    ["energy: N/5", records("Energy: 2/5", 2, null)],
    ["energy N, note after a comma", records("energy 1, migraine", 1, "migraine")],
    ["mood N", { ...records("mood 2", 2, "mood"), reply: "Mood 2/5 logged" }],
    ["mood N with a note", records("mood 4 great walk", 4, "mood: great walk")],
    ["energy 0 is out of range", refuses("energy 0", "energy.record", "from 1 (low) to 5 (high)")],
    ["energy 6 is out of range", refuses("energy 6", "energy.record", "from 1 (low) to 5 (high)")],
    ["energy alone asks for a number", refuses("energy", "energy.record", "e.g. 'energy 3'")],
    ["energy in words asks for a number", refuses("energy tired", "energy.record", "e.g. 'energy 3'")],
    ["mood 3.5 asks for a whole number", refuses("mood 3.5", "mood.record", "e.g. 'mood 3'")],
  ])("%s", (_name, row) => void check(row, idle));
});
