// Test builders: an EngineContext at a local wall-clock time in a zone, with only the state a
// case needs, and the table runner's checks (intent, actions, reply size).
import { appendFileSync } from "node:fs";
import { countSegments } from "@phoenix/twilio/segments";
import { DateTime } from "luxon";
import { expect } from "vitest";
import { interpret } from "./index.ts";
import type { Language } from "./language.ts";
import type { Action, EngineContext, EngineResult, QuietHours, Recurrence, ReminderView } from "./types.ts";

/** The instant a local ISO time ("2026-03-28T08:00") names in `timeZone`. */
export function instant(local: string, timeZone: string): Date {
  const parsed = DateTime.fromISO(local, { zone: timeZone });
  if (!parsed.isValid) throw new Error(`bad local time ${local} in ${timeZone}`);
  return parsed.toJSDate();
}

export interface ReminderSpec {
  text: string;
  /** Local ISO time. */
  at: string;
  recurrence?: Recurrence;
}

export interface ContextOptions {
  tasks?: string[];
  reminders?: ReminderSpec[];
  lastFired?: ReminderSpec;
  /** A focus session of `minutes` ending at the local time `endsAt`. */
  focus?: { minutes: number; endsAt: string };
  energy?: number[];
  quiet?: QuietHours;
  /** The user's language; "en" unless given. */
  language?: Language;
}

function reminderView(spec: ReminderSpec, index: number, timeZone: string): ReminderView {
  return {
    id: `reminder-${index + 1}`,
    text: spec.text,
    dueAt: instant(spec.at, timeZone),
    recurrence: spec.recurrence ?? null,
  };
}

/** A context whose clock reads `local` in `timeZone`; tasks get ids task-1…, reminders reminder-1…. */
export function contextAt(local: string, timeZone: string, options: ContextOptions = {}): EngineContext {
  const now = instant(local, timeZone);
  return {
    now,
    language: options.language ?? "en",
    timeZone,
    quietHours: options.quiet ?? null,
    openTasks: (options.tasks ?? []).map((title, index) => ({
      id: `task-${index + 1}`,
      title,
      createdAt: new Date(now.getTime() - (100 - index) * 60_000),
    })),
    reminders: (options.reminders ?? []).map((spec, index) => reminderView(spec, index, timeZone)),
    lastFired: options.lastFired ? { ...reminderView(options.lastFired, 0, timeZone), id: "fired-1" } : null,
    focus: options.focus
      ? { minutes: options.focus.minutes, endsAt: instant(options.focus.endsAt, timeZone) }
      : null,
    energyToday: options.energy ?? [],
  };
}

/** One row of a phrasing table. */
export interface Phrasing {
  text: string;
  intent: string;
  /** The exact actions; [] when the request is refused or only answered. */
  actions?: Action[];
  /** Something the reply must contain or match. */
  reply?: string | RegExp;
  /** The language the reply must be written in. */
  language?: Language;
}

/** A reminder.create row: the reminder's text and due instant (ISO with offset: exact, not via luxon). */
export function creates(
  text: string,
  reminder: string,
  dueAt: string,
  recurrence: Recurrence | null = null,
): Phrasing {
  const action: Action = { type: "reminder.create", text: reminder, dueAt: new Date(dueAt), recurrence };
  return { text, intent: "reminder.create", actions: [action] };
}

/** A row whose request is understood but refused: no actions, a reply containing `reply`. */
export function refuses(text: string, intent: string, reply: string | RegExp): Phrasing {
  return { text, intent, actions: [], reply };
}

/** Replies that grow with the user's data (or list commands) may use two segments; all others one. */
const TWO_SEGMENT_INTENTS = new Set(["help", "task.list", "reminder.list", "plan.today"]);

export function segmentsOf(reply: string): number {
  return countSegments(reply).segments;
}

// Replies whose own wording cannot avoid a character outside GSM-7 ("français" has a ç).
const UCS2_WORDING = new Set(["preferences.language"]);

/**
 * Cost-aware wording (ADR 0008): every character of a reply outside GSM-7 must come from the
 * user's own message (a title, a reminder's text), not from the engine's words.
 */
export function expectGsmWording(result: EngineResult, text: string): void {
  if (UCS2_WORDING.has(result.intent)) return;
  const foreign = Array.from(result.reply).filter((char) => countSegments(char).encoding === "UCS-2");
  for (const char of foreign) expect(text, `"${char}" in ${JSON.stringify(result.reply)}`).toContain(char);
}

// `make bench-engine` runs the phrasing tables with this set: each row is also timed (after a
// warm-up) and its samples appended to the file as one JSON line.
const BENCH_OUT = process.env.ENGINE_BENCH_OUT;
const BENCH_WARMUP = 5;
const BENCH_RUNS = 50;

function timeRow(text: string, ctx: EngineContext, result: EngineResult): void {
  if (!BENCH_OUT) return;
  for (let run = 0; run < BENCH_WARMUP; run += 1) interpret(text, ctx);
  const samples: number[] = [];
  for (let run = 0; run < BENCH_RUNS; run += 1) {
    const start = performance.now();
    interpret(text, ctx);
    samples.push(performance.now() - start);
  }
  const { encoding, segments } = countSegments(result.reply);
  const line = { text, language: result.language, intent: result.intent, encoding, segments, samples };
  appendFileSync(BENCH_OUT, `${JSON.stringify(line)}\n`);
}

/** Runs a row against `ctx` and checks intent, actions, reply and reply size. */
export function check(row: Phrasing, ctx: EngineContext): EngineResult {
  const result = interpret(row.text, ctx);
  timeRow(row.text, ctx, result);
  expectGsmWording(
    result,
    [
      row.text,
      ...ctx.openTasks.map((task) => task.title),
      ...ctx.reminders.map((r) => r.text),
      ctx.lastFired?.text ?? "",
    ].join(" "),
  );
  expect(result.intent).toBe(row.intent);
  if (row.actions) expect(result.actions).toEqual(row.actions);
  if (typeof row.reply === "string") expect(result.reply).toContain(row.reply);
  if (row.reply instanceof RegExp) expect(result.reply).toMatch(row.reply);
  if (row.language) expect(result.language).toBe(row.language);
  expect(result.reply.length).toBeGreaterThan(0);
  expect(segmentsOf(result.reply)).toBeLessThanOrEqual(TWO_SEGMENT_INTENTS.has(result.intent) ? 2 : 1);
  return result;
}

/** A row whose reply must be in `language`; exact actions and a reply fragment when given. */
export function answers(
  language: Language,
  text: string,
  intent: string,
  details: { actions?: Action[]; reply?: string | RegExp } = {},
): Phrasing {
  return { text, intent, language, ...details };
}

/**
 * A French-speaking user in Paris on Friday 27 March 2026 at 10:00 (CET), with three tasks, two
 * reminders (one daily), one that just fired and an energy check-in.
 */
export function frenchUser(): EngineContext {
  return contextAt("2026-03-27T10:00", "Europe/Paris", {
    language: "fr",
    tasks: ["appeler la CAF", "acheter du pain", "envoyer le CV"],
    reminders: [
      { text: "prendre mes médicaments", at: "2026-03-27T21:00" },
      { text: "sport", at: "2026-03-28T08:00", recurrence: { freq: "daily", time: "08:00" } },
    ],
    lastFired: { text: "boire de l'eau", at: "2026-03-27T09:55" },
    energy: [3],
  });
}
