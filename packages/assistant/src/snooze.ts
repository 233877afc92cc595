// "snooze" (10 min), "snooze 15", "snooze 1h", "snooze for 30 minutes": pushes back the reminder
// that fired last (ctx.lastFired).
import { formatMinutes, parseDuration } from "./durations.ts";
import type { Handler } from "./input.ts";
import { withEcho } from "./replies.ts";
import { formatWhen } from "./wall-clock.ts";

export const DEFAULT_SNOOZE_MINUTES = 10;
const MAX_SNOOZE_MINUTES = 24 * 60;
const SNOOZE = /^snooze(?:\s+(?:for\s+|it\s+|it\s+for\s+)?(.+))?$/i;

export const snoozeCommand: Handler = ({ text }, ctx) => {
  const match = SNOOZE.exec(text);
  if (!match) return null;
  const intent = "reminder.snooze";
  const fired = ctx.lastFired;
  if (!fired) return { intent, reply: "Nothing to snooze right now.", actions: [] };
  const minutes = match[1] === undefined ? DEFAULT_SNOOZE_MINUTES : parseDuration(match[1]);
  if (minutes === null)
    return { intent, reply: "Snooze how long? E.g. 'snooze 15' or 'snooze 1h'.", actions: [] };
  if (minutes < 1 || minutes > MAX_SNOOZE_MINUTES) {
    return { intent, reply: "I can snooze from 1 min to 24 h, e.g. 'snooze 15'.", actions: [] };
  }
  const dueAt = new Date(ctx.now.getTime() + minutes * 60_000);
  const until = formatWhen(dueAt, ctx.now, ctx.timeZone);
  const reply = withEcho(
    (echo) => `Snoozed "${echo}" ${formatMinutes(minutes)}, until ${until}.`,
    fired.text,
  );
  return { intent, reply, actions: [{ type: "reminder.snooze", reminderId: fired.id, dueAt }] };
};
