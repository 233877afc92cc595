// "snooze" (10 min), "snooze 15", "snooze 1h", "snooze for 30 minutes"; in French "repousse 15",
// "reporte de 30 min", "plus tard": pushes back the reminder that fired last (ctx.lastFired).
import { formatMinutes, parseDuration } from "./durations.ts";
import type { Handler } from "./input.ts";
import { replyLanguage } from "./input.ts";
import type { Language } from "./language.ts";
import { withEcho } from "./replies.ts";
import { formatWhen } from "./wall-clock.ts";

export const DEFAULT_SNOOZE_MINUTES = 10;
const MAX_SNOOZE_MINUTES = 24 * 60;
// "snooze" is what French alarm clocks say too: it answers in the user's language.
const SNOOZE = /^snooze(?:\s+(?:for\s+|it\s+|it\s+for\s+|de\s+|pour\s+)?(.+))?$/;
const FRENCH_SNOOZE =
  /^(?:repousse[rz]?|reporte[rz]?|decale[rz]?|plus\s+tard)(?:\s+(?:le\s+rappel\s+)?(?:de\s+|pour\s+|dans\s+|a\s+dans\s+)?(.+))?$/;

const WORDS: Readonly<
  Record<
    Language,
    {
      nothing: string;
      howLong: string;
      range: string;
      done(echo: string, minutes: string, until: string): string;
    }
  >
> = {
  en: {
    nothing: "Nothing to snooze right now.",
    howLong: "Snooze how long? E.g. 'snooze 15' or 'snooze 1h'.",
    range: "I can snooze from 1 min to 24 h, e.g. 'snooze 15'.",
    done: (echo, minutes, until) => `Snoozed "${echo}" ${minutes}, until ${until}.`,
  },
  fr: {
    nothing: "Rien à repousser pour le moment.",
    howLong: "Repousser de combien ? Par ex. 'snooze 15' ou 'snooze 1h'.",
    range: "Je peux repousser de 1 min à 24 h, par ex. 'snooze 15'.",
    done: (echo, minutes, until) => `Repoussé de ${minutes} : "${echo}", jusqu'à ${until}.`,
  },
};

export const snoozeCommand: Handler = ({ folded }, ctx) => {
  const english = SNOOZE.exec(folded);
  const match = english ?? FRENCH_SNOOZE.exec(folded);
  if (!match) return null;
  const language = replyLanguage(english ? null : "fr", ctx);
  const words = WORDS[language];
  const intent = "reminder.snooze";
  const fired = ctx.lastFired;
  if (!fired) return { intent, reply: words.nothing, actions: [], language };
  const minutes = match[1] === undefined ? DEFAULT_SNOOZE_MINUTES : parseDuration(match[1]);
  if (minutes === null) return { intent, reply: words.howLong, actions: [], language };
  if (minutes < 1 || minutes > MAX_SNOOZE_MINUTES)
    return { intent, reply: words.range, actions: [], language };
  const dueAt = new Date(ctx.now.getTime() + minutes * 60_000);
  const until = formatWhen(dueAt, ctx.now, ctx.timeZone, language);
  const reply = withEcho((echo) => words.done(echo, formatMinutes(minutes), until), fired.text);
  return { intent, reply, actions: [{ type: "reminder.snooze", reminderId: fired.id, dueAt }], language };
};
