// Repeating reminders: reading "every weekday", "every day", "daily", "every monday and thursday",
// "every weekend" (in French "tous les jours", "en semaine", "tous les lundis et jeudis",
// "le week-end"), and computing the next firing in the user's zone, correct across DST changes.
// Patterns run on the folded text (lower case, no accents).
import type { Language } from "./language.ts";
import type { Recurrence } from "./types.ts";
import { addDays, localInstant, localMoment, parseHhMm } from "./wall-clock.ts";

const DAY_NAMES: [number, string][] = [
  [1, "mon(?:day)?s?"],
  [2, "tue(?:s|sday)?s?"],
  [3, "wed(?:s|nesday)?s?"],
  [4, "thu(?:r|rs|rsday)?s?"],
  [5, "fri(?:day)?s?"],
  [6, "sat(?:urday)?s?"],
  [7, "sun(?:day)?s?"],
];
const SHORT_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const FRENCH_NAMES = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];

/** One French weekday name, singular or plural ("lundi", "lundis"). */
export const FRENCH_WEEKDAY_PATTERN = String.raw`(?:${FRENCH_NAMES.join("|")})s?`;

/** Weekday number (1–7) of a French name such as "jeudi" or "jeudis". */
export function frenchWeekdayNumber(name: string): number | null {
  const index = FRENCH_NAMES.indexOf(name.replace(/s$/, ""));
  return index < 0 ? null : index + 1;
}

/** Matches one weekday name, full or abbreviated, singular or plural. */
export const WEEKDAY_PATTERN = String.raw`(?:${DAY_NAMES.map(([, name]) => name).join("|")})`;
const SEPARATOR = String.raw`\s*(?:,|&|/|\+|\band\b)?\s*`;
const DAY_LIST = String.raw`${WEEKDAY_PATTERN}\b(?:${SEPARATOR}${WEEKDAY_PATTERN}\b)*`;

const DAILY = /\b(?:(?:every|each)\s*day|daily)\b/i;
const WEEKDAYS = /\b(?:(?:every|each|on)\s+(?:weekday|work\s*day)s?|weekdays)\b/i;
const WEEKENDS = /\b(?:(?:every|each|on)\s+weekends?|weekends)\b/i;
const PLURAL_DAY = String.raw`(?:mon|tues|wednes|thurs|fri|satur|sun)days\b`;
const DAY_LIST_RE = new RegExp(String.raw`\b(?:every|each|on\s+(?=${PLURAL_DAY}))\s*${DAY_LIST}`, "i");
/** "every 2 hours", "every other day": repeats the Recurrence type cannot express. */
const UNSUPPORTED = /\bevery\s+(?:\d+|other|second|hour|minute|week|month|year)\w*\b/i;

/** Weekday number (1–7) of a name such as "Thursday", "thu" or "thurs". */
export function weekdayNumber(name: string): number | null {
  const found = DAY_NAMES.find(([, pattern]) => new RegExp(`^${pattern}$`, "i").test(name));
  return found ? found[0] : null;
}

export interface RecurrenceMatch {
  /** The rule without its time (filled in from the clock phrase or 09:00). */
  rule: Omit<Recurrence, "time">;
  /** Where the phrase stands in the text. */
  index: number;
  length: number;
}

const FRENCH_SEPARATOR = String.raw`\s*(?:,|&|/|\+|\bet\b)?\s*(?:(?:les?|tous\s+les|chaque)\s+)?`;
const FRENCH_DAY_LIST = String.raw`${FRENCH_WEEKDAY_PATTERN}\b(?:${FRENCH_SEPARATOR}${FRENCH_WEEKDAY_PATTERN}\b)*`;
// "tous les lundis", "chaque lundi", "les lundis et jeudis", "le lundi et le jeudi" (a single
// "le lundi" or "lundi" is one day, read by day-phrases.ts).
const FRENCH_DAY_LIST_RE = new RegExp(
  String.raw`\b(?:(?:tous\s+les|chaque|les)\s+${FRENCH_DAY_LIST}|le\s+${FRENCH_WEEKDAY_PATTERN}\b${FRENCH_SEPARATOR}${FRENCH_DAY_LIST})`,
);
const FRENCH_DAILY =
  /\b(?:tous\s+les\s+jours|tt?s\s+les\s+j(?:ou)?rs|chaque\s+jour|quotidiennement|tlj|tjrs|tjs)\b/;
const FRENCH_WEEKDAYS =
  /\b(?:en\s+semaine|(?:tous\s+)?les\s+jours\s+(?:de\s+(?:la\s+)?semaine|ouvres|ouvrables)|chaque\s+jour\s+de\s+(?:la\s+)?semaine|du\s+lundi\s+au\s+vendredi)\b/;
const FRENCH_WEEKENDS =
  /\b(?:(?:tous\s+)?les\s+week-?ends?|le\s+week-?end|chaque\s+week-?end|(?:tous\s+)?les\s+samedis?\s+et\s+dimanches?)\b/;
const FRENCH_UNSUPPORTED =
  /\b(?:toutes\s+les\s+(?:\d+|deux|trois|heures?|minutes?|semaines?|demi)|tous\s+les\s+(?:\d+|deux|trois|mois|ans|quinze)|chaque\s+(?:heure|minute|semaine|mois|annee)|une\s+semaine\s+sur\s+deux)\b/;

