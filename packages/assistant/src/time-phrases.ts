// When a reminder is due, read from natural phrasing in the user's zone: "in 20 min", "at 9pm",
// "tomorrow 8am", "on friday" (09:00), "every weekday at 8", "2026-04-01 at 10"; in French
// "dans 20 min", "à 21h", "demain matin", "vendredi à 17h", "le 3 avril à 10h", "tous les jours à
// 7h30". What is left of the text once the time words are taken out is the reminder itself.
// Phrases are found on the folded text and blanked out of both copies at the same indices.
import { afterNoon, bothHalves, dayTime, findClock } from "./clock-phrases.ts";
import type { ClockReading } from "./clock-phrases.ts";
import { DURATION_PATTERN, FRENCH_DURATION_PATTERN, durationMinutes, frenchMinutes } from "./durations.ts";
import { findRecurrence, nextOccurrence } from "./recurrence.ts";
import { findDay } from "./day-phrases.ts";
import type { DayPhrase } from "./day-phrases.ts";
import type { Message } from "./input.ts";
import type { Language } from "./language.ts";
import type { Recurrence } from "./types.ts";
import { addDays, formatHhMm, localInstant, localMoment } from "./wall-clock.ts";
import type { ClockTime } from "./wall-clock.ts";

/** `said`: the language of the time words found (null when none, or only "21:00"). */
export type WhenParse =
  | { status: "ok"; dueAt: Date; recurrence: Recurrence | null; rest: string; said: Language | null }
  | { status: "none"; rest: string; said: Language | null }
  | { status: "past"; dueAt: Date; rest: string; said: Language | null }
  | { status: "invalid"; problem: Problem; said: Language | null };

/** Why a time phrase cannot be used; the caller words it in the reply's language. */
export type Problem =
  | { kind: "unreadable"; phrase: string }
  | { kind: "unreadable-time"; phrase: string }
  | { kind: "unreadable-date"; phrase: string }
  | { kind: "repeat-unsupported" }
  | { kind: "today-needs-time" }
  | { kind: "tonight-needs-time" };

export interface Clocked {
  now: Date;
  timeZone: string;
}

