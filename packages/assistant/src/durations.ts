// Spoken durations: "20 min", "2 hours", "1h30", "1 hour and 30 minutes", "an hour", "half an hour",
// "90", "1.5h"; in French "20 min", "une heure", "1h30", "2 heures", "une demi-heure", "un quart
// d'heure", "une heure et demie", "3 jours". Used by "in …"/"dans …" reminders, snooze and focus.
// Patterns run on the folded text (lower case, no accents).

const AMOUNT = String.raw`(\d+(?:\.\d+)?|an?|one|half an?)`;
const UNIT = String.raw`(d|days?|h|hrs?|hours?|m|mins?|minutes?)(?![a-z])`;
const TAIL = String.raw`(?:(\d{1,2})(?![\d:])|\s*(?:and\s+)?(\d{1,2})\s*(?:m|mins?|minutes?)(?![a-z]))`;

/** A duration with its unit, e.g. "1h30"; the groups feed `durationMinutes`. */
export const DURATION_PATTERN = String.raw`${AMOUNT}\s*${UNIT}${TAIL}?`;

const FRENCH_AMOUNT = String.raw`(\d+(?:[.,]\d+)?|une?|deux|trois|quatre|cinq|six|dix|quinze|vingt|trente|quarante|cinquante)`;
const FRENCH_UNIT = String.raw`(j|jours?|h|hr|heures?|mn|mins?|minutes?)(?![a-z])`;
const FRENCH_TAIL = String.raw`(?:(\d{1,2})(?![\d:])|\s*(?:et\s+)?(\d{1,2})\s*(?:mn|mins?|minutes?)(?![a-z])|\s*(\d{1,2})(?![\d:h])|\s+et\s+(demie|quart))`;
/** A French duration: "une heure", "1h30", "1 h 30", "2 heures et demie"; groups feed `frenchMinutes`. */
export const FRENCH_DURATION_PATTERN = String.raw`(?:(une\s+demi[e]?[- ]?heure|une\s+demi[e]?h|un\s+quart\s+d'?\s*heure|trois\s+quarts?\s+d'?\s*heure)|${FRENCH_AMOUNT}\s*${FRENCH_UNIT}${FRENCH_TAIL}?)`;

const FRENCH_NUMBERS: Record<string, number> = {
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  six: 6,
  dix: 10,
  quinze: 15,
  vingt: 20,
  trente: 30,
  quarante: 40,
  cinquante: 50,
};

const PHRASE_MINUTES: [string, number][] = [
  ["trois", 45],
  ["quart", 15],
  ["demi", 30],
];

function frenchUnitMinutes(unit: string): number {
  if (unit.startsWith("j")) return 24 * 60;
  return unit.startsWith("h") ? 60 : 1;
}

/** The minutes after the hours: "1h30" → 30, "une heure et demie" → 30, "et quart" → 15. */
function frenchTail(groups: (string | undefined)[]): string | undefined {
  const [attached, spaced, loose, half] = groups;
  if (half !== undefined) return half === "quart" ? "15" : "30";
  return attached ?? spaced ?? loose;
}

/** Minutes of a match of FRENCH_DURATION_PATTERN (groups 1–7), or null for a nonsensical one. */
export function frenchMinutes(groups: (string | undefined)[]): number | null {
  const [phrase, amount, unit] = groups;
  if (phrase) return PHRASE_MINUTES.find(([word]) => phrase.includes(word))?.[1] ?? 30;
  if (amount === undefined || unit === undefined) return null;
  const perUnit = frenchUnitMinutes(unit);
  const tail = frenchTail(groups.slice(3));
  if (tail !== undefined && perUnit !== 60) return null;
  const count = FRENCH_NUMBERS[amount] ?? Number(amount.replace(",", "."));
  const minutes = count * perUnit + Number(tail ?? 0);
  return Number.isFinite(minutes) ? Math.round(minutes) : null;
}

const exact = new RegExp(String.raw`^${DURATION_PATTERN}$`, "i");
const exactFrench = new RegExp(String.raw`^${FRENCH_DURATION_PATTERN}$`);
const bareNumber = /^(\d+)$/;

function amountOf(word: string): number {
  const lower = word.toLowerCase();
  if (lower.startsWith("half")) return 0.5;
  if (lower === "a" || lower === "an" || lower === "one") return 1;
  return Number(lower);
}

function minutesPerUnit(unit: string): number {
  const first = unit.toLowerCase()[0];
  if (first === "d") return 24 * 60;
  if (first === "h") return 60;
  return 1;
}

/** Minutes of a match of DURATION_PATTERN (groups 1–4), or null for a nonsensical one. */
export function durationMinutes(groups: (string | undefined)[]): number | null {
  const [amount, unit, attached, spaced] = groups;
  if (amount === undefined || unit === undefined) return null;
  const tail = attached ?? spaced;
  if (tail !== undefined && minutesPerUnit(unit) !== 60) return null;
  const minutes = amountOf(amount) * minutesPerUnit(unit) + Number(tail ?? 0);
  return Number.isFinite(minutes) ? Math.round(minutes) : null;
}

/** "15" (minutes), "15 min", "1h", "1h30", "une heure" → minutes; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  const bare = bareNumber.exec(trimmed);
  if (bare) return Number(bare[1]);
  const match = exact.exec(trimmed);
  if (match) return durationMinutes(match.slice(1));
  const french = exactFrench.exec(trimmed.toLowerCase());
  return french ? frenchMinutes(french.slice(1)) : null;
}

/** "25 min", "1 h", "1 h 30 min" */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
