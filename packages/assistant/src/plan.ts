// "today" / "plan" ("aujourd'hui", "programme", "ma journée"): the top open tasks, today's
// reminders in local time and the latest energy check-in, within two segments.
import type { Handler } from "./input.ts";
import { replyLanguage } from "./input.ts";
import type { Language } from "./language.ts";
import { LIST_SEGMENTS, shorten } from "./replies.ts";
import { countSegments } from "@phoenix/twilio/segments";
import type { EngineContext } from "./types.ts";
import { formatClock, localMoment, sameDate } from "./wall-clock.ts";

const TOP_TASKS = 3;
const TOP_REMINDERS = 3;
const LINE_TEXT = 32;
// On the folded text; "plan" and "agenda" are said in both languages.
const PLAN =
  /^(?:today|my day|my plan|today'?s plan|plan (?:for )?today|what'?s (?:on )?(?:for )?today|what'?s my (?:day|plan))$/;
const FRENCH_PLAN =
  /^(?:aujourd'?\s?hui|auj|ajd|(?:mon\s+|le\s+)?programme(?:\s+(?:du\s+jour|d'?aujourd'?hui))?|ma\s+journee|(?:mon\s+)?planning|quoi\s+de\s+prevu(?:\s+aujourd'?hui)?|qu'?est[- ]ce\s+(?:que\s+j'?ai|qui\s+est\s+prevu)\s+aujourd'?hui|c'?est\s+quoi\s+(?:le|mon)\s+programme|j'?ai\s+quoi\s+aujourd'?hui)$/;
const SHARED = /^(?:plan|agenda|mon\s+plan)$/;

const WORDS: Readonly<
  Record<
    Language,
    {
      title: string;
      tasks: string;
      reminders: string;
      moreTasks(count: number): string;
      moreReminders(count: number): string;
      nothing: string;
      energyAsk: string;
      energy(level: number): string;
    }
  >
> = {
  en: {
    title: "Today:",
    tasks: "Tasks:",
    reminders: "Reminders:",
    moreTasks: (count) => `+${count} more ('tasks')`,
    moreReminders: (count) => `+${count} more ('reminders')`,
    nothing: "Nothing planned. Add one: 'add call the bank'.",
    energyAsk: "Energy? Text 'energy 1-5'.",
    energy: (level) => `Energy: ${level}/5`,
  },
  fr: {
    title: "Aujourd'hui :",
    tasks: "A faire :",
    reminders: "Rappels :",
    moreTasks: (count) => `+${count} autres ('liste')`,
    moreReminders: (count) => `+${count} autres ('rappels')`,
    nothing: "Rien de prévu. Ajoute quelque chose : 'ajoute appeler la banque'.",
    energyAsk: "Énergie ? Envoie 'énergie 1-5'.",
    energy: (level) => `Énergie : ${level}/5`,
  },
};

function taskLines(ctx: EngineContext, language: Language): string[] {
  const shown = ctx.openTasks
    .slice(0, TOP_TASKS)
    .map((task, index) => `${index + 1}. ${shorten(task.title, LINE_TEXT)}`);
  const more = ctx.openTasks.length - shown.length;
  const words = WORDS[language];
  return shown.length === 0 ? [] : [words.tasks, ...shown, ...(more > 0 ? [words.moreTasks(more)] : [])];
}

function reminderLines(ctx: EngineContext, language: Language): string[] {
  const today = localMoment(ctx.now, ctx.timeZone);
  const due = ctx.reminders.filter((reminder) => sameDate(localMoment(reminder.dueAt, ctx.timeZone), today));
  const shown = due
    .slice(0, TOP_REMINDERS)
    .map((r) => `${formatClock(r.dueAt, ctx.timeZone, language)} ${shorten(r.text, LINE_TEXT)}`);
  const more = due.length - shown.length;
  const words = WORDS[language];
  return shown.length === 0
    ? []
    : [words.reminders, ...shown, ...(more > 0 ? [words.moreReminders(more)] : [])];
}

export const planCommand: Handler = ({ folded }, ctx) => {
  const said: Language | null | undefined = PLAN.test(folded)
    ? "en"
    : FRENCH_PLAN.test(folded)
      ? "fr"
      : SHARED.test(folded)
        ? null
        : undefined;
  if (said === undefined) return null;
  const language = replyLanguage(said, ctx);
  const words = WORDS[language];
  const body = [...taskLines(ctx, language), ...reminderLines(ctx, language)];
  if (body.length === 0) body.push(words.nothing);
  const last = ctx.energyToday.at(-1);
  const lines = [words.title, ...body, last === undefined ? words.energyAsk : words.energy(last)];
  // Titles are already short; drop whole lines from the end of a list only if UCS-2 text overflows.
  while (countSegments(lines.join("\n")).segments > LIST_SEGMENTS && lines.length > 2) lines.splice(-2, 1);
  return { intent: "plan.today", reply: lines.join("\n"), actions: [], language };
};
