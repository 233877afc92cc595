// Wall-clock times in the user's time zone (their profile's, which the reminders use), not the
// browser's: a reminder set for 9:00 fires at 9:00 where the user lives.

const partsIn = (instant: Date, timeZone: string) => {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
};

/** How far `timeZone`'s clock is ahead of UTC at `instant`, in ms. */
const offsetAt = (instant: Date, timeZone: string) =>
  partsIn(instant, timeZone) - Math.floor(instant.getTime() / 1000) * 1000;

/** "2026-12-06T09:00" (a datetime-local value) in `timeZone` → the instant; undefined if malformed. */
export function zonedToInstant(local: string, timeZone: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return undefined;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // Twice: the offset at the first guess may differ across a DST change.
  const first = wall - offsetAt(new Date(wall), timeZone);
  return new Date(wall - offsetAt(new Date(first), timeZone));
}

/** The instant as a datetime-local value in `timeZone`, e.g. for a field's default. */
export function instantToZoned(instant: Date, timeZone: string): string {
  return new Date(partsIn(instant, timeZone)).toISOString().slice(0, 16);
}

/** ISO weekday (1 = Monday … 7 = Sunday) named in `language`. */
export function weekdayName(language: string, isoWeekday: number): string {
  // 2024-01-01 was a Monday.
  const day = new Date(Date.UTC(2024, 0, isoWeekday));
  return new Intl.DateTimeFormat(language, { weekday: "long", timeZone: "UTC" }).format(day);
}
