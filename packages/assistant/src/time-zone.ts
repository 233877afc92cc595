// "tz Europe/Berlin", "timezone America/New_York", "time zone new york", "tz berlin": the user's
// IANA zone, checked with luxon. A city alone works when exactly one zone ends with it.
import type { Handler } from "./input.ts";
import { withEcho } from "./replies.ts";
import { formatWhen, isKnownZone } from "./wall-clock.ts";

const TIME_ZONE = /^(?:set\s+(?:my\s+)?)?(?:tz|timezone|time\s*zone)\b(?:\s+(?:to|is)\b)?\s*[:=]?\s*(.*)$/i;
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

export const timeZoneCommand: Handler = ({ text }, ctx) => {
  const match = TIME_ZONE.exec(text);
  if (!match) return null;
  const intent = "preferences.timezone";
  const arg = match[1] ?? "";
  if (!arg) {
    const now = formatWhen(ctx.now, ctx.now, ctx.timeZone);
    return {
      intent,
      reply: `Your time zone is ${ctx.timeZone} (now ${now}). Change it: 'tz America/New_York'.`,
      actions: [],
    };
  }
  const zone = resolveZone(arg);
  if (!zone) {
    const reply = withEcho(
      (echo) => `I don't know the time zone "${echo}". Try e.g. 'tz Europe/Berlin'.`,
      arg,
    );
    return { intent, reply, actions: [] };
  }
  const reply = `Time zone set to ${zone}. It's ${formatWhen(ctx.now, ctx.now, zone)} there.`;
  return { intent, reply, actions: [{ type: "preferences.set", timeZone: zone }] };
};
