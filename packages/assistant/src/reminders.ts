// Reminders: "remind me to X at 9pm", "remind me at 9:30 to X", "remind me in 20 min to X",
// "remind me to X on friday", "every weekday at 8 …", a message that starts with a time ("in 20 min
// stretch", "tomorrow 8am dentist"), "reminders", "cancel 2", "cancel 1, 3", "cancel all".
import type { Handler } from "./input.ts";
import { pickItems } from "./item-refs.ts";
import { describeRecurrence } from "./recurrence.ts";
import { fitList, plural, shorten, withEcho } from "./replies.ts";
import { readWhen } from "./time-phrases.ts";
import type { Action, EngineContext, EngineResult, Recurrence, ReminderView } from "./types.ts";
import { formatClock, formatWhen } from "./wall-clock.ts";

const MAX_TEXT = 200;
const LINE_TEXT = 34;

const LIST = /^(?:reminders|(?:list|show|see|my)\s+(?:my\s+)?reminders|reminder\s+list)$/i;
const CANCEL =
  /^(?:cancel|unremind|(?:delete|remove|del|rm|drop)\s+reminders?)(?:\s+(?:my\s+)?(?:the\s+)?reminders?)?(?:\s+(.+))?$/i;
const ALL = /^(?:all|everything|all of them|all reminders|them all)$/i;
const CREATE =
  /^(?:remind(?:\s+me)?|reminder|set\s+(?:a\s+)?reminder(?:\s+(?:for|to))?|add\s+(?:a\s+)?reminder|nudge\s+me)\b[\s:,-]*(.*)$/i;
const STARTS_WITH_TIME =
  /^(?:in\s+(?:\d|an?\s|half\s)|at\s+(?:\d|noon|midnight)|tomorrow\b|tmrw\b|tonight\b|every\s|each\s|daily\b|weekdays\b|on\s+\w+day\b|\d{1,2}(?::\d{2})?\s*[ap]\.?m\b)/i;

const ASK_WHAT_AND_WHEN = "Remind you of what, and when? E.g. 'remind me to take meds at 9pm'.";
const LEADING_FILLER = /^(?:(?:to|that|about|of|me|and|at|on|in|by|for)(?:\s+|$)|[,:;.-]+\s*)+/i;
const TRAILING_FILLER = /(?:\s+(?:to|at|on|in|and|by|for)|\s*[,:;.-]+)+$/i;

function cleanText(rest: string): string {
  const text = rest
    .replace(/\s+/g, " ")
    .trim()
    .replace(LEADING_FILLER, "")
    .replace(TRAILING_FILLER, "")
    .trim();
  return shorten(text, MAX_TEXT);
}

function reminderLine(reminder: ReminderView, index: number, ctx: EngineContext): string {
  const repeat = reminder.recurrence ? ` (${describeRecurrence(reminder.recurrence)})` : "";
  return `${index + 1}. ${formatWhen(reminder.dueAt, ctx.now, ctx.timeZone)} ${shorten(reminder.text, LINE_TEXT)}${repeat}`;
}

function listReminders(ctx: EngineContext): EngineResult {
  if (ctx.reminders.length === 0) {
    return {
      intent: "reminder.list",
      reply: "No reminders. Try 'remind me at 9pm to take meds'.",
      actions: [],
    };
  }
  const lines = ctx.reminders.map((reminder, index) => reminderLine(reminder, index, ctx));
  return {
    intent: "reminder.list",
    reply: fitList({ header: "Reminders:", lines, footer: "Text 'cancel 1' to drop one." }),
    actions: [],
  };
}

function cancelReminders(arg: string | undefined, ctx: EngineContext): EngineResult {
  const intent = "reminder.cancel";
  if (!arg)
    return {
      intent,
      reply: "Which one? Text 'cancel 2' (numbers from 'reminders') or 'cancel all'.",
      actions: [],
    };
  if (ALL.test(arg)) {
    const actions: Action[] = ctx.reminders.map((reminder) => ({
      type: "reminder.cancel",
      reminderId: reminder.id,
    }));
    const reply = [
      "No reminders to cancel.",
      "Cancelled your only reminder.",
      `Cancelled all ${actions.length} reminders.`,
    ][Math.min(actions.length, 2)] as string;
    return { intent, reply, actions };
  }
  const picked = pickItems(arg, {
    items: ctx.reminders,
    noun: "reminder",
    listCommand: "reminders",
    verb: "cancel",
    titleOf: (reminder) => reminder.text,
    emptyReply: "You have no reminders to cancel.",
  });
  if (!picked.ok) return { intent, reply: picked.reply, actions: [] };
  const actions: Action[] = picked.picked.map(({ item }) => ({
    type: "reminder.cancel",
    reminderId: item.id,
  }));
  const only = picked.picked.length === 1 ? picked.picked[0] : undefined;
  const reply = only
    ? withEcho(
        (echo) => `Cancelled "${echo}" (${formatWhen(only.item.dueAt, ctx.now, ctx.timeZone)}).`,
        only.item.text,
      )
    : `Cancelled ${plural(picked.picked.length, "reminder")}.`;
  return { intent, reply, actions };
}

function confirmation(text: string, dueAt: Date, recurrence: Recurrence | null, ctx: EngineContext): string {
  const when = formatWhen(dueAt, ctx.now, ctx.timeZone);
  if (!recurrence) return withEcho((echo) => `OK, I'll remind you ${when}: ${echo}`, text);
  const repeat = `${describeRecurrence(recurrence)} at ${formatClock(dueAt, ctx.timeZone)}`;
  return withEcho((echo) => `OK, ${repeat}: ${echo}. First: ${when}.`, text);
}

function createReminder(body: string, ctx: EngineContext, bare: boolean): EngineResult | null {
  const intent = "reminder.create";
  const when = readWhen(body, ctx);
  if (when.status === "invalid") return { intent, reply: when.problem, actions: [] };
  if (when.status === "none") {
    if (bare) return null;
    const text = cleanText(when.rest);
    if (!text) return { intent, reply: ASK_WHAT_AND_WHEN, actions: [] };
    return {
      intent,
      reply: withEcho((echo) => `When should I remind you? E.g. 'remind me to ${echo} at 9pm'.`, text),
      actions: [],
    };
  }
  const text = cleanText(when.rest);
  if (bare && !text) return null;
  if (when.status === "past") {
    const at = formatWhen(when.dueAt, ctx.now, ctx.timeZone);
    return {
      intent,
      reply: `${at} has already passed. Pick a later time, e.g. 'tomorrow 8am'.`,
      actions: [],
    };
  }
  const reminder = text || "Reminder";
  const action: Action = {
    type: "reminder.create",
    text: reminder,
    dueAt: when.dueAt,
    recurrence: when.recurrence,
  };
  return { intent, reply: confirmation(reminder, when.dueAt, when.recurrence, ctx), actions: [action] };
}

export const reminderCommand: Handler = ({ text }, ctx) => {
  if (LIST.test(text)) return listReminders(ctx);
  const cancel = CANCEL.exec(text);
  if (cancel) return cancelReminders(cancel[1], ctx);
  const create = CREATE.exec(text);
  if (!create) return null;
  return createReminder(create[1] ?? "", ctx, false);
};

/** "in 20 min stretch", "tomorrow 8am dentist": a reminder without "remind me". */
export const timeFirstReminder: Handler = ({ text }, ctx) =>
  STARTS_WITH_TIME.test(text) ? createReminder(text, ctx, true) : null;
