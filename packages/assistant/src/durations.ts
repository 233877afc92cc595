// Spoken durations: "20 min", "2 hours", "1h30", "1 hour and 30 minutes", "an hour", "half an hour",
// "90", "1.5h". Used by "in …" reminders, snooze and focus.

const AMOUNT = String.raw`(\d+(?:\.\d+)?|an?|one|half an?)`;
const UNIT = String.raw`(d|days?|h|hrs?|hours?|m|mins?|minutes?)(?![a-z])`;
const TAIL = String.raw`(?:(\d{1,2})(?![\d:])|\s*(?:and\s+)?(\d{1,2})\s*(?:m|mins?|minutes?)(?![a-z]))`;

/** A duration with its unit, e.g. "1h30"; the groups feed `durationMinutes`. */
export const DURATION_PATTERN = String.raw`${AMOUNT}\s*${UNIT}${TAIL}?`;

const exact = new RegExp(String.raw`^${DURATION_PATTERN}$`, "i");
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

/** "15" (minutes), "15 min", "1h", "1h30" → minutes; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  const bare = bareNumber.exec(trimmed);
  if (bare) return Number(bare[1]);
  const match = exact.exec(trimmed);
  return match ? durationMinutes(match.slice(1)) : null;
}

/** "25 min", "1 h", "1 h 30 min" */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
