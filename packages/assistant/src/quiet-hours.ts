// Quiet hours: a local window ("22:00"–"07:00", may wrap midnight) in which nudges wait. The
// workers call isQuiet/endOfQuiet; users set it with "quiet 22-7", "quiet 22:30-07:00",
// "quiet 10pm-7am" (24-hour unless am/pm is given), "quiet off", or ask with "quiet"; in French
// "silence 22h-7h", "heures calmes de 22h à 7h", "ne pas déranger 23h-6h", "silence off".
import type { Handler } from "./input.ts";
import { replyLanguage } from "./input.ts";
import type { Language } from "./language.ts";
import type { QuietHours } from "./types.ts";
import { addDays, formatHhMm, localInstant, localMoment, parseHhMm } from "./wall-clock.ts";
import type { ClockTime } from "./wall-clock.ts";

// On the folded text; "dnd" is said in both languages.
const QUIET = /^(quiet(?:\s+hours?)?|dnd|do not disturb)\b\s*[:=]?\s*(.*)$/;
const FRENCH_QUIET =
  /^(silence|calme|heures?\s+(?:calmes?|de\s+silence)|ne\s+pas\s+deranger|npd|pas\s+de\s+(?:messages?|notifs?|notifications?|relances?))\b\s*[:=]?\s*(.*)$/;
const OFF =
  /^(?:off|none|no|stop|disable|clear|remove|non|aucune?s?|desactive[rsz]?|arrete[rz]?|fin|supprime[rz]?|rien)$/;
const SIDE = String.raw`(\d{1,2})(?:[:.h](\d{2})|h)?\s*([ap]\.?m\.?)?`;
const RANGE = new RegExp(
  String.raw`^(?:from\s+|de\s+|entre\s+)?${SIDE}\s*(?:-|–|—|to|until|till|a|jusqu'?a|et)\s*${SIDE}$`,
  "i",
);

const WORDS: Readonly<
  Record<
    Language,
    {
      current(start: string, end: string): string;
      none: string;
      howToSet: string;
      off: string;
      bad: string;
      same: string;
      set(start: string, end: string): string;
      clock(hhmm: string): string;
    }
  >
> = {
  en: {
    current: (start, end) => `Quiet hours: ${start}-${end}.`,
    none: "No quiet hours set.",
    howToSet: "Set them with 'quiet 22-7' or 'quiet off'.",
    off: "Quiet hours off: nudges can come any time.",
    bad: "Give a range like 'quiet 22-7' or 'quiet 22:30-07:00'.",
    same: "Start and end must differ, e.g. 'quiet 22-7'.",
    set: (start, end) => `Quiet hours ${start}-${end}: no nudges then. Text 'quiet off' to stop.`,
    clock: (hhmm) => hhmm,
  },
  fr: {
    current: (start, end) => `Heures calmes : ${start}-${end}.`,
    none: "Pas d'heures calmes.",
    howToSet: "Règle-les avec 'silence 22h-7h' ou 'silence off'.",
    off: "Heures calmes désactivées : les relances peuvent arriver à toute heure.",
    bad: "Donne une plage comme 'silence 22h-7h' ou 'silence 22h30-7h'.",
    same: "Le début et la fin doivent différer, par ex. 'silence 22h-7h'.",
    set: (start, end) =>
      `Heures calmes ${start}-${end} : pas de relances. Envoie 'silence off' pour les couper.`,
    clock: (hhmm) => {
      const { hour, minute } = parseHhMm(hhmm);
      return `${hour}h${minute === 0 ? "" : String(minute).padStart(2, "0")}`;
    },
  },
};

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

export const quietCommand: Handler = ({ folded }, ctx) => {
  const english = QUIET.exec(folded);
  const match = english ?? FRENCH_QUIET.exec(folded);
  if (!match) return null;
  const language = replyLanguage(english ? (match[1] === "dnd" ? null : "en") : "fr", ctx);
  const words = WORDS[language];
  const intent = "preferences.quiet";
  const arg = match[2] ?? "";
  if (!arg) {
    const quiet = ctx.quietHours;
    const now = quiet ? words.current(words.clock(quiet.start), words.clock(quiet.end)) : words.none;
    return { intent, reply: `${now} ${words.howToSet}`, actions: [], language };
  }
  if (OFF.test(arg)) {
    return { intent, reply: words.off, actions: [{ type: "preferences.set", quietHours: null }], language };
  }
  const quiet = parseQuietRange(arg);
  if (!quiet) return { intent, reply: words.bad, actions: [], language };
  if (quiet.start === quiet.end) return { intent, reply: words.same, actions: [], language };
  const reply = words.set(words.clock(quiet.start), words.clock(quiet.end));
  return { intent, reply, actions: [{ type: "preferences.set", quietHours: quiet }], language };
};
