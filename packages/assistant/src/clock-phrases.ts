// Clock readings inside a message: "9pm", "9:30 pm", "9 p.m.", "21:00", "at 8", "noon", "midnight";
// in French "21h", "21h30", "à 9h du matin", "8h du soir", "midi", "minuit", "à 21".
// An English bare hour 1–11 without am/pm ("at 8", "9:30") is ambiguous; the caller decides which
// half-day. French reads a 24-hour clock: "à 8h" is 08:00 unless "du soir" or "ce soir" says otherwise.
// Patterns run on the folded text (lower case, no accents).
import type { Language } from "./language.ts";
import type { ClockTime } from "./wall-clock.ts";

export interface ClockReading extends ClockTime {
  /** True for "at 8" or "9:30": the reading could be morning or evening. */
  ambiguous: boolean;
  /** A bare hour 1–11 that an evening or afternoon day word moves past noon ("tonight at 9", "ce soir à 9h"). */
  soft?: boolean;
}

export interface ClockMatch {
  reading: ClockReading | "invalid";
  index: number;
  length: number;
  /** The matched words, for an error reply. */
  phrase: string;
  /** The language the phrase is written in; null for "21:00", which both write. */
  language: Language | null;
}

type Reader = (groups: (string | undefined)[]) => ClockReading | "invalid";

const named: Reader = ([word]) =>
  word?.toLowerCase() === "midnight"
    ? { hour: 0, minute: 0, ambiguous: false }
    : { hour: 12, minute: 0, ambiguous: false };

const twelveHour: Reader = ([hourText, minuteText, half]) => {
  const hour = Number(hourText);
  const minute = Number(minuteText ?? 0);
  if (hour < 1 || hour > 12 || minute > 59) return "invalid";
  const pm = half?.toLowerCase() === "p";
  return { hour: (hour % 12) + (pm ? 12 : 0), minute, ambiguous: false };
};

const twentyFourHour: Reader = ([hourText = "", minuteText]) => {
  const hour = Number(hourText);
  const minute = Number(minuteText ?? 0);
  if (hour > 23 || minute > 59) return "invalid";
  const ambiguous = hour >= 1 && hour <= 11 && !hourText.startsWith("0");
  return { hour, minute, ambiguous, soft: ambiguous };
};

const FRENCH_HALF: Record<string, number> = { demi: 30, demie: 30, quart: 15 };

/** "midi", "minuit", "midi et demie", "midi 15". */
const frenchNamed: Reader = ([word, half, minuteText]) => ({
  hour: word === "minuit" ? 0 : 12,
  minute: half ? (FRENCH_HALF[half] ?? 0) : Number(minuteText ?? 0),
  ambiguous: false,
});

/** "du soir", "de l'après-midi": a 1–12 that means the afternoon or evening. */
function afternoonHour(hour: number, minute: number): ClockReading | "invalid" {
  if (hour > 12 || hour === 0) return "invalid";
  return { hour: hour === 12 ? 12 : hour + 12, minute, ambiguous: false };
}

/** "21h", "21h30", "9 heures", "9h du soir", "8h et quart", "à 21". */
const frenchHour: Reader = ([hourText = "", minuteText, half, part]) => {
  const hour = Number(hourText);
  const minute = half === undefined ? Number(minuteText ?? 0) : (FRENCH_HALF[half] ?? 0);
  if (hour > 24 || minute > 59 || (hour === 24 && minute > 0)) return "invalid";
  if (part !== undefined && !part.includes("mat")) return afternoonHour(hour, minute);
  return { hour: hour % 24, minute, ambiguous: false, soft: part === undefined && isBareHour(hour) };
};

function isBareHour(hour: number): boolean {
  return hour >= 1 && hour <= 11;
}

type Pattern = [RegExp, Reader, Language | null];

