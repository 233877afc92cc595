// Day words inside a message: "today", "tonight", "tomorrow", "on friday", "next tue", "2026-04-01".
// Abbreviated day names count only after "on", "next" or "this" ("sun" alone may be the sun).
import { WEEKDAY_PATTERN, weekdayNumber } from "./recurrence.ts";
import type { LocalDate } from "./wall-clock.ts";

interface DayBase {
  index: number;
  length: number;
  /** "tonight": bare hours are evening hours. */
  evening: boolean;
  /** "today" alone names no time worth guessing. */
  needsTime: boolean;
}

export type DayPhrase = DayBase &
  (
    | { kind: "offset"; days: number }
    | { kind: "weekday"; weekday: number; skipToday: boolean }
    | { kind: "date"; date: LocalDate }
  );

const RELATIVE_DAY = /\b(today|tonight|tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr)\b/i;
const FULL_NAMES = "monday|tuesday|wednesday|thursday|friday|saturday|sunday";
const WEEKDAY = new RegExp(String.raw`\b(?:(on|next|this)\s+(${WEEKDAY_PATTERN})|(${FULL_NAMES}))\b`, "i");
const ISO_DATE = /\b(?:on\s+)?(\d{4})-(\d{2})-(\d{2})\b/;

function relativeDay(text: string): DayPhrase | null {
  const match = RELATIVE_DAY.exec(text);
  if (!match) return null;
  const word = (match[1] ?? "").toLowerCase();
  const base = { index: match.index, length: match[0].length };
  if (word === "today") return { ...base, kind: "offset", days: 0, evening: false, needsTime: true };
  if (word === "tonight") {
    return { ...base, kind: "offset", days: 0, evening: true, needsTime: false };
  }
  return { ...base, kind: "offset", days: 1, evening: false, needsTime: false };
}

function namedWeekday(text: string): DayPhrase | null {
  const match = WEEKDAY.exec(text);
  if (!match) return null;
  const weekday = weekdayNumber(match[2] ?? match[3] ?? "");
  if (weekday === null) return null;
  const skipToday = match[1]?.toLowerCase() === "next";
  return {
    index: match.index,
    length: match[0].length,
    kind: "weekday",
    weekday,
    skipToday,
    evening: false,
    needsTime: false,
  };
}

function isoDate(text: string): DayPhrase | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const valid = new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day && month >= 1 && month <= 12;
  if (!valid) return null;
  const date = { year, month, day };
  return {
    index: match.index,
    length: match[0].length,
    kind: "date",
    date,
    evening: false,
    needsTime: false,
  };
}

export function findDay(text: string): DayPhrase | null {
  return isoDate(text) ?? relativeDay(text) ?? namedWeekday(text);
}
