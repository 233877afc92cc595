// Wall-clock time in the user's IANA zone: reading an instant's local date and time, and turning a
// local date and time back into an instant. DST rules: a local time that happens twice (fall back)
// is its first instant; a local time that never happens (spring forward) becomes the first valid
// instant after the gap, i.e. the moment the clocks jump.
import { DateTime, IANAZone } from "luxon";
import type { Language } from "./language.ts";

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface ClockTime {
  hour: number;
  minute: number;
}

export interface LocalMoment extends LocalDate, ClockTime {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const MINUTE_MS = 60_000;
const HALF_DAY_MS = 12 * 60 * MINUTE_MS;

/** True for an IANA zone luxon (ICU) knows, in any letter case. */
export function isKnownZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

export function localMoment(at: Date, timeZone: string): LocalMoment {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  const { year, month, day, hour, minute, weekday } = local;
  return { year, month, day, hour, minute, weekday };
}

/** Calendar arithmetic on a local date (no time, so no DST involved). */
export function addDays(date: LocalDate, days: number): LocalDate & { weekday: number } {
  const shifted = DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day },
    { zone: "UTC" },
  ).plus({ days });
  return { year: shifted.year, month: shifted.month, day: shifted.day, weekday: shifted.weekday };
}

export function sameDate(a: LocalDate, b: LocalDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

/** The instant the clock in `timeZone` reads `date` `time` (see the DST rules above). */
export function localInstant(date: LocalDate, time: ClockTime, timeZone: string): Date {
  const zone = IANAZone.create(timeZone);
  const naive = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  const before = zone.offset(naive - HALF_DAY_MS);
  const after = zone.offset(naive + HALF_DAY_MS);
  const candidates = [before, after]
    .map((offset) => naive - offset * MINUTE_MS)
    .filter((ts) => naive - zone.offset(ts) * MINUTE_MS === ts);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  return new Date(gapEnd(zone, naive - after * MINUTE_MS, naive - before * MINUTE_MS, after));
}

/** The first instant in [lo, hi] (whole minutes) whose offset is `offsetAfter`: where the gap ends. */
function gapEnd(zone: IANAZone, lo: number, hi: number, offsetAfter: number): number {
  let low = lo;
  let high = hi;
  while (high - low > MINUTE_MS) {
    const mid = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
    if (zone.offset(mid) === offsetAfter) high = mid;
    else low = mid;
  }
  return high;
}

export function parseHhMm(value: string): ClockTime {
  const [hour = 0, minute = 0] = value.split(":").map(Number);
  return { hour, minute };
}

export function formatHhMm(time: ClockTime): string {
  return `${String(time.hour).padStart(2, "0")}:${String(time.minute).padStart(2, "0")}`;
}

const FRENCH_WEEKDAYS = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."];
// "aout" is the 1990 rectified spelling: "août" would take the SMS out of GSM-7.
const FRENCH_MONTHS = [
  "janvier",
  "février",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "aout",
  "septembre",
  "octobre",
  "novembre",
  "décembre",
];

/** "9:00 PM"; in French "21h", "21h05". */
export function formatClock(at: Date, timeZone: string, language: Language = "en"): string {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (language === "fr")
    return `${local.hour}h${local.minute === 0 ? "" : String(local.minute).padStart(2, "0")}`;
  return local.setLocale("en-US").toFormat("h:mm a");
}

/** "Fri 9:00 PM" within the coming week, "Fri Apr 10 9:00 PM" further out; "ven. 21h", "ven. 10 avril 21h". */
export function formatWhen(at: Date, now: Date, timeZone: string, language: Language = "en"): string {
  const local = DateTime.fromJSDate(at, { zone: timeZone }).setLocale("en-US");
  const days = local
    .startOf("day")
    .diff(DateTime.fromJSDate(now, { zone: timeZone }).startOf("day"), "days").days;
  const soon = days >= 0 && days < 7;
  if (language === "fr") {
    const weekday = FRENCH_WEEKDAYS[local.weekday - 1] ?? "";
    const date = soon
      ? ""
      : ` ${local.day === 1 ? "1er" : local.day} ${FRENCH_MONTHS[local.month - 1] ?? ""}`;
    return `${weekday}${date} ${formatClock(at, timeZone, "fr")}`;
  }
  return local.toFormat(soon ? "ccc h:mm a" : "ccc LLL d h:mm a");
}