/** Finds a repeat phrase in `text` (folded), trying the languages in order; "unsupported" for "every 2 hours". */
export function findRecurrence(
  text: string,
  languages: readonly Language[] = ["en"],
): (RecurrenceMatch & { language: Language }) | "unsupported" | null {
  for (const language of languages) {
    const found = readRepeat(text, GRAMMARS[language]);
    if (found === "unsupported") return found;
    if (found) return { ...found, language };
  }
  return null;
}

/** One language's repeat phrases. */
interface RepeatGrammar {
  dayList: RegExp;
  dayName: RegExp;
  dayNumber: (name: string) => number | null;
  /** Weekdays, weekends, daily: tried in this order after a list of days. */
  simple: [RegExp, Omit<Recurrence, "time">][];
  unsupported: RegExp;
}

const WEEKDAYS_RULE: Omit<Recurrence, "time"> = { freq: "weekdays" };
const WEEKENDS_RULE: Omit<Recurrence, "time"> = { freq: "weekly", weekdays: [6, 7] };
const DAILY_RULE: Omit<Recurrence, "time"> = { freq: "daily" };

const GRAMMARS: Readonly<Record<Language, RepeatGrammar>> = {
  en: {
    dayList: DAY_LIST_RE,
    dayName: new RegExp(String.raw`\b${WEEKDAY_PATTERN}\b`, "gi"),
    dayNumber: weekdayNumber,
    simple: [
      [WEEKDAYS, WEEKDAYS_RULE],
      [WEEKENDS, WEEKENDS_RULE],
      [DAILY, DAILY_RULE],
    ],
    unsupported: UNSUPPORTED,
  },
  fr: {
    dayList: FRENCH_DAY_LIST_RE,
    dayName: new RegExp(String.raw`\b${FRENCH_WEEKDAY_PATTERN}\b`, "g"),
    dayNumber: frenchWeekdayNumber,
    simple: [
      [FRENCH_WEEKDAYS, WEEKDAYS_RULE],
      [FRENCH_WEEKENDS, WEEKENDS_RULE],
      [FRENCH_DAILY, DAILY_RULE],
    ],
    unsupported: FRENCH_UNSUPPORTED,
  },
};

function readRepeat(text: string, grammar: RepeatGrammar): RecurrenceMatch | "unsupported" | null {
  const weekly = grammar.dayList.exec(text);
  if (weekly) {
    const names = weekly[0].match(grammar.dayName) ?? [];
    const weekdays = [...new Set(names.map(grammar.dayNumber).filter((day) => day !== null))].sort(
      (a, b) => a - b,
    );
    return { rule: { freq: "weekly", weekdays }, index: weekly.index, length: weekly[0].length };
  }
  for (const [pattern, rule] of grammar.simple) {
    const match = pattern.exec(text);
    if (match) return { rule, index: match.index, length: match[0].length };
  }
  return grammar.unsupported.test(text) ? "unsupported" : null;
}

function firesOn(rec: Recurrence, weekday: number): boolean {
  if (rec.freq === "daily") return true;
  if (rec.freq === "weekdays") return weekday <= 5;
  return (rec.weekdays ?? []).includes(weekday);
}

/**
 * The first firing of `rec` strictly after `after`, at `rec.time` on the wall clock of `timeZone`.
 * A time that does not exist that day (spring forward) fires when the clocks jump; a time that
 * exists twice (fall back) fires once, at the first. Throws RangeError for a weekly rule with no
 * valid weekday.
 */
export function nextOccurrence(rec: Recurrence, after: Date, timeZone: string): Date {
  const time = parseHhMm(rec.time);
  const today = localMoment(after, timeZone);
  // Start a day early: `after` may be past local midnight while a firing that evening is ahead.
  for (let offset = -1; offset <= 8; offset += 1) {
    const date = addDays(today, offset);
    if (!firesOn(rec, date.weekday)) continue;
    const at = localInstant(date, time, timeZone);
    if (at.getTime() > after.getTime()) return at;
  }
  throw new RangeError(`recurrence never fires: ${JSON.stringify(rec)}`);
}

/** "daily", "weekdays", "Mon, Thu"; in French "tous les jours", "en semaine", "le lundi et le jeudi". */
export function describeRecurrence(rec: Recurrence, language: Language = "en"): string {
  if (language === "fr") return describeInFrench(rec);
  if (rec.freq === "daily") return "daily";
  if (rec.freq === "weekdays") return "weekdays";
  const days = rec.weekdays ?? [];
  if (days.length === 2 && days[0] === 6 && days[1] === 7) return "weekends";
  return days.map((day) => SHORT_NAMES[day - 1] ?? "?").join(", ");
}

function describeInFrench(rec: Recurrence): string {
  if (rec.freq === "daily") return "tous les jours";
  if (rec.freq === "weekdays") return "en semaine";
  const days = rec.weekdays ?? [];
  if (days.length === 2 && days[0] === 6 && days[1] === 7) return "le week-end";
  const names = days.map((day) => `le ${FRENCH_NAMES[day - 1] ?? "?"}`);
  const last = names.pop();
  return names.length === 0 ? (last ?? "") : `${names.join(", ")} et ${last ?? ""}`;
}
