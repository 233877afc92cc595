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

/** The replies `check` saw in this test file: their language, encoding and segments. */
export const seenReplies: { language: string; encoding: string; segments: number }[] = [];

/** Share (0–1) of the replies seen in `language` that are a single GSM-7 segment. */
export function oneGsmSegmentShare(language: string): { share: number; of: number } {
  const replies = seenReplies.filter((reply) => reply.language === language);
  const single = replies.filter((reply) => reply.encoding === "GSM-7" && reply.segments === 1);
  return { share: replies.length === 0 ? 0 : single.length / replies.length, of: replies.length };
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
  const { encoding, segments } = countSegments(result.reply);
  seenReplies.push({ language: result.language, encoding, segments });
  timeRow(row.text, ctx, result);
  expect(result.intent).toBe(row.intent);
  if (row.actions) expect(result.actions).toEqual(row.actions);
  if (typeof row.reply === "string") expect(result.reply).toContain(row.reply);
  if (row.reply instanceof RegExp) expect(result.reply).toMatch(row.reply);
  if (row.language) expect(result.language).toBe(row.language);
  expect(result.reply.length).toBeGreaterThan(0);
  expect(segmentsOf(result.reply)).toBeLessThanOrEqual(TWO_SEGMENT_INTENTS.has(result.intent) ? 2 : 1);
  return result;
}
