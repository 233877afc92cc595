// The deterministic engine: inbound text + the user's context → reply + actions. Pure: no I/O and
// no clock but ctx.now. Each topic's handler claims a message or passes; the first claim wins. It
// reads English and French in any message and answers in the language the message is clearly
// written in, else in the user's (ctx.language).
import { energyCommand } from "./energy.ts";
import { focusCommand } from "./focus.ts";
import { helpCommand, unknown } from "./help.ts";
import { cleanInput, MAX_INPUT, messageOf } from "./input.ts";
import type { Handler, Message } from "./input.ts";
import { planCommand } from "./plan.ts";
import { languageCommand } from "./preferences.ts";
import { quietCommand } from "./quiet-hours.ts";
import { needToCommand, reminderCommand, timeFirstReminder } from "./reminders.ts";
import { snoozeCommand } from "./snooze.ts";
import { taskCommand } from "./tasks.ts";
import { timeZoneCommand } from "./time-zone.ts";
import { correctCommandWord } from "./typos.ts";
import type { EngineContext, EngineResult } from "./types.ts";
import { isKnownZone } from "./wall-clock.ts";

export { endOfQuiet, isQuiet } from "./quiet-hours.ts";
export { describeRecurrence, nextOccurrence } from "./recurrence.ts";
export { MAX_FOCUS_MINUTES } from "./focus.ts";
export { MAX_TITLE } from "./tasks.ts";
export type * from "./types.ts";
export { defaultLanguage, languageOf, parseLanguage, LANGUAGES } from "./language.ts";
export type { Language } from "./language.ts";
export { notices } from "./messages/notices.ts";
export type { Notices } from "./messages/notices.ts";

// Order matters where words overlap: "done focus" before "done 2", "cancel focus" before
// "cancel 2", "today" before a reminder that starts with a day, "delete reminder 2" before
// "delete 2", "langue fr" before anything, "I need to … at 6pm" before a time-first reminder.
const HANDLERS: Handler[] = [
  helpCommand,
  languageCommand,
  planCommand,
  focusCommand,
  energyCommand,
  timeZoneCommand,
  quietCommand,
  snoozeCommand,
  reminderCommand,
  taskCommand,
  needToCommand,
  timeFirstReminder,
];

function firstClaim(message: Message, ctx: EngineContext): EngineResult | null {
  for (const handler of HANDLERS) {
    const result = handler(message, ctx);
    if (result) return result;
  }
  return null;
}

export function interpret(text: string, ctx: EngineContext): EngineResult {
  if (text.length > MAX_INPUT) return unknown(text, true, ctx);
  // A zone the database holds but ICU does not know would make every date invalid: read it as UTC.
  const safe = isKnownZone(ctx.timeZone) ? ctx : { ...ctx, timeZone: "UTC" };
  const message = /^\s*\?+\s*$/.test(text) ? messageOf("?") : cleanInput(text);
  const claimed = firstClaim(message, safe);
  if (claimed) return claimed;
  const corrected = correctCommandWord(message.text);
  return (corrected === null ? null : firstClaim(cleanInput(corrected), safe)) ?? unknown(text, false, safe);
}
