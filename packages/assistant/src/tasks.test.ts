import { describe, expect, it } from "vitest";
import { interpret } from "./index.ts";
import { check, contextAt, refuses, segmentsOf } from "./testing.ts";
import type { Phrasing } from "./testing.ts";
import type { Action } from "./types.ts";

const ctx = contextAt("2026-03-27T20:00", "Europe/Berlin", {
  tasks: ["call the bank", "buy milk", "book dentist"],
});

const adds = (text: string, title: string): Phrasing => ({
  text,
  intent: "task.add",
  actions: [{ type: "task.add", title }],
});
const changes = (text: string, type: "task.complete" | "task.delete", ...numbers: number[]): Phrasing => ({
  text,
  intent: type,
  actions: numbers.map((n): Action => ({ type, taskId: `task-${n}` })),
});

const rows: [string, Phrasing][] = [
  [
    "add task <title>",
    { ...adds("add task call mom", "call mom"), reply: 'Added "call mom". 4 open tasks.' },
  ],
  ["add <title>", adds("add call the landlord", "call the landlord")],
  ["todo <title>", adds("todo buy eggs", "buy eggs")],
  ["a leading please, a colon and a full stop", adds("Please add: renew passport.", "renew passport")],
  ["task: <title>", adds("task: water plants", "water plants")],
  ["new task <title>", adds("new task file taxes", "file taxes")],
  ["the title keeps the user's case", adds("add Email Dr. Smith", "Email Dr. Smith")],
  ["an open task is not added twice", refuses("add call the bank", "task.add", "already task 1")],
  ["a bare add asks what", refuses("add", "task.add", "Add what?")],
  [
    "'tasks' lists them numbered",
    {
      text: "tasks",
      intent: "task.list",
      actions: [],
      reply: "1. call the bank\n2. buy milk\n3. book dentist",
    },
  ],
  ["'list' lists them", { text: "list", intent: "task.list", actions: [] }],
  ["'todo' alone lists them", { text: "todo", intent: "task.list", actions: [] }],
  ["'show my tasks' lists them", { text: "show my tasks", intent: "task.list", actions: [] }],
  ["done N", { ...changes("done 2", "task.complete", 2), reply: 'Done: "buy milk". Nice work! 2 left.' }],
  ["did N", changes("did 2", "task.complete", 2)],
  ["complete N", changes("complete 2", "task.complete", 2)],
  ["finished N", changes("Finished 1!", "task.complete", 1)],
  ["done several with commas", changes("done 1, 3", "task.complete", 1, 3)],
  ["done several with and", changes("done 1 and 3", "task.complete", 1, 3)],
  ["done #N", changes("done #3", "task.complete", 3)],
  ["done by the title's words", changes("done milk", "task.complete", 2)],
  ["done out of range", refuses("done 4", "task.complete", "There's no task 4: you have 3 tasks")],
  ["done 0 is out of range", refuses("done 0", "task.complete", "no task 0")],
  ["bare done asks which", refuses("done", "task.complete", "Which task?")],
  ["done with words that match nothing", refuses("done taxes", "task.complete", "No task matches")],
  ["delete N", { ...changes("delete 3", "task.delete", 3), reply: 'Deleted "book dentist". 2 left.' }],
  ["remove N", changes("remove 3", "task.delete", 3)],
  ["delete task N", changes("delete task 1", "task.delete", 1)],
  ["delete by title", changes("delete buy milk", "task.delete", 2)],
  ["delete out of range", refuses("delete 7", "task.delete", "There's no task 7")],
];

describe("tasks (three open: call the bank, buy milk, book dentist)", () => {
  it.each(rows)("%s", (_name, row) => void check(row, ctx));
});

describe("tasks with no open tasks", () => {
  const empty = contextAt("2026-03-27T20:00", "Europe/Berlin");
  it.each<[string, Phrasing]>([
    ["the list says how to add one", refuses("tasks", "task.list", "add call the bank")],
    ["done N says there are none", refuses("done 1", "task.complete", "no open tasks")],
    ["the first add counts one open task", { ...adds("add call mom", "call mom"), reply: "1 open task." }],
  ])("%s", (_name, row) => void check(row, empty));
});

describe("task titles and lists stay small", () => {
  it("an ambiguous title asks which number", () => {
    const twoCalls = contextAt("2026-03-27T20:00", "Europe/Berlin", { tasks: ["call mom", "call the bank"] });
    check(refuses("done call", "task.complete", "matches tasks 1, 2"), twoCalls);
  });

  it("a long title is stored up to 200 characters; the reply stays one segment", () => {
    const long = "sort out the paperwork for the car insurance renewal ".repeat(8).trim();
    const result = interpret(`add ${long}`, ctx);
    const [action] = result.actions;
    expect(action?.type === "task.add" && action.title.length).toBeLessThanOrEqual(200);
    expect(segmentsOf(result.reply)).toBe(1);
  });

  it("a list of 60 tasks is cut to two segments with +N more", () => {
    const many = contextAt("2026-03-27T20:00", "Europe/Berlin", {
      tasks: Array.from({ length: 60 }, (_, i) => `task number ${i + 1} with a longish title`),
    });
    const { reply } = interpret("tasks", many);
    expect(segmentsOf(reply)).toBe(2);
    expect(reply).toMatch(/\n\+\d+ more\n/);
  });
});
