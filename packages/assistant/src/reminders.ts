// Reminders: "remind me to X at 9pm", "remind me at 9:30 to X", "remind me in 20 min to X",
// "remind me to X on friday", "every weekday at 8 …", a message that starts with a time ("in 20 min
// stretch", "tomorrow 8am dentist"), "reminders", "cancel 2", "cancel 1, 3", "cancel all"; in French
// "rappelle-moi de X à 21h", "rappelle moi dans 20 min de X", "demain 8h dentiste", "rappels",
// "annule 2", "annule tout". "I need to …", "don't forget to …", "je dois …", "n'oublie pas de …"
// set a reminder when they name a time, else add a task.
import type { Handler, Message } from "./input.ts";
import { messageOf, tail } from "./input.ts";
import { englishListWords, frenchListWords, pickItems } from "./item-refs.ts";
import { fold, guessLanguage } from "./language.ts";
import type { Language } from "./language.ts";
import { describeRecurrence } from "./recurrence.ts";
import { fitList, shorten, withEcho } from "./replies.ts";
import { NEED_TO, addTask } from "./tasks.ts";
import { readWhen } from "./time-phrases.ts";
import type { Problem } from "./time-phrases.ts";
import type { Action, EngineContext, EngineResult, Recurrence, ReminderView } from "./types.ts";
import { formatClock, formatWhen } from "./wall-clock.ts";

const MAX_TEXT = 200;
const LINE_TEXT = 34;

interface Grammar {
  list: RegExp;
  cancel: RegExp;
  all: RegExp;
  create: RegExp;
  startsWithTime: RegExp;
  leadingFiller: RegExp;
  trailingFiller: RegExp;
}

// Patterns run on the folded text (lower case, no accents).
const ENGLISH_CREATE = String.raw`(?:remind(?:\s+me)?|reminder|set\s+(?:a\s+)?reminder(?:\s+(?:for|to))?|add\s+(?:a\s+)?reminder|nudge\s+me)`;
const FRENCH_CREATE = String.raw`(?:rap+el+e?[sz]?(?:[- ]?(?:moi|nous|-moi))?|nouveau\s+rappel|(?:mets?|ajoute[rz]?|programme[rz]?|cree[rz]?)(?:[- ]?moi)?\s+un\s+rappel(?:\s+pour)?|fai[st][- ]?moi\s+penser(?:\s+a)?|n?'?oublie\s+pas\s+de\s+me\s+rappeler|pense\s+a\s+me\s+rappeler|previens[- ]?moi|alerte[- ]?moi)`;

