// Tasks: "add call the bank", "add task …", "todo buy milk", "tasks" / "list", "done 2", "did 1, 3",
// "complete buy milk", "delete 3"; in French "ajoute appeler la CAF", "tâches", "ma liste",
// "fait 1", "supprime 3". "I need to …" / "je dois …" add a task (with a time, they set a
// reminder: see reminders.ts). Numbers are positions in ctx.openTasks (1..n).
import { fold } from "./language.ts";
import type { Language } from "./language.ts";
import type { Handler, Message } from "./input.ts";
import { replyLanguage, tail } from "./input.ts";
import { englishListWords, frenchListWords, pickItems } from "./item-refs.ts";
import type { ItemList, ListWords } from "./item-refs.ts";
import { fitList, plural, shorten, withEcho } from "./replies.ts";
import type { Action, EngineContext, EngineResult, TaskView } from "./types.ts";

/** Longest title stored; longer ones are cut at a word boundary. */
export const MAX_TITLE = 200;
const LINE_TITLE = 40;

interface Grammar {
  list: RegExp;
  bareAdd: RegExp;
  add: RegExp;
  complete: RegExp;
  delete: RegExp;
}

// English patterns run on the folded text: lower case, so no /i needed.
const ENGLISH: Grammar = {
  list: /^(?:tasks?|todos?|to-?dos?|list|ls|(?:list|show|see|my|open)\s+(?:my\s+)?(?:tasks|todos?|list)|what(?:'?s|\s+is)\s+(?:left|on my list|(?:still\s+)?to do)|what\s+(?:else\s+)?(?:do|should|must)\s+i\s+(?:have|need)?\s*(?:to\s+)?do(?:\s+today)?)$/,
  bareAdd: /^(?:add|new)(?:\s+(?:a\s+)?(?:new\s+)?task)?$/,
  add: /^(?:add(?:\s+(?:a\s+)?(?:new\s+)?task)?|new\s+task|task|todo|to-?do)(?:\s*[:-]\s*|\s+)(.+)$/,
  complete:
    /^(?:done|did|complete|completed|finished|finish|check(?:\s+off)?|tick(?:\s+off)?)(?:\s+(?:task\s+|with\s+)?(.+))?$/,
  delete: /^(?:delete|remove|del|rm|drop|erase)(?:\s+(?:task\s+)?(.+))?$/,
};

const TACHE = String.raw`taches?`;
const FRENCH: Grammar = {
  list: new RegExp(
    String.raw`^(?:${TACHE}|(?:mes|les|voir|liste(?:\s+des)?|montre(?:[- ]moi)?(?:\s+mes)?)\s+${TACHE}|(?:ma\s+)?liste|a\s+faire|(?:ma\s+)?to-?do|qu'?est[- ]ce\s+(?:que\s+(?:je\s+|j'?)(?:ai|dois)|qu'?il\s+(?:me\s+)?reste)\s*(?:a\s+)?(?:faire)?|(?:il\s+)?(?:me\s+)?reste\s+quoi|(?:il\s+)?me\s+reste\s+quoi\s+a\s+faire|quoi\s+faire|que\s+dois[- ]je\s+faire|j'?ai\s+quoi\s+a\s+faire|ce\s+qui\s+(?:me\s+)?reste)$`,
  ),
  bareAdd: new RegExp(
    String.raw`^(?:ajoute[rz]?|ajout|nouvelle)(?:\s+(?:une\s+)?(?:nouvelle\s+)?${TACHE})?$`,
  ),
  add: new RegExp(
    String.raw`^(?:(?:ajoute[rz]?|ajout|note[rz]?|mets?)(?:\s+(?:une\s+)?(?:nouvelle\s+)?${TACHE})?|nouvelle\s+${TACHE}|${TACHE}|a\s+faire)(?:\s*[:-]\s*|\s+)(.+)$`,
  ),
  complete: new RegExp(
    String.raw`^(?:fait|fais|fini|finie|termine|terminee|c'?est\s+fait|valide|validee|coche|cochee|ok\s+pour)(?:\s+(?:la\s+)?(?:${TACHE}\s+)?(?:n°\s*|numero\s+)?(.+))?$`,
  ),
  delete: new RegExp(
    String.raw`^(?:supprime[rz]?|suppr|efface[rz]?|enleve[rz]?|retire[rz]?|vire[rz]?)(?:\s+(?:la\s+)?(?:${TACHE}\s+)?(?:n°\s*|numero\s+)?(.+))?$`,
  ),
};

// "I need to email the landlord", "je dois appeler la CAF": a task (reminders.ts claims the ones
// that name a time first).
export const NEED_TO = {
  en: /^(?:i\s+(?:really\s+)?(?:need|have|got)\s+to|i\s+must|i\s+gotta|i\s+should|i'?ve\s+got\s+to|gotta|need\s+to|have\s+to|must)\s+(.+)$/,
  fr: /^(?:je\s+dois|j'?dois|il\s+(?:faut|faudrait)\s+que\s+j(?:e\s+|')|faut\s+que\s+j(?:e\s+|')|il\s+faut\s+(?=\w)|j'?ai\s+besoin\s+de\s+|je\s+devrais)\s*(.+)$/,
};

interface TaskWords {
  listHeader: string;
  listFooter: string;
  more: string;
  emptyList: string;
  addWhat: string;
  already(echo: string, number: number): string;
  added(echo: string, open: string): string;
  open(count: number): string;
  left(count: number): string;
  which(verb: string): string;
  many(count: number): string;
  listWords(verb: string): ListWords;
  complete: { verb: string; past: string; cheer: string };
  delete: { verb: string; past: string; cheer: string };
}

const WORDS: Readonly<Record<Language, TaskWords>> = {
  en: {
    listHeader: "Tasks:",
    listFooter: "Finished one? Text 'done 1'.",
    more: "more",
    emptyList: "No open tasks. Add one: 'add call the bank'.",
    addWhat: "Add what? E.g. 'add call the bank'.",
    already: (echo: string, number: number) => `"${echo}" is already task ${number}.`,
    added: (echo: string, open: string) => `Added "${echo}". ${open}.`,
    open: (count: number) => plural(count, "open task"),
    left: (count: number) => (count === 0 ? "All clear!" : `${count} left.`),
    which: (verb: string) => `Which task? Text '${verb} 2' (numbers from 'tasks').`,
    many: (count: number) => plural(count, "task"),
    listWords: (verb: string) =>
      englishListWords("task", "tasks", verb, "You have no open tasks. Add one: 'add call the bank'."),
    complete: { verb: "done", past: "Done:", cheer: " Nice work!" },
    delete: { verb: "delete", past: "Deleted", cheer: "" },
  },
  fr: {
    listHeader: "Ta liste :",
    listFooter: "Fini ? Envoie 'fait 1'.",
    more: "autres",
    emptyList: "Ta liste est vide. Ajoute quelque chose : 'ajoute appeler la banque'.",
    addWhat: "Ajouter quoi ? Par ex. 'ajoute appeler la banque'.",
    already: (echo: string, number: number) => `"${echo}" est déjà dans ta liste (numéro ${number}).`,
    added: (echo: string, open: string) => `Ajouté : "${echo}". ${open}.`,
    open: (count: number) => `${count} à faire`,
    left: (count: number) => (count === 0 ? "Tout est fait !" : `Il en reste ${count}.`),
    which: (verb: string) => `Laquelle ? Envoie '${verb} 2' (numéros de 'liste').`,
    many: (count: number) => `${count} ${count <= 1 ? "chose" : "choses"}`,
    listWords: (verb: string) =>
      frenchListWords("liste", verb, "Ta liste est vide. Ajoute quelque chose : 'ajoute appeler la banque'."),
    complete: { verb: "fait", past: "Fait :", cheer: " Bravo !" },
    delete: { verb: "supprime", past: "Supprimé :", cheer: "" },
  },
};

function listTasks(ctx: EngineContext, language: Language): EngineResult {
  const words = WORDS[language];
  if (ctx.openTasks.length === 0) {
    return { intent: "task.list", reply: words.emptyList, actions: [], language };
  }
  const lines = ctx.openTasks.map((task, index) => `${index + 1}. ${shorten(task.title, LINE_TITLE)}`);
  const reply = fitList({ header: words.listHeader, lines, footer: words.listFooter, more: words.more });
  return { intent: "task.list", reply, actions: [], language };
}

export function addTask(words: string, ctx: EngineContext, language: Language): EngineResult {
  const title = shorten(words.replace(/^["']|["']$/g, "").trim(), MAX_TITLE);
  const existing = ctx.openTasks.findIndex((task) => fold(task.title) === fold(title));
  const say = WORDS[language];
  if (existing >= 0) {
    const reply = withEcho((echo) => say.already(echo, existing + 1), title);
    return { intent: "task.add", reply, actions: [], language };
  }
  const open = say.open(ctx.openTasks.length + 1);
  const reply = withEcho((echo) => say.added(echo, open), title);
  return { intent: "task.add", reply, actions: [{ type: "task.add", title }], language };
}

const INTENTS = { complete: "task.complete", delete: "task.delete" } as const;

function changeTasks(
  kind: keyof typeof INTENTS,
  arg: string | undefined,
  ctx: EngineContext,
  language: Language,
): EngineResult {
  const intent = INTENTS[kind];
  const say = WORDS[language];
  const { verb, past, cheer } = say[kind];
  if (!arg) return { intent, reply: say.which(verb), actions: [], language };
  const list: ItemList<TaskView> = {
    items: ctx.openTasks,
    titleOf: (task) => task.title,
    words: say.listWords(verb),
  };
  const picked = pickItems(arg, list, language === "fr" ? fold : undefined);
  if (!picked.ok) return { intent, reply: picked.reply, actions: [], language };
  const actions: Action[] = picked.picked.map(({ item }) => ({ type: intent, taskId: item.id }));
  const tail = `${cheer} ${say.left(ctx.openTasks.length - picked.picked.length)}`;
  const only = picked.picked.length === 1 ? picked.picked[0] : undefined;
  const reply = only
    ? withEcho((echo) => `${past} "${echo}".${tail}`, only.item.title)
    : `${past} ${say.many(picked.picked.length)}.${tail}`;
  return { intent, reply, actions, language };
}

/** The user's words of the pattern's one capture group, as typed. */
const wordsOf = (message: Message, match: RegExpExecArray): string => tail(message, match).text;

function byGrammar(message: Message, ctx: EngineContext, grammar: Grammar, language: Language) {
  const text = message.folded;
  if (grammar.list.test(text)) return listTasks(ctx, language);
  if (grammar.bareAdd.test(text)) {
    return { intent: "task.add", reply: WORDS[language].addWhat, actions: [], language };
  }
  const add = grammar.add.exec(text);
  if (add) return addTask(wordsOf(message, add), ctx, language);
  const complete = grammar.complete.exec(text);
  if (complete)
    return changeTasks(
      "complete",
      complete[1] === undefined ? undefined : wordsOf(message, complete),
      ctx,
      language,
    );
  const remove = grammar.delete.exec(text);
  if (remove)
    return changeTasks(
      "delete",
      remove[1] === undefined ? undefined : wordsOf(message, remove),
      ctx,
      language,
    );
  return null;
}

// "list", "todo" and "liste" are words both languages text: they answer in the user's language.
const SHARED_LIST = /^(?:list|liste|todo|to-?do|ls)$/;

export const taskCommand: Handler = (message, ctx) => {
  if (SHARED_LIST.test(message.folded)) return listTasks(ctx, replyLanguage(null, ctx));
  return byGrammar(message, ctx, ENGLISH, "en") ?? byGrammar(message, ctx, FRENCH, "fr");
};

/** "I need to email the landlord", "je dois appeler la CAF" (no time in it): a new task. */
export const needToTask: Handler = (message, ctx) => {
  for (const language of ["en", "fr"] as const) {
    const match = NEED_TO[language].exec(message.folded);
    if (match) return addTask(wordsOf(message, match), ctx, language);
  }
  return null;
};