// Most specific first: "at 9:30pm" must not be read as "at 9:30".
const ENGLISH: Pattern[] = [
  [/\b(?:at\s+)?(noon|midday|midnight)\b/i, named, "en"],
  [/\b(?:at\s+)?(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m\b\.?/i, twelveHour, "en"],
  [/\b(?:at\s+)?(\d{1,2}):(\d{2})\b/i, twentyFourHour, null],
  [/\bat\s+(\d{1,2})\b(?![:.]\d)/i, twentyFourHour, "en"],
];

const AT = String.raw`(?:(?:a|vers|pour|des)\s+)?`;
const PART = String.raw`(?:\s+(du\s+matin|du\s+mat|du\s+soir|de\s+l'?\s*apres[- ]?midi|de\s+l'?\s*aprem))?`;
const FRENCH: Pattern[] = [
  // Not the "midi" of "après-midi".
  [
    new RegExp(String.raw`(?<![\w-])(?<!apres\s)${AT}(midi|minuit)(?:\s+et\s+(demie?|quart)|\s*(\d{2}))?\b`),
    frenchNamed,
    "fr",
  ],
  [
    new RegExp(String.raw`\b${AT}(\d{1,2})\s*(?:h|heures?)(?:\s*(\d{2})|\s+et\s+(demie?|quart))?\b${PART}`),
    ([hour, minute, half, part]) => frenchHour([hour, minute, half, part]),
    "fr",
  ],
  [
    new RegExp(String.raw`\b${AT}(\d{1,2})[:.](\d{2})\b${PART}`),
    ([hour, minute, part]) => frenchHour([hour, minute, undefined, part]),
    null,
  ],
];
// "à 21" with no "h": only with the accent typed ("a 6" may be "a 6-pack" in English).
const BARE_A =
  /(?<![\p{L}\d])à\s+(\d{1,2})\b(?!\s*(?:[:.,]\d|min|mn|s\b|sec|jours?|j\b|ans?|fois|%|€|euros?|personnes?))/iu;

function firstMatch(patterns: Pattern[], text: string): ClockMatch | null {
  for (const [pattern, read, language] of patterns) {
    const match = pattern.exec(text);
    if (match) {
      const reading = read(match.slice(1));
      return { reading, index: match.index, length: match[0].length, phrase: match[0], language };
    }
  }
  return null;
}

function bareFrenchHour(original: string): ClockMatch | null {
  const match = BARE_A.exec(original);
  if (!match) return null;
  const reading = frenchHour([match[1], undefined, undefined, undefined]);
  return { reading, index: match.index, length: match[0].length, phrase: match[0], language: "fr" };
}

/**
 * The first clock phrase of `text` (folded), trying the languages in order; `original` is the
 * text as typed (a French bare "à 21" needs its accent).
 */
export function findClock(
  text: string,
  languages: readonly Language[] = ["en"],
  original = text,
): ClockMatch | null {
  for (const language of languages) {
    const found =
      language === "en" ? firstMatch(ENGLISH, text) : (firstMatch(FRENCH, text) ?? bareFrenchHour(original));
    if (found) return found;
  }
  return null;
}

/** An evening or afternoon day word's reading of a bare hour ("tonight at 9", "ce soir à 9h"): after noon. */
export function afterNoon(reading: ClockReading): ClockTime {
  if (!reading.soft && !reading.ambiguous) return { hour: reading.hour, minute: reading.minute };
  return { hour: reading.hour + 12, minute: reading.minute };
}

/** With a day named ("tomorrow at 8", "friday at 5"): 7–11 are morning, 1–6 afternoon/evening. */
export function dayTime(reading: ClockReading): ClockTime {
  if (!reading.ambiguous || reading.hour >= 7) return { hour: reading.hour, minute: reading.minute };
  return { hour: reading.hour + 12, minute: reading.minute };
}

/** Both halves of the day an ambiguous reading may mean, morning first. */
export function bothHalves(reading: ClockReading): ClockTime[] {
  const morning = { hour: reading.hour, minute: reading.minute };
  return reading.ambiguous ? [morning, { hour: reading.hour + 12, minute: reading.minute }] : [morning];
}
