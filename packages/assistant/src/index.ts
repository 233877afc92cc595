// The deterministic engine: inbound text + the user's context → reply + actions. Pure: no I/O and
// no clock but ctx.now. Each topic's handler claims a message or passes; the first claim wins.
import { energyCommand } from "./energy.ts";
import { focusCommand } from "./focus.ts";
import { helpCommand, unknown } from "./help.ts";
import { cleanInput, MAX_INPUT } from "./input.ts";
import type { Handler } from "./input.ts";
import { planCommand } from "./plan.ts";
import { quietCommand } from "./quiet-hours.ts";
import { reminderCommand, timeFirstReminder } from "./reminders.ts";
import { snoozeCommand } from "./snooze.ts";
import { taskCommand } from "./tasks.ts";
import { timeZoneCommand } from "./time-zone.ts";
import type { EngineContext, EngineResult } from "./types.ts";
import { isKnownZone } from "./wall-clock.ts";

export { endOfQuiet, isQuiet } from "./quiet-hours.ts";
export { describeRecurrence, nextOccurrence } from "./recurrence.ts";
export type * from "./types.ts";

// Order matters where words overlap: "done focus" before "done 2", "cancel focus" before
// "cancel 2", "today" before a reminder that starts with a day, "delete reminder 2" before "delete 2".
const HANDLERS: Handler[] = [
  helpCommand,
  planCommand,
  focusCommand,
  energyCommand,
  timeZoneCommand,
  quietCommand,
  snoozeCommand,
  reminderCommand,
  taskCommand,
  timeFirstReminder,
];

export function interpret(text: string, ctx: EngineContext): EngineResult {
  if (text.length > MAX_INPUT) return unknown(text, true);
  // A zone the database holds but ICU does not know would make every date invalid: read it as UTC.
  const safe = isKnownZone(ctx.timeZone) ? ctx : { ...ctx, timeZone: "UTC" };
  const message = /^\s*\?+\s*$/.test(text) ? { text: "?" } : cleanInput(text);
  for (const handler of HANDLERS) {
    const result = handler(message, safe);
    if (result) return result;
  }
  return unknown(text, false);
}
