// "today" / "plan": the top open tasks, today's reminders in local time and the latest energy
// check-in, within two segments.
import type { Handler } from "./input.ts";
import { LIST_SEGMENTS, shorten } from "./replies.ts";
import { countSegments } from "@phoenix/twilio/segments";
import type { EngineContext } from "./types.ts";
import { formatClock, localMoment, sameDate } from "./wall-clock.ts";

const TOP_TASKS = 3;
const TOP_REMINDERS = 3;
const LINE_TEXT = 32;
const PLAN =
  /^(?:today|plan|agenda|my day|my plan|today'?s plan|plan (?:for )?today|what'?s (?:on )?(?:for )?today|what'?s my (?:day|plan))$/i;

function taskLines(ctx: EngineContext): string[] {
  const shown = ctx.openTasks
    .slice(0, TOP_TASKS)
    .map((task, index) => `${index + 1}. ${shorten(task.title, LINE_TEXT)}`);
  const more = ctx.openTasks.length - shown.length;
  return shown.length === 0 ? [] : ["Tasks:", ...shown, ...(more > 0 ? [`+${more} more ('tasks')`] : [])];
}

function reminderLines(ctx: EngineContext): string[] {
  const today = localMoment(ctx.now, ctx.timeZone);
  const due = ctx.reminders.filter((reminder) => sameDate(localMoment(reminder.dueAt, ctx.timeZone), today));
  const shown = due
    .slice(0, TOP_REMINDERS)
    .map((r) => `${formatClock(r.dueAt, ctx.timeZone)} ${shorten(r.text, LINE_TEXT)}`);
  const more = due.length - shown.length;
  return shown.length === 0
    ? []
    : ["Reminders:", ...shown, ...(more > 0 ? [`+${more} more ('reminders')`] : [])];
}

function energyLine(ctx: EngineContext): string {
  const last = ctx.energyToday.at(-1);
  return last === undefined ? "Energy? Text 'energy 1-5'." : `Energy: ${last}/5`;
}

export const planCommand: Handler = ({ text }, ctx) => {
  if (!PLAN.test(text)) return null;
  const body = [...taskLines(ctx), ...reminderLines(ctx)];
  if (body.length === 0) body.push("Nothing planned. Add one: 'add call the bank'.");
  const lines = ["Today:", ...body, energyLine(ctx)];
  // Titles are already short; drop whole lines from the end of a list only if UCS-2 text overflows.
  while (countSegments(lines.join("\n")).segments > LIST_SEGMENTS && lines.length > 2) lines.splice(-2, 1);
  return { intent: "plan.today", reply: lines.join("\n"), actions: [] };
};
