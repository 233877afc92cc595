// Quiet hours: a local window ("22:00"–"07:00", may wrap midnight) in which nudges wait. The
// workers call isQuiet/endOfQuiet; users set it with "quiet 22-7", "quiet 22:30-07:00",
// "quiet 10pm-7am" (24-hour unless am/pm is given), "quiet off", or ask with "quiet".
import type { Handler } from "./input.ts";
import type { QuietHours } from "./types.ts";
import { addDays, formatHhMm, localInstant, localMoment, parseHhMm } from "./wall-clock.ts";
import type { ClockTime } from "./wall-clock.ts";

const QUIET = /^(?:quiet(?:\s+hours?)?|dnd|do not disturb)\b\s*[:=]?\s*(.*)$/i;
const OFF = /^(?:off|none|no|stop|disable|clear|remove)$/i;
const SIDE = String.raw`(\d{1,2})(?:[:.h](\d{2}))?\s*([ap]\.?m\.?)?`;
const RANGE = new RegExp(String.raw`^(?:from\s+)?${SIDE}\s*(?:-|–|—|to|until|till)\s*${SIDE}$`, "i");

function minuteOfDay(time: ClockTime): number {
  return time.hour * 60 + time.minute;
}

/** True when `at` falls inside the window on the user's wall clock (start inclusive, end exclusive). */
export function isQuiet(at: Date, quiet: QuietHours | null, timeZone: string): boolean {
  if (!quiet) return false;
  const now = minuteOfDay(localMoment(at, timeZone));
  const start = minuteOfDay(parseHhMm(quiet.start));
  const end = minuteOfDay(parseHhMm(quiet.end));
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** When the quiet window that `at` is in ends; `at` itself when it is not quiet then. */
export function endOfQuiet(at: Date, quiet: QuietHours, timeZone: string): Date {
  if (!isQuiet(at, quiet, timeZone)) return at;
  const local = localMoment(at, timeZone);
  const end = parseHhMm(quiet.end);
  const endsTomorrow = minuteOfDay(local) >= minuteOfDay(end);
  return localInstant(endsTomorrow ? addDays(local, 1) : local, end, timeZone);
}

function readSide(
  hourText: string | undefined,
  minuteText: string | undefined,
  half: string | undefined,
): ClockTime | null {
  const hour = Number(hourText);
  const minute = Number(minuteText ?? 0);
  if (minute > 59) return null;
  if (!half) return hour <= 23 ? { hour, minute } : hour === 24 && minute === 0 ? { hour: 0, minute } : null;
  if (hour < 1 || hour > 12) return null;
  return { hour: (hour % 12) + (half.toLowerCase().startsWith("p") ? 12 : 0), minute };
}

export function parseQuietRange(text: string): QuietHours | null {
  const match = RANGE.exec(text.trim());
  if (!match) return null;
  const [, h1, m1, half1, h2, m2, half2] = match;
  const start = readSide(h1, m1, half1);
  const end = readSide(h2, m2, half2);
  return start && end ? { start: formatHhMm(start), end: formatHhMm(end) } : null;
}

export const quietCommand: Handler = ({ text }, ctx) => {
  const match = QUIET.exec(text);
  if (!match) return null;
  const intent = "preferences.quiet";
  const arg = match[1] ?? "";
  if (!arg) {
    const now = ctx.quietHours
      ? `Quiet hours: ${ctx.quietHours.start}-${ctx.quietHours.end}.`
      : "No quiet hours set.";
    return { intent, reply: `${now} Set them with 'quiet 22-7' or 'quiet off'.`, actions: [] };
  }
  if (OFF.test(arg)) {
    return {
      intent,
      reply: "Quiet hours off: nudges can come any time.",
      actions: [{ type: "preferences.set", quietHours: null }],
    };
  }
  const quiet = parseQuietRange(arg);
  if (!quiet) return { intent, reply: "Give a range like 'quiet 22-7' or 'quiet 22:30-07:00'.", actions: [] };
  if (quiet.start === quiet.end)
    return { intent, reply: "Start and end must differ, e.g. 'quiet 22-7'.", actions: [] };
  const reply = `Quiet hours ${quiet.start}-${quiet.end}: no nudges then. Text 'quiet off' to stop.`;
  return { intent, reply, actions: [{ type: "preferences.set", quietHours: quiet }] };
};