const GRAMMARS: Readonly<Record<Language, Grammar>> = {
  en: {
    list: /^(?:reminders|(?:list|show|see|my)\s+(?:my\s+)?reminders|reminder\s+list)$/,
    cancel:
      /^(?:cancel|unremind|(?:delete|remove|del|rm|drop)\s+reminders?)(?:\s+(?:my\s+)?(?:the\s+)?reminders?)?(?:\s+(.+))?$/,
    all: /^(?:all|everything|all of them|all reminders|them all)$/,
    create: new RegExp(String.raw`^${ENGLISH_CREATE}\b[\s:,-]*(.*)$`),
    startsWithTime:
      /^(?:in\s+(?:\d|an?\s|half\s)|at\s+(?:\d|noon|midnight)|tomorrow\b|tmrw\b|tonight\b|every\s|each\s|daily\b|weekdays\b|on\s+\w+day\b|\d{1,2}(?::\d{2})?\s*[ap]\.?m\b)/,
    leadingFiller: new RegExp(
      String.raw`^(?:(?:to|that|about|of|me|and|at|on|in|by|for)(?:\s+|$)|[,:;.-]+\s*|${ENGLISH_CREATE}\b(?:\s+(?:to|that|about)\b)?\s*)+`,
    ),
    trailingFiller: new RegExp(
      String.raw`(?:\s+(?:to|at|on|in|and|by|for)|\s*[,:;.-]+|[\s,]+${ENGLISH_CREATE})+$`,
    ),
  },
  fr: {
    list: /^(?:rappels|mes\s+rappels|(?:liste|voir|montre(?:[- ]moi)?)\s+(?:des\s+|les\s+|mes\s+)?rappels)$/,
    cancel:
      /^(?:annule[rz]?|annul|(?:supprime[rz]?|efface[rz]?|enleve[rz]?|retire[rz]?)\s+(?:le\s+|les\s+|mon\s+|mes\s+)?rappels?)(?:\s+(?:le\s+|les\s+|mon\s+|mes\s+)?(?:rappels?\b)?)?(?:\s*(?:n°\s*|numero\s+)?(.+))?$/,
    all: /^(?:tout|tous|toutes|tout ca|tout le reste|tou?s? (?:les|mes) rappels|les rappels|tous les)$/,
    create: new RegExp(String.raw`^${FRENCH_CREATE}\b[\s:,-]*(.*)$`),
    startsWithTime:
      /^(?:(?:dans|d'?ici)\s+(?:\d|une?\s|deux\s|trois\s|dix\s|quinze\s|vingt\s|trente\s)|(?:a|vers)\s+(?:\d|midi|minuit)|\d{1,2}\s*h(?:\d{2})?\b|demain\b|dem\b|2main\b|apres[- ]demain\b|ce\s+soir\b|ce\s+matin\b|cet\s+apres|cet\s+aprem|tous\s+les\s|toutes\s+les\s|chaque\s|en\s+semaine\b|le\s+week-?end\b|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b|le\s+\d{1,2}(?:er)?\s|midi\b|minuit\b|rdv\b|rendez[- ]vous\b|tjrs\b|tjs\b|tlj\b|quotidiennement\b|du\s+lundi\s+au\s+vendredi\b|apres[- ]demain\b)/,
    leadingFiller: new RegExp(
      String.raw`^(?:(?:de|que|pour|a|moi|et|alors|stp|svp)(?:\s+|$)|(?:d|qu|m)'\s*|[,:;.-]+\s*|${FRENCH_CREATE}\b(?:\s+(?:de\b|d'|que\b|qu'))?\s*)+`,
    ),
    trailingFiller: new RegExp(
      String.raw`(?:\s+(?:a|de|pour|et|le|vers|stp|svp)|\s*[,:;.-]+|[\s,]+${FRENCH_CREATE}\b)+$`,
    ),
  },
};

interface ReminderWords {
  askWhatAndWhen: string;
  askWhen(echo: string): string;
  past(at: string): string;
  set(when: string, echo: string): string;
  setRepeating(repeat: string, echo: string, first: string): string;
  at: string;
  fallbackText: string;
  noReminders: string;
  listHeader: string;
  listFooter: string;
  more: string;
  whichToCancel: string;
  cancelledAll(count: number): string;
  cancelled(echo: string, when: string): string;
  cancelledMany(count: number): string;
  nothingToCancel: string;
  listWords: ReturnType<typeof englishListWords>;
  problem(problem: Problem): string;
}

const ENGLISH: ReminderWords = {
  askWhatAndWhen: "Remind you of what, and when? E.g. 'remind me to take meds at 9pm'.",
  askWhen: (echo) => `When should I remind you? E.g. 'remind me to ${echo} at 9pm'.`,
  past: (at) => `${at} has already passed. Pick a later time, e.g. 'tomorrow 8am'.`,
  set: (when, echo) => `OK, I'll remind you ${when}: ${echo}`,
  setRepeating: (repeat, echo, first) => `OK, ${repeat}: ${echo}. First: ${first}.`,
  at: "at",
  fallbackText: "Reminder",
  noReminders: "No reminders. Try 'remind me at 9pm to take meds'.",
  listHeader: "Reminders:",
  listFooter: "Text 'cancel 1' to drop one.",
  more: "more",
  whichToCancel: "Which one? Text 'cancel 2' (numbers from 'reminders') or 'cancel all'.",
  cancelledAll: (count) =>
    ["No reminders to cancel.", "Cancelled your only reminder.", `Cancelled all ${count} reminders.`][
      Math.min(count, 2)
    ] as string,
  cancelled: (echo, when) => `Cancelled "${echo}" (${when}).`,
  cancelledMany: (count) => `Cancelled ${count} reminders.`,
  nothingToCancel: "You have no reminders to cancel.",
  listWords: englishListWords("reminder", "reminders", "cancel", "You have no reminders to cancel."),
  problem: (problem) => {
    switch (problem.kind) {
      case "unreadable":
        return `I can't read "${problem.phrase}".`;
      case "unreadable-time":
        return `I can't read the time "${problem.phrase}".`;
      case "unreadable-date":
        return `There is no such date as "${problem.phrase}".`;
      case "repeat-unsupported":
        return "I can repeat daily, on weekdays or on set days, e.g. 'every mon and thu at 6pm'.";
      case "today-needs-time":
        return "What time? E.g. 'today at 5pm'.";
      case "tonight-needs-time":
        return "What time tonight? E.g. 'tonight at 10pm'.";
    }
  },
};

const FRENCH: ReminderWords = {
  askWhatAndWhen: "Te rappeler quoi, et quand ? Par ex. 'rappelle-moi à 21h de prendre mes médicaments'.",
  askWhen: (echo) => `Quand ? Par ex. 'rappelle-moi à 21h de ${echo}'.`,
  past: (at) => `${at} est déjà passé. Choisis plus tard, par ex. 'demain 8h'.`,
  set: (when, echo) => `OK, je te le rappelle ${when} : ${echo}`,
  setRepeating: (repeat, echo, first) => `OK, ${repeat} : ${echo}. Premier rappel : ${first}.`,
  at: "à",
  fallbackText: "Rappel",
  noReminders: "Aucun rappel. Essaie 'rappelle-moi à 21h de prendre mes médicaments'.",
  listHeader: "Rappels :",
  listFooter: "Envoie 'annule 1' pour en retirer un.",
  more: "autres",
  whichToCancel: "Lequel ? Envoie 'annule 2' (numéros de 'rappels') ou 'annule tout'.",
  cancelledAll: (count) =>
    ["Aucun rappel à annuler.", "Ton seul rappel est annulé.", `Tes ${count} rappels sont annulés.`][
      Math.min(count, 2)
    ] as string,
  cancelled: (echo, when) => `Annulé : "${echo}" (${when}).`,
  cancelledMany: (count) => `${count} rappels annulés.`,
  nothingToCancel: "Tu n'as aucun rappel à annuler.",
  listWords: frenchListWords("rappels", "annule", "Tu n'as aucun rappel à annuler."),
  problem: (problem) => {
    switch (problem.kind) {
      case "unreadable":
        return `Je ne comprends pas "${problem.phrase}".`;
      case "unreadable-time":
        return `Je ne comprends pas l'heure "${problem.phrase}".`;
      case "unreadable-date":
        return `La date "${problem.phrase}" n'existe pas.`;
      case "repeat-unsupported":
        return "Je peux répéter tous les jours, en semaine ou certains jours, par ex. 'tous les lundis et jeudis à 18h'.";
      case "today-needs-time":
        return "Quelle heure ? Par ex. 'aujourd'hui à 17h'.";
      case "tonight-needs-time":
        return "Ce soir à quelle heure ? Par ex. 'ce soir à 22h'.";
    }
  },
};

const WORDS: Readonly<Record<Language, ReminderWords>> = { en: ENGLISH, fr: FRENCH };

const other = (language: Language): Language => (language === "en" ? "fr" : "en");

/** The reminder's own words: the time phrases are gone, and so are command words and fillers at its ends. */
function cleanText(rest: string, language: Language): string {
  const grammar = GRAMMARS[language];
  const message = messageOf(rest.replace(/\s+/g, " ").trim());
  const lead = grammar.leadingFiller.exec(message.folded);
  const start = lead ? lead[0].length : 0;
  const tail = grammar.trailingFiller.exec(message.folded.slice(start));
  const end = tail ? start + tail.index : message.text.length;
  return shorten(message.text.slice(start, end).trim(), MAX_TEXT);
}

function reminderLine(reminder: ReminderView, index: number, ctx: EngineContext, language: Language): string {
  const repeat = reminder.recurrence ? ` (${describeRecurrence(reminder.recurrence, language)})` : "";
  const when = formatWhen(reminder.dueAt, ctx.now, ctx.timeZone, language);
  return `${index + 1}. ${when} ${shorten(reminder.text, LINE_TEXT)}${repeat}`;
}

function listReminders(ctx: EngineContext, language: Language): EngineResult {
  const words = WORDS[language];
  if (ctx.reminders.length === 0) {
    return { intent: "reminder.list", reply: words.noReminders, actions: [], language };
  }
  const lines = ctx.reminders.map((reminder, index) => reminderLine(reminder, index, ctx, language));
  const reply = fitList({ header: words.listHeader, lines, footer: words.listFooter, more: words.more });
  return { intent: "reminder.list", reply, actions: [], language };
}

function cancelReminders(arg: string | undefined, ctx: EngineContext, language: Language): EngineResult {
  const intent = "reminder.cancel";
  const words = WORDS[language];
  if (!arg) return { intent, reply: words.whichToCancel, actions: [], language };
  if (GRAMMARS[language].all.test(fold(arg))) {
    const actions: Action[] = ctx.reminders.map((reminder) => ({
      type: "reminder.cancel",
      reminderId: reminder.id,
    }));
    return { intent, reply: words.cancelledAll(actions.length), actions, language };
  }
  const list = {
    items: ctx.reminders,
    titleOf: (reminder: ReminderView) => reminder.text,
    words: words.listWords,
  };
  const picked = pickItems(arg, list, language === "fr" ? fold : undefined);
  if (!picked.ok) return { intent, reply: picked.reply, actions: [], language };
  const actions: Action[] = picked.picked.map(({ item }) => ({
    type: "reminder.cancel",
    reminderId: item.id,
  }));
  const only = picked.picked.length === 1 ? picked.picked[0] : undefined;
  const reply = only
    ? withEcho(
        (echo) => words.cancelled(echo, formatWhen(only.item.dueAt, ctx.now, ctx.timeZone, language)),
        only.item.text,
      )
    : words.cancelledMany(picked.picked.length);
  return { intent, reply, actions, language };
}

interface Planned {
  text: string;
  dueAt: Date;
  recurrence: Recurrence | null;
}

function confirmation({ text, dueAt, recurrence }: Planned, ctx: EngineContext, language: Language): string {
  const words = WORDS[language];
  const when = formatWhen(dueAt, ctx.now, ctx.timeZone, language);
  if (!recurrence) return withEcho((echo) => words.set(when, echo), text);
  const clock = formatClock(dueAt, ctx.timeZone, language);
  const repeat = `${describeRecurrence(recurrence, language)} ${words.at} ${clock}`;
  return withEcho((echo) => words.setRepeating(repeat, echo, when), text);
}

/** A command with no time: ask what and when, or when. */
function askWhen(rest: string, language: Language): EngineResult {
  const intent = "reminder.create";
  const words = WORDS[language];
  const text = cleanText(rest, language);
  if (!text) return { intent, reply: words.askWhatAndWhen, actions: [], language };
  return { intent, reply: withEcho((echo) => words.askWhen(echo), text), actions: [], language };
}

/**
 * A reminder from `body`. `said` is the language of the command word (null for a message that
 * starts with its time); `bare`: no command word, so a message without a time or a text is not
 * a reminder at all.
 */
function createReminder(
  body: Message,
  ctx: EngineContext,
  said: Language | null,
  bare: boolean,
): EngineResult | null {
  const intent = "reminder.create";
  const first = said ?? ctx.language;
  const when = readWhen(body, ctx, [first, other(first)]);
  const language = said ?? when.said ?? guessLanguage(body.folded) ?? ctx.language;
  const words = WORDS[language];
  if (when.status === "invalid") return { intent, reply: words.problem(when.problem), actions: [], language };
  if (when.status === "none") return bare ? null : askWhen(when.rest, language);
  const text = cleanText(when.rest, language);
  if (bare && !text) return null;
  if (when.status === "past") {
    const at = formatWhen(when.dueAt, ctx.now, ctx.timeZone, language);
    return { intent, reply: words.past(at), actions: [], language };
  }
  const planned: Planned = {
    text: text || words.fallbackText,
    dueAt: when.dueAt,
    recurrence: when.recurrence,
  };
  const reply = confirmation(planned, ctx, language);
  return { intent, reply, actions: [{ type: "reminder.create", ...planned }], language };
}

// "reminders" is English and "rappels" French; "annule" and "cancel" pick the list's language.
export const reminderCommand: Handler = (message, ctx) => {
  for (const language of ["en", "fr"] as const) {
    const grammar = GRAMMARS[language];
    if (grammar.list.test(message.folded)) return listReminders(ctx, language);
    const cancel = grammar.cancel.exec(message.folded);
    if (cancel) {
      const arg = cancel[1] === undefined ? undefined : tail(message, cancel).text;
      return cancelReminders(arg, ctx, language);
    }
  }
  for (const language of ["en", "fr"] as const) {
    const create = GRAMMARS[language].create.exec(message.folded);
    if (create) return createReminder(tail(message, create), ctx, language, false);
  }
  for (const language of ["en", "fr"] as const) {
    const later = LATER_COMMAND[language].exec(message.folded);
    if (later) {
      // "call mum, remind me at 9pm": the words before the command are the reminder.
      const before = message.text.slice(0, later.index);
      const after = message.text.slice(later.index + later[0].length);
      return createReminder(messageOf(`${after} ${before}`), ctx, language, false);
    }
  }
  return null;
};

// "remind me" / "rappelle-moi" after the reminder's words.
const LATER_COMMAND = {
  en: /[\s,;:.-]+remind\s+me\b/,
  fr: /[\s,;:.-]+rap+el+e?[- ]?moi\b/,
};

const DONT_FORGET = {
  en: /^(?:don'?t|do\s+not|dont)\s+(?:let\s+me\s+)?forget\s+(?:to\s+|about\s+)?(.+)$/,
  fr: /^(?:n'?oublie\s+pas|oublie\s+pas|pense\s+a)\s+(?:de\s+|d'|que\s+|qu'|a\s+)?(.+)$/,
};

/**
 * "I need to call mum at 6pm", "n'oublie pas d'appeler maman demain" (a reminder: they name a
 * time); "I need to email the landlord", "je dois appeler la CAF" (a task).
 */
export const needToCommand: Handler = (message, ctx) => {
  for (const language of ["en", "fr"] as const) {
    const match = DONT_FORGET[language].exec(message.folded) ?? NEED_TO[language].exec(message.folded);
    if (!match) continue;
    const rest = tail(message, match);
    const reminder = createReminder(rest, ctx, language, true);
    if (reminder) return reminder;
    return addTask(rest.text, ctx, language);
  }
  return null;
};

/** "in 20 min stretch", "tomorrow 8am dentist", "demain 8h dentiste": a reminder without "remind me". */
export const timeFirstReminder: Handler = (message, ctx) => {
  const starts = (["en", "fr"] as const).filter((language) =>
    GRAMMARS[language].startsWithTime.test(message.folded),
  );
  const first = starts[0];
  return first ? createReminder(message, ctx, null, true) : null;
};