const DEFAULT_TIME: ClockTime = { hour: 9, minute: 0 };
const EVENING_TIME: ClockTime = { hour: 20, minute: 0 };
const RELATIVE = new RegExp(String.raw`\bin\s+${DURATION_PATTERN}`);
// "in 30 sec": short waits (a quick nudge to get up, and the demo), up to 15 minutes' worth.
const RELATIVE_SECONDS = /\bin\s+(\d{1,3})\s*(?:s|secs?|seconds?)(?![a-z])/;
const FRENCH_RELATIVE = new RegExp(String.raw`\b(?:dans|d'?ici)\s+${FRENCH_DURATION_PATTERN}`);
const FRENCH_RELATIVE_SECONDS = /\b(?:dans|d'?ici)\s+(\d{1,3})\s*(?:s|secs?|secondes?)(?![a-z])/;

/** The text being read: both copies, with the phrases taken so far blanked out. */
interface Work {
  text: string;
  folded: string;
  languages: readonly Language[];
  said: Language | null;
}

/** Blanks out a matched span so later finders skip it while indices stay put. */
function mask(work: Work, index: number, length: number, said: Language | null): Work {
  const blank = (text: string) => text.slice(0, index) + " ".repeat(length) + text.slice(index + length);
  return { ...work, text: blank(work.text), folded: blank(work.folded), said: work.said ?? said };
}

function outcome(dueAt: Date, recurrence: Recurrence | null, work: Work, clocked: Clocked): WhenParse {
  const { text: rest, said } = work;
  if (dueAt.getTime() <= clocked.now.getTime()) return { status: "past", dueAt, rest, said };
  return { status: "ok", dueAt, recurrence, rest, said };
}

const RELATIVE_FORMS = {
  en: { seconds: RELATIVE_SECONDS, duration: RELATIVE, minutes: durationMinutes },
  fr: { seconds: FRENCH_RELATIVE_SECONDS, duration: FRENCH_RELATIVE, minutes: frenchMinutes },
} as const;

function readRelativeIn(work: Work, language: Language, clocked: Clocked): WhenParse | null {
  const forms = RELATIVE_FORMS[language];
  const seconds = forms.seconds.exec(work.folded);
  if (seconds) {
    const count = Number(seconds[1]);
    const phrase = work.text.slice(seconds.index, seconds.index + seconds[0].length).trim();
    if (count === 0 || count > 900)
      return { status: "invalid", problem: { kind: "unreadable", phrase }, said: language };
    const rest = mask(work, seconds.index, seconds[0].length, language);
    return outcome(new Date(clocked.now.getTime() + count * 1000), null, rest, clocked);
  }
  const match = forms.duration.exec(work.folded);
  if (!match) return null;
  const minutes = forms.minutes(match.slice(1));
  const phrase = work.text.slice(match.index, match.index + match[0].length).trim();
  if (minutes === null) return { status: "invalid", problem: { kind: "unreadable", phrase }, said: language };
  const rest = mask(work, match.index, match[0].length, language);
  const clock = findClock(rest.folded, work.languages, rest.text);
  if (minutes > 0 && minutes % (24 * 60) === 0 && clock && clock.reading !== "invalid") {
    // "in 3 days at 9am": a day offset plus a clock time.
    const date = addDays(localMoment(clocked.now, clocked.timeZone), minutes / (24 * 60));
    const at = localInstant(date, dayTime(clock.reading), clocked.timeZone);
    return outcome(at, null, mask(rest, clock.index, clock.length, clock.language), clocked);
  }
  return outcome(new Date(clocked.now.getTime() + minutes * 60_000), null, rest, clocked);
}

function readRelative(work: Work, clocked: Clocked): WhenParse | null {
  for (const language of work.languages) {
    const found = readRelativeIn(work, language, clocked);
    if (found) return found;
  }
  return null;
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
  if (reading === null) return day.evening ? EVENING_TIME : (day.defaultTime ?? DEFAULT_TIME);
  return day.evening || day.pm ? afterNoon(reading) : dayTime(reading);
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

function onDate(day: DayPhrase & { kind: "date" }, time: ClockTime, clocked: Clocked): Date {
  const at = localInstant(day.date, time, clocked.timeZone);
  if (!day.yearless || at.getTime() > clocked.now.getTime()) return at;
  // "le 3 avril" once this year's has passed: next year's.
  return localInstant({ ...day.date, year: day.date.year + 1 }, time, clocked.timeZone);
}

function onDay(day: DayPhrase, reading: ClockReading | null, clocked: Clocked): Date | null {
  const time = timeFor(day, reading);
  if (day.kind === "date") return onDate(day, time, clocked);
  if (day.kind === "weekday") return onWeekday(day.weekday, day.skipToday, time, clocked);
  if (day.days === 0 && !day.evening && !day.pm && reading?.ambiguous) return laterToday(reading, clocked);
  // "tonight at 1am" is after midnight.
  const shift = day.evening && time.hour < 4 ? day.days + 1 : day.days;
  return localInstant(addDays(localMoment(clocked.now, clocked.timeZone), shift), time, clocked.timeZone);
}

/** Takes the clock phrase out of the text: its reading (null when there is none) and what is left. */
function takeClock(
  work: Work,
): { reading: ClockReading | null; rest: Work } | { problem: Problem; said: Language | null } {
  const clock = findClock(work.folded, work.languages, work.text);
  if (!clock) return { reading: null, rest: work };
  const phrase = work.text.slice(clock.index, clock.index + clock.length).trim();
  if (clock.reading === "invalid")
    return { problem: { kind: "unreadable-time", phrase }, said: clock.language };
  return { reading: clock.reading, rest: mask(work, clock.index, clock.length, clock.language) };
}

function readRepeat(work: Work, clocked: Clocked): WhenParse | null {
  const found = findRecurrence(work.folded, work.languages);
  if (found === null) return null;
  if (found === "unsupported")
    return { status: "invalid", problem: { kind: "repeat-unsupported" }, said: work.said };
  const clock = takeClock(mask(work, found.index, found.length, found.language));
  if ("problem" in clock)
    return { status: "invalid", problem: clock.problem, said: clock.said ?? found.language };
  const time = clock.reading ? dayTime(clock.reading) : DEFAULT_TIME;
  const recurrence: Recurrence = { ...found.rule, time: formatHhMm(time) };
  return outcome(nextOccurrence(recurrence, clocked.now, clocked.timeZone), recurrence, clock.rest, clocked);
}

function readDay(day: DayPhrase, reading: ClockReading | null, rest: Work, clocked: Clocked): WhenParse {
  const said = rest.said;
  if (day.needsTime && !reading) return { status: "invalid", problem: { kind: "today-needs-time" }, said };
  const at = onDay(day, reading, clocked);
  if (!at) return { status: "none", rest: rest.text, said };
  if (day.evening && !reading && at.getTime() <= clocked.now.getTime()) {
    return { status: "invalid", problem: { kind: "tonight-needs-time" }, said };
  }
  return outcome(at, null, rest, clocked);
}

function readDayAndClock(work: Work, clocked: Clocked): WhenParse {
  const today = localMoment(clocked.now, clocked.timeZone);
  const day = findDay(work.folded, work.languages, today);
  if (day?.kind === "bad-date") {
    const phrase = work.text.slice(day.index, day.index + day.length).trim();
    return { status: "invalid", problem: { kind: "unreadable-date", phrase }, said: day.language };
  }
  const clock = takeClock(day ? mask(work, day.index, day.length, day.language) : work);
  if ("problem" in clock)
    return { status: "invalid", problem: clock.problem, said: clock.said ?? day?.language ?? null };
  if (day) return readDay(day, clock.reading, clock.rest, clocked);
  if (!clock.reading) return { status: "none", rest: clock.rest.text, said: clock.rest.said };
  return outcome(nextClock(clock.reading, clocked), null, clock.rest, clocked);
}

/**
 * Reads the first time phrase of the message ("in …" wins over everything else, then "every …"),
 * trying each kind of phrase in the given languages in order.
 */
export function readWhen(
  message: Message,
  clocked: Clocked,
  languages: readonly Language[] = ["en", "fr"],
): WhenParse {
  const work: Work = { text: message.text, folded: message.folded, languages, said: null };
  return readRelative(work, clocked) ?? readRepeat(work, clocked) ?? readDayAndClock(work, clocked);
}
