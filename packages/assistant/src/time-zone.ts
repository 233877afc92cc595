// "tz Europe/Berlin", "timezone America/New_York", "time zone new york", "tz berlin": the user's
// IANA zone, checked with luxon. A city alone works when exactly one zone ends with it. In French
// "fuseau Europe/Paris", "fuseau horaire paris"; "tz" is said in both languages.
import type { Handler } from "./input.ts";
import { replyLanguage, tail } from "./input.ts";
import { fold } from "./language.ts";
import type { Language } from "./language.ts";
import { withEcho } from "./replies.ts";
import { formatWhen, isKnownZone } from "./wall-clock.ts";

// On the folded text.
const TIME_ZONE = /^(?:set\s+(?:my\s+)?)?(tz|timezone|time\s*zone)\b(?:\s+(?:to|is)\b)?\s*[:=]?\s*(.*)$/;
const FRENCH_TIME_ZONE =
  /^(?:(?:change[rz]?|regle[rz]?|mets?)\s+(?:mon\s+|le\s+)?)?(fuseau(?:\s+horaire)?)\b(?:\s+(?:a|sur|en|est|:))?\s*[:=]?\s*(.*)$/;

const WORDS: Readonly<
  Record<
    Language,
    {
      current(zone: string, now: string): string;
      unknown(echo: string): string;
      set(zone: string, now: string): string;
    }
  >
> = {
  en: {
    current: (zone, now) => `Your time zone is ${zone} (now ${now}). Change it: 'tz America/New_York'.`,
    unknown: (echo) => `I don't know the time zone "${echo}". Try e.g. 'tz Europe/Berlin'.`,
    set: (zone, now) => `Time zone set to ${zone}. It's ${now} there.`,
  },
  fr: {
    current: (zone, now) =>
      `Ton fuseau horaire : ${zone} (il est ${now}). Pour changer : 'fuseau Europe/Paris'.`,
    unknown: (echo) => `Je ne connais pas le fuseau "${echo}". Essaie par ex. 'fuseau Europe/Paris'.`,
    set: (zone, now) => `Fuseau horaire : ${zone}. Il est ${now} là-bas.`,
  },
};
const zoneNames: string[] = Intl.supportedValuesOf("timeZone");

const WELL_SPELLED = /^[A-Z][A-Za-z0-9_+-]*(?:\/[A-Z][A-Za-z0-9_+-]*)+$/;

/** A known zone's usual spelling: as typed when it looks right ("Asia/Kolkata"), else ICU's. */
function spelling(name: string): string {
  const listed = zoneNames.find((zone) => zone.toLowerCase() === name.toLowerCase());
  if (listed) return listed;
  if (WELL_SPELLED.test(name)) return name;
  return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
}

/** The zone for "Europe/Berlin", "europe/berlin", "America/New York", "berlin", "utc", or null. */
export function resolveZone(input: string): string | null {
  const name = input.trim().replace(/\s+/g, "_");
  if (!/^[A-Za-z0-9_+\-/]+$/.test(name)) return null;
  if (isKnownZone(name)) return spelling(name);
  const suffix = `/${name.toLowerCase()}`;
  const cities = zoneNames.filter((zone) => zone.toLowerCase().endsWith(suffix));
  return cities.length === 1 && cities[0] ? cities[0] : null;
}

export const timeZoneCommand: Handler = (message, ctx) => {
  const { folded } = message;
  const english = TIME_ZONE.exec(folded);
  const match = english ?? FRENCH_TIME_ZONE.exec(folded);
  if (!match) return null;
  const language = replyLanguage(english ? ((match[1] ?? "") === "tz" ? null : "en") : "fr", ctx);
  const words = WORDS[language];
  const intent = "preferences.timezone";
  // The zone as typed: the group is the end of the match.
  const arg = tail(message, match).text;
  if (!arg) {
    const now = formatWhen(ctx.now, ctx.now, ctx.timeZone, language);
    return { intent, reply: words.current(ctx.timeZone, now), actions: [], language };
  }
  const zone = resolveZone(arg) ?? resolveZone(fold(arg));
  if (!zone) return { intent, reply: withEcho((echo) => words.unknown(echo), arg), actions: [], language };
  const reply = words.set(zone, formatWhen(ctx.now, ctx.now, zone, language));
  return { intent, reply, actions: [{ type: "preferences.set", timeZone: zone }], language };
};
