// Tasks: "add call the bank", "add task …", "todo buy milk", "tasks" / "list", "done 2", "did 1, 3",
// "complete buy milk", "delete 3" / "remove 3". Numbers are positions in ctx.openTasks (1..n).
import type { Handler } from "./input.ts";
import { pickItems } from "./item-refs.ts";
import type { ItemList } from "./item-refs.ts";
import { fitList, plural, shorten, withEcho } from "./replies.ts";
import type { Action, EngineContext, EngineResult, TaskView } from "./types.ts";

/** Longest title stored; longer ones are cut at a word boundary. */
export const MAX_TITLE = 200;
const LINE_TITLE = 40;

const LIST =
  /^(?:tasks?|todos?|to-?dos?|list|ls|(?:list|show|see|my|open)\s+(?:my\s+)?(?:tasks|todos?|list))$/i;
const BARE_ADD = /^(?:add|new)(?:\s+(?:a\s+)?(?:new\s+)?task)?$/i;
const ADD = /^(?:add(?:\s+(?:a\s+)?(?:new\s+)?task)?|new\s+task|task|todo|to-?do)(?:\s*[:-]\s*|\s+)(.+)$/i;
const COMPLETE =
  /^(?:done|did|complete|completed|finished|finish|check(?:\s+off)?|tick(?:\s+off)?)(?:\s+(?:task\s+|with\s+)?(.+))?$/i;
const DELETE = /^(?:delete|remove|del|rm|drop|erase)(?:\s+(?:task\s+)?(.+))?$/i;

function taskList(ctx: EngineContext, verb: string): ItemList<TaskView> {
  return {
    items: ctx.openTasks,
    noun: "task",
    listCommand: "tasks",
    verb,
    titleOf: (task) => task.title,
    emptyReply: "You have no open tasks. Add one: 'add call the bank'.",
  };
}

function left(count: number): string {
  return count === 0 ? "All clear!" : `${count} left.`;
}

function listTasks(ctx: EngineContext): EngineResult {
  if (ctx.openTasks.length === 0) {
    return { intent: "task.list", reply: "No open tasks. Add one: 'add call the bank'.", actions: [] };
  }
  const lines = ctx.openTasks.map((task, index) => `${index + 1}. ${shorten(task.title, LINE_TITLE)}`);
  const reply = fitList({ header: "Tasks:", lines, footer: "Finished one? Text 'done 1'." });
  return { intent: "task.list", reply, actions: [] };
}

function addTask(words: string, ctx: EngineContext): EngineResult {
  const title = shorten(words.replace(/^["']|["']$/g, "").trim(), MAX_TITLE);
  const existing = ctx.openTasks.findIndex((task) => task.title.toLowerCase() === title.toLowerCase());
  if (existing >= 0) {
    const reply = withEcho((echo) => `"${echo}" is already task ${existing + 1}.`, title);
    return { intent: "task.add", reply, actions: [] };
  }
  const open = ctx.openTasks.length + 1;
  const reply = withEcho((echo) => `Added "${echo}". ${plural(open, "open task")}.`, title);
  return { intent: "task.add", reply, actions: [{ type: "task.add", title }] };
}

const CHANGES = {
  complete: { intent: "task.complete", verb: "done", past: "Done:", cheer: " Nice work!" },
  delete: { intent: "task.delete", verb: "delete", past: "Deleted", cheer: "" },
} as const;

function changeTasks(kind: keyof typeof CHANGES, arg: string | undefined, ctx: EngineContext): EngineResult {
  const { intent, verb, past, cheer } = CHANGES[kind];
  if (!arg) return { intent, reply: `Which task? Text '${verb} 2' (numbers from 'tasks').`, actions: [] };
  const picked = pickItems(arg, taskList(ctx, verb));
  if (!picked.ok) return { intent, reply: picked.reply, actions: [] };
  const actions: Action[] = picked.picked.map(({ item }) => ({ type: intent, taskId: item.id }));
  const tail = `${cheer} ${left(ctx.openTasks.length - picked.picked.length)}`;
  const only = picked.picked.length === 1 ? picked.picked[0] : undefined;
  const reply = only
    ? withEcho((echo) => `${past} "${echo}".${tail}`, only.item.title)
    : `${past} ${plural(picked.picked.length, "task")}.${tail}`;
  return { intent, reply, actions };
}

export const taskCommand: Handler = ({ text }, ctx) => {
  if (LIST.test(text)) return listTasks(ctx);
  if (BARE_ADD.test(text)) {
    return { intent: "task.add", reply: "Add what? E.g. 'add call the bank'.", actions: [] };
  }
  const add = ADD.exec(text);
  if (add) return addTask(add[1] ?? "", ctx);
  const complete = COMPLETE.exec(text);
  if (complete) return changeTasks("complete", complete[1], ctx);
  const remove = DELETE.exec(text);
  if (remove) return changeTasks("delete", remove[1], ctx);
  return null;
};
