import { describe, expect, it } from "vitest";
import { HELP_REPLY, UNKNOWN_REPLIES } from "./help.ts";
import { interpret } from "./index.ts";
import { check, contextAt, segmentsOf } from "./testing.ts";
import type { Phrasing } from "./testing.ts";

const ctx = contextAt("2026-03-27T20:00", "Europe/Berlin", {
  tasks: ["call the bank"],
  reminders: [{ text: "take meds", at: "2026-03-27T21:00" }],
  lastFired: { text: "take meds", at: "2026-03-27T19:55" },
});

const help = (text: string): Phrasing => ({ text, intent: "help", actions: [], reply: HELP_REPLY });
const unknown = (text: string, reply: string): Phrasing => ({ text, intent: "unknown", actions: [], reply });

describe("help", () => {
  it.each<[string, Phrasing]>([
    ["help", help("help")],
    ["HELP, Twilio's keyword", help("HELP")],
    ["a question mark", help("?")],
    ["several question marks", help(" ??? ")],
    ["commands", help("commands")],
    ["please help!", help("please help!")],
  ])("%s", (_name, row) => void check(row, ctx));

  it("fits two segments", () => {
    expect(segmentsOf(HELP_REPLY)).toBeLessThanOrEqual(2);
  });
});

describe("input the engine does not understand gets a short pointer", () => {
  it.each<[string, Phrasing]>([
    ["empty", unknown("", UNKNOWN_REPLIES.empty)],
    ["whitespace only", unknown(" \n\t  ", UNKNOWN_REPLIES.empty)],
    ["keyboard mash", unknown("asdf qwer zxcv", UNKNOWN_REPLIES.other)],
    ["punctuation only", unknown("!!!...,,,", UNKNOWN_REPLIES.other)],
    ["emoji only", unknown("🙂🙂🙂", UNKNOWN_REPLIES.other)],
    ["a thumbs up", unknown("👍", UNKNOWN_REPLIES.other)],
    ["a bare number", unknown("42", UNKNOWN_REPLIES.other)],
    ["Russian", unknown("напомни мне позвонить маме", UNKNOWN_REPLIES.script)],
    ["Chinese", unknown("明天", UNKNOWN_REPLIES.script)],
    ["Arabic", unknown("ذكرني غدا", UNKNOWN_REPLIES.script)],
    ["markup", unknown("<script>alert(1)</script>", UNKNOWN_REPLIES.other)],
    ["SQL", unknown("'; DROP TABLE tasks; --", UNKNOWN_REPLIES.other)],
    ["a day word alone", unknown("tomorrow", UNKNOWN_REPLIES.other)],
    ["5,000 characters", unknown("x".repeat(5000), UNKNOWN_REPLIES.long)],
    [
      "a valid command padded past 1,600 characters",
      unknown(`add ${"y".repeat(1600)}`, UNKNOWN_REPLIES.long),
    ],
  ])("%s", (_name, row) => void check(row, ctx));
});

describe("robustness", () => {
  // A small deterministic generator (mulberry32) so a failure is reproducible.
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const pieces = [
    "remind me ",
    "at ",
    "9",
    ":",
    "30",
    "pm",
    " in ",
    "every ",
    "mon",
    " and ",
    "done ",
    "cancel ",
    "snooze ",
    "focus ",
    "energy ",
    "tz ",
    "quiet ",
    "-",
    "tomorrow",
    " ",
    "🙂",
    "я",
    "0",
    "99",
    "h",
    "min",
    ",",
    "!",
  ];

  it("never throws and always answers within two segments, for 2,000 generated messages", () => {
    const next = random(42);
    for (let i = 0; i < 2000; i += 1) {
      const text = Array.from(
        { length: 1 + Math.floor(next() * 8) },
        () => pieces[Math.floor(next() * pieces.length)],
      ).join("");
      const result = interpret(text, ctx);
      expect(result.reply.length, text).toBeGreaterThan(0);
      expect(segmentsOf(result.reply), text).toBeLessThanOrEqual(2);
      for (const action of result.actions) {
        if ("dueAt" in action) expect(action.dueAt.getTime(), text).toBeGreaterThan(ctx.now.getTime());
      }
    }
  });

  it("an unknown zone in the context is read as UTC rather than failing", () => {
    const broken = { ...ctx, timeZone: "Not/AZone" };
    const result = interpret("remind me at 9pm to stretch", broken);
    expect(result.actions).toEqual([
      { type: "reminder.create", text: "stretch", dueAt: new Date("2026-03-27T21:00Z"), recurrence: null },
    ]);
  });

  it("is deterministic: the same input and context give the same result", () => {
    expect(interpret("remind me every weekday at 8 to stretch", ctx)).toEqual(
      interpret("remind me every weekday at 8 to stretch", ctx),
    );
  });
});
