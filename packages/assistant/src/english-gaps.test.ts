// English the first tables missed: "I need to …", "I have to …", "don't forget to …" (a task, or a
// reminder when a time is named), "what do I have to do" / "what's left" (the list), and a
// reminder's text that never keeps the command words, wherever the time stands.
import { describe, it } from "vitest";
import { check, contextAt, creates } from "./testing.ts";
import type { Phrasing } from "./testing.ts";

const BERLIN = "Europe/Berlin";
// Friday 27 March 2026, 20:00 in Berlin (CET, +01:00).
const ctx = contextAt("2026-03-27T20:00", BERLIN, { tasks: ["call the bank"] });
const en = (row: Phrasing): Phrasing => ({ ...row, language: "en" });
const adds = (text: string, title: string): Phrasing => ({
  text,
  intent: "task.add",
  actions: [{ type: "task.add", title }],
  reply: `Added "${title}". 2 open tasks.`,
});
const lists = (text: string): Phrasing => ({
  text,
  intent: "task.list",
  actions: [],
  reply: "Tasks:\n1. call the bank",
});

const rows: [string, Phrasing][] = [
  ["I need to …", adds("i need to email the landlord", "email the landlord")],
  ["I need to …, capitalised", adds("I need to email the landlord", "email the landlord")],
  ["I have to …", adds("I have to renew my passport", "renew my passport")],
  ["I must …", adds("I must fix the bike", "fix the bike")],
  ["I gotta …", adds("i gotta clean the fridge", "clean the fridge")],
  ["need to …", adds("need to pay rent", "pay rent")],
  ["don't forget to …", adds("don't forget to buy milk", "buy milk")],
  ["dont forget to …", adds("dont forget to buy milk", "buy milk")],
  [
    "I need to … with a time is a reminder",
    creates("I need to call mum at 6pm tomorrow", "call mum", "2026-03-28T18:00+01:00"),
  ],
  ["I have to … in 30 min", creates("I have to leave in 30 min", "leave", "2026-03-27T20:30+01:00")],
  [
    "don't forget to … tomorrow",
    creates("don't forget to buy milk tomorrow", "buy milk", "2026-03-28T09:00+01:00"),
  ],
  [
    "don't let me forget …",
    creates("don't let me forget to call Sam at 9pm", "call Sam", "2026-03-27T21:00+01:00"),
  ],
  ["what do i have to do", lists("what do i have to do")],
  ["What do I need to do?", lists("What do I need to do?")],
  ["what's left", lists("what's left")],
  ["whats left", lists("whats left")],
  ["what is left?", lists("what is left?")],
  ["what's on my list", lists("what's on my list")],
  [
    "the time first, then remind me",
    creates("in 45 minutes remind me to check the oven", "check the oven", "2026-03-27T20:45+01:00"),
  ],
  ["at 9pm remind me to …", creates("at 9pm remind me to take meds", "take meds", "2026-03-27T21:00+01:00")],
  [
    "tomorrow remind me to …",
    creates("tomorrow remind me to call the bank", "call the bank", "2026-03-28T09:00+01:00"),
  ],
  [
    "every day at 8 remind me to …",
    creates("every day at 8 remind me to stretch", "stretch", "2026-03-28T08:00+01:00", {
      freq: "daily",
      time: "08:00",
    }),
  ],
  ["the words, then remind me", creates("call mom, remind me at 9pm", "call mom", "2026-03-27T21:00+01:00")],
  [
    "the words, then remind me tomorrow",
    creates("water the plants remind me tomorrow at 8", "water the plants", "2026-03-28T08:00+01:00"),
  ],
  ["a typo in the command word", creates("remnid me at 9pm to sleep", "sleep", "2026-03-27T21:00+01:00")],
  ["a typo in tasks", { text: "taks", intent: "task.list", actions: [] }],
];

describe("English additions", () => {
  it.each(rows)("%s", (_, row) => {
    check(en(row), ctx);
  });
});
