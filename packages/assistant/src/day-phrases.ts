// Day words inside a message: "today", "tonight", "tomorrow", "on friday", "next tue", "2026-04-01";
// in French "aujourd'hui", "ce soir", "cet après-midi", "demain matin", "dem", "après-demain",
// "lundi prochain", "vendredi", "le 3 avril", "3/04". English abbreviated day names count only after
// "on", "next" or "this" ("sun" alone may be the sun). Patterns run on the folded text.
import type { Language } from "./language.ts";
import { FRENCH_WEEKDAY_PATTERN, WEEKDAY_PATTERN, frenchWeekdayNumber, weekdayNumber } from "./recurrence.ts";
import type { ClockTime, LocalDate } from "./wall-clock.ts";

interface DayBase {
  index: number;
  length: number;
  /** "tonight": bare hours are evening hours. */
  evening: boolean;
  /** "today" alone names no time worth guessing. */
  needsTime: boolean;
  /** The time a day part names when no clock is given ("demain matin" 09:00, "cet après-midi" 14:00). */
  defaultTime?: ClockTime;
  /** "cet après-midi": bare hours are afternoon hours. */
  pm?: boolean;
  language: Language;
}

export type DayPhrase = DayBase &
  (
    | { kind: "offset"; days: number }
    | { kind: "weekday"; weekday: number; skipToday: boolean }
    | {
        kind: "date";
        date: LocalDate;
        /** "le 3 avril": this year's, or next year's once passed. */ yearless?: boolean;
      }
  );

const RELATIVE_DAY = /\b(today|tonight|tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr)\b/i;
const FULL_NAMES = "monday|tuesday|wednesday|thursday|friday|saturday|sunday";
const WEEKDAY = new RegExp(String.raw`\b(?:(on|next|this)\s+(${WEEKDAY_PATTERN})|(${FULL_NAMES}))\b`, "i");
const ISO_DATE = /\b(?:on\s+)?(\d{4})-(\d{2})-(\d{2})\b/;

function relativeDay(text: string): DayPhrase | null {
  const match = RELATIVE_DAY.exec(text);
  if (!match) return null;
  const word = (match[1] ?? "").toLowerCase();
  const base = { index: match.index, length: match[0].length, language: "en" as const };
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
    language: "en",
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
    language: "en",
  };
}

// French day parts: "matin" 09:00, "midi" is a clock time, "après-midi"/"aprem" 14:00, "soir" 20:00.
const PARTS = String.raw`(?:\s+(matin|apres[- ]?midi|aprem|soir|soiree))?`;
const FRENCH_RELATIVE = new RegExp(
  String.raw`\b(?:(aujourd'?\s?hui|auj|ajd|ce\s+soir|cette\s+nuit|ce\s+matin|cet\s+apres[- ]?midi|cette\s+apres[- ]?midi|cet\s+aprem)|(apres[- ]demain)|(demain|dem|dmain|2main|demin|dmn))\b${PARTS}`,
);
const FRENCH_WEEKDAY = new RegExp(
  String.raw`\b(?:(?:ce|le)\s+)?(?:(prochain)\s+)?(${FRENCH_WEEKDAY_PATTERN})\b(?:\s+(prochain))?${PARTS}`,
);
const MONTHS = [
  "janv(?:ier)?",
  "fev(?:r(?:ier)?)?",
  "mars",
  "avr(?:il)?",
  "mai",
  "juin",
  "juil(?:let)?",
  "aout",
  "sept(?:embre)?",
  "oct(?:obre)?",
  "nov(?:embre)?",
  "dec(?:embre)?",
];
const FRENCH_DATE = new RegExp(
  String.raw`\b(?:(?:${FRENCH_WEEKDAY_PATTERN})\s+)?(?:le\s+)?(1er|\d{1,2})\s+(${MONTHS.join("|")})\.?(?:\s+(\d{4}))?\b`,
);
const FRENCH_NUMERIC_DATE = /\b(?:le\s+)?(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?\b/;

function part(word: string | undefined): Pick<DayPhrase, "evening" | "defaultTime" | "pm"> {
  if (word === undefined) return { evening: false };
  if (word.startsWith("soir") || word.includes("nuit")) return { evening: true };
  if (word.startsWith("matin")) return { evening: false, defaultTime: { hour: 9, minute: 0 } };
  return { evening: false, pm: true, defaultTime: { hour: 14, minute: 0 } };
}

function frenchRelative(text: string): DayPhrase | null {
  const match = FRENCH_RELATIVE.exec(text);
  if (!match) return null;
  const [, today, afterTomorrow, , dayPart] = match;
  const base = { index: match.index, length: match[0].length, language: "fr" as const, needsTime: false };
  if (today) {
    const named = /soir|nuit|matin|apres|aprem/.exec(today)?.[0];
    if (named) return { ...base, kind: "offset", days: 0, ...part(named === "nuit" ? "soir" : named) };
    return { ...base, kind: "offset", days: 0, ...part(dayPart), needsTime: dayPart === undefined };
  }
  return { ...base, kind: "offset", days: afterTomorrow ? 2 : 1, ...part(dayPart) };
}

function frenchWeekday(text: string): DayPhrase | null {
  const match = FRENCH_WEEKDAY.exec(text);
  if (!match) return null;
  const weekday = frenchWeekdayNumber(match[2] ?? "");
  if (weekday === null) return null;
  return {
    index: match.index,
    length: match[0].length,
    kind: "weekday",
    weekday,
    skipToday: match[1] !== undefined || match[3] !== undefined,
    needsTime: false,
    language: "fr",
    ...part(match[4]),
  };
}

function validDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/** A date that does not exist ("le 30 février"): refused rather than read as no date at all. */
export interface BadDate {
  kind: "bad-date";
  index: number;
  length: number;
  language: Language;
}

function frenchDate(text: string, today: LocalDate): DayPhrase | BadDate | null {
  const named = FRENCH_DATE.exec(text);
  const numeric = named ? null : FRENCH_NUMERIC_DATE.exec(text);
  const match = named ?? numeric;
  if (!match) return null;
  const day = match[1] === "1er" ? 1 : Number(match[1]);
  const month = named
    ? MONTHS.findIndex((pattern) => new RegExp(`^(?:${pattern})$`).test(match[2] ?? "")) + 1
    : Number(match[2]);
  const yearText = match[3];
  const year =
    yearText === undefined ? today.year : Number(yearText.length === 2 ? `20${yearText}` : yearText);
  if (!validDate(year, month, day))
    return { kind: "bad-date", index: match.index, length: match[0].length, language: "fr" };
  return {
    index: match.index,
    length: match[0].length,
    kind: "date",
    date: { year, month, day },
    yearless: yearText === undefined,
    evening: false,
    needsTime: false,
    language: "fr",
  };
}

/** The first day phrase of `text` (folded), trying the languages in order; `today` dates "le 3 avril". */
export function findDay(
  text: string,
  languages: readonly Language[] = ["en"],
  today?: LocalDate,
): DayPhrase | BadDate | null {
  for (const language of languages) {
    const found =
      language === "en"
        ? (isoDate(text) ?? relativeDay(text) ?? namedWeekday(text))
        : (frenchDate(text, today ?? { year: 2000, month: 1, day: 1 }) ??
          frenchRelative(text) ??
          frenchWeekday(text));
    if (found) return found;
  }
  return null;
}
