// When a reminder is due, read from natural phrasing in the user's zone: "in 20 min", "at 9pm",
// "tomorrow 8am", "on friday" (09:00), "every weekday at 8", "2026-04-01 at 10". What is left of
// the text once the time words are taken out is the reminder itself.
import { bothHalves, dayTime, findClock } from "./clock-phrases.ts";
import type { ClockReading } from "./clock-phrases.ts";
import { DURATION_PATTERN, durationMinutes } from "./durations.ts";
import { findRecurrence, nextOccurrence } from "./recurrence.ts";
import { findDay } from "./day-phrases.ts";
import type { DayPhrase } from "./day-phrases.ts";
import type { Recurrence } from "./types.ts";
import { addDays, formatHhMm, localInstant, localMoment } from "./wall-clock.ts";
import type { ClockTime } from "./wall-clock.ts";

export type WhenParse =
  | { status: "ok"; dueAt: Date; recurrence: Recurrence | null; rest: string }
  | { status: "none"; rest: string }
  | { status: "past"; dueAt: Date; rest: string }
  | { status: "invalid"; problem: string };

interface Clocked {
  now: Date;
  timeZone: string;
}

const DEFAULT_TIME: ClockTime = { hour: 9, minute: 0 };
const EVENING_TIME: ClockTime = { hour: 20, minute: 0 };
const RELATIVE = new RegExp(String.raw`\bin\s+${DURATION_PATTERN}`, "i");
// "in 30 sec": short waits (a quick nudge to get up, and the demo), up to 15 minutes' worth.
const RELATIVE_SECONDS = /\bin\s+(\d{1,3})\s*(?:s|secs?|seconds?)(?![a-z])/i;

/** Blanks out a matched span so later finders skip it while indices stay put. */
function mask(text: string, index: number, length: number): string {
  return text.slice(0, index) + " ".repeat(length) + text.slice(index + length);
}

function outcome(dueAt: Date, recurrence: Recurrence | null, rest: string, clocked: Clocked): WhenParse {
  if (dueAt.getTime() <= clocked.now.getTime()) return { status: "past", dueAt, rest };
  return { status: "ok", dueAt, recurrence, rest };
}

function readRelative(text: string, clocked: Clocked): WhenParse | null {
  const seconds = RELATIVE_SECONDS.exec(text);
  if (seconds) {
    const count = Number(seconds[1]);
    if (count === 0 || count > 900)
      return { status: "invalid", problem: `I can't read "${seconds[0].trim()}".` };
    const rest = mask(text, seconds.index, seconds[0].length);
    return outcome(new Date(clocked.now.getTime() + count * 1000), null, rest, clocked);
  }
  const match = RELATIVE.exec(text);
  if (!match) return null;
  const minutes = durationMinutes(match.slice(1));
  if (minutes === null) return { status: "invalid", problem: `I can't read "${match[0].trim()}".` };
  const rest = mask(text, match.index, match[0].length);
  const clock = findClock(rest);
  if (minutes > 0 && minutes % (24 * 60) === 0 && clock && clock.reading !== "invalid") {
    // "in 3 days at 9am": a day offset plus a clock time.
    const date = addDays(localMoment(clocked.now, clocked.timeZone), minutes / (24 * 60));
    const at = localInstant(date, dayTime(clock.reading), clocked.timeZone);
    return outcome(at, null, mask(rest, clock.index, clock.length), clocked);
  }
  return outcome(new Date(clocked.now.getTime() + minutes * 60_000), null, rest, clocked);
}

/**
 * A clock time without a day: the next time today the clock shows it (either half of the day for
 * an ambiguous "at 9:30"); once both have passed, tomorrow, reading bare hours as with a day.
 */
function nextClock(reading: ClockReading, clocked: Clocked): Date {
  const today = localMoment(clocked.now, clocked.timeZone);
  const later = bothHalves(reading)
    .map((time) => localInstant(today, time, clocked.timeZone))
    .find((at) => at.getTime() > clocked.now.getTime());
  return later ?? localInstant(addDays(today, 1), dayTime(reading), clocked.timeZone);
}

/** "today at 9": whichever of 9:00 and 21:00 is still ahead today (the morning one if neither). */
function laterToday(reading: ClockReading, clocked: Clocked): Date {
  const today = localMoment(clocked.now, clocked.timeZone);
  const instants = bothHalves(reading).map((time) => localInstant(today, time, clocked.timeZone));
  return instants.find((at) => at.getTime() > clocked.now.getTime()) ?? (instants[0] as Date);
}

function timeFor(day: DayPhrase, reading: ClockReading | null): ClockTime {
  if (reading === null) return day.evening ? EVENING_TIME : DEFAULT_TIME;
  return day.evening ? eveningTime(reading) : dayTime(reading);
}

/** The first date with the weekday (today included unless skipped) whose time is still ahead. */
function onWeekday(weekday: number, skipToday: boolean, time: ClockTime, clocked: Clocked): Date | null {
  const today = localMoment(clocked.now, clocked.timeZone);
  for (let offset = skipToday ? 1 : 0; offset <= 7; offset += 1) {
    const date = addDays(today, offset);
    if (date.weekday !== weekday) continue;
    const at = localInstant(date, time, clocked.timeZone);
    if (at.getTime() > clocked.now.getTime()) return at;
  }
  return null;
}

function onDay(day: DayPhrase, reading: ClockReading | null, clocked: Clocked): Date | null {
  const time = timeFor(day, reading);
  if (day.kind === "date") return localInstant(day.date, time, clocked.timeZone);
  if (day.kind === "weekday") return onWeekday(day.weekday, day.skipToday, time, clocked);
  if (day.days === 0 && !day.evening && reading?.ambiguous) return laterToday(reading, clocked);
  // "tonight at 1am" is after midnight.
  const shift = day.evening && time.hour < 4 ? day.days + 1 : day.days;
  return localInstant(addDays(localMoment(clocked.now, clocked.timeZone), shift), time, clocked.timeZone);
}

function eveningTime(reading: ClockReading): ClockTime {
  if (!reading.ambiguous) return reading;
  return { hour: reading.hour + 12, minute: reading.minute };
}

/** Takes the clock phrase out of `text`: its reading (null when there is none) and what is left. */
function takeClock(text: string): { reading: ClockReading | null; rest: string } | { problem: string } {
  const clock = findClock(text);
  if (!clock) return { reading: null, rest: text };
  if (clock.reading === "invalid") return { problem: `I can't read the time "${clock.phrase.trim()}".` };
  return { reading: clock.reading, rest: mask(text, clock.index, clock.length) };
}

function readRepeat(text: string, clocked: Clocked): WhenParse | null {
  const found = findRecurrence(text);
  if (found === null) return null;
  if (found === "unsupported") {
    return {
      status: "invalid",
      problem: "I can repeat daily, on weekdays or on set days, e.g. 'every mon and thu at 6pm'.",
    };
  }
  const clock = takeClock(mask(text, found.index, found.length));
  if ("problem" in clock) return { status: "invalid", problem: clock.problem };
  const time = clock.reading ? dayTime(clock.reading) : DEFAULT_TIME;
  const recurrence: Recurrence = { ...found.rule, time: formatHhMm(time) };
  return outcome(nextOccurrence(recurrence, clocked.now, clocked.timeZone), recurrence, clock.rest, clocked);
}

function readDay(day: DayPhrase, reading: ClockReading | null, rest: string, clocked: Clocked): WhenParse {
  if (day.needsTime && !reading) return { status: "invalid", problem: "What time? E.g. 'today at 5pm'." };
  const at = onDay(day, reading, clocked);
  if (!at) return { status: "none", rest };
  if (day.evening && !reading && at.getTime() <= clocked.now.getTime()) {
    return { status: "invalid", problem: "What time tonight? E.g. 'tonight at 10pm'." };
  }
  return outcome(at, null, rest, clocked);
}

function readDayAndClock(text: string, clocked: Clocked): WhenParse {
  const day = findDay(text);
  const clock = takeClock(day ? mask(text, day.index, day.length) : text);
  if ("problem" in clock) return { status: "invalid", problem: clock.problem };
  if (day) return readDay(day, clock.reading, clock.rest, clocked);
  if (!clock.reading) return { status: "none", rest: clock.rest };
  return outcome(nextClock(clock.reading, clocked), null, clock.rest, clocked);
}

/** Reads the first time phrase of `text` ("in …" wins over everything else, then "every …"). */
export function readWhen(text: string, clocked: Clocked): WhenParse {
  return readRelative(text, clocked) ?? readRepeat(text, clocked) ?? readDayAndClock(text, clocked);
}
