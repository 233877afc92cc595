// "done 2", "done 1, 3", "cancel 2 and 4", "delete buy milk": which items of a numbered list
// (tasks or reminders, 1..n in the order the user sees them) a command points at.

export interface ItemList<T> {
  items: T[];
  /** "task" or "reminder" */
  noun: string;
  /** The command that lists them, e.g. "tasks". */
  listCommand: string;
  /** The verb for an example, e.g. "done". */
  verb: string;
  titleOf: (item: T) => string;
  /** The reply when there is nothing to point at. */
  emptyReply: string;
}

export interface Picked<T> {
  item: T;
  /** 1-based position in the list. */
  number: number;
}

export type PickResult<T> = { ok: true; picked: Picked<T>[] } | { ok: false; reply: string };

const NUMBERS = /^(?:#?\d+)(?:\s*(?:,|&|\band\b|\s)\s*#?\d+)*$/i;

function byNumbers<T>(arg: string, list: ItemList<T>): PickResult<T> {
  const numbers = [...new Set((arg.match(/\d+/g) ?? []).map(Number))];
  const missing = numbers.find((n) => n < 1 || n > list.items.length);
  if (missing !== undefined) {
    const have = list.items.length === 1 ? `1 ${list.noun}` : `${list.items.length} ${list.noun}s`;
    return {
      ok: false,
      reply: `There's no ${list.noun} ${missing}: you have ${have}. Text '${list.listCommand}' to see them.`,
    };
  }
  return { ok: true, picked: numbers.map((number) => ({ item: list.items[number - 1] as T, number })) };
}

function byTitle<T>(arg: string, list: ItemList<T>): PickResult<T> {
  const wanted = arg.toLowerCase();
  const numbered = list.items.map((item, index) => ({ item, number: index + 1 }));
  const exact = numbered.filter(({ item }) => list.titleOf(item).toLowerCase() === wanted);
  const partial = numbered.filter(({ item }) => list.titleOf(item).toLowerCase().includes(wanted));
  const found = exact.length > 0 ? exact : partial;
  const first = found[0];
  if (found.length === 1 && first) return { ok: true, picked: [first] };
  if (found.length === 0) {
    return {
      ok: false,
      reply: `No ${list.noun} matches that. Text '${list.listCommand}' to see the numbers.`,
    };
  }
  const numbers = found.slice(0, 5).map(({ number }) => number);
  return {
    ok: false,
    reply: `That matches ${list.noun}s ${numbers.join(", ")}. Which one? E.g. '${list.verb} ${numbers[0]}'.`,
  };
}

/** Resolves numbers ("2", "#2", "1, 3", "2 and 4") or a title ("buy milk") against the list. */
export function pickItems<T>(arg: string, list: ItemList<T>): PickResult<T> {
  if (list.items.length === 0) {
    return { ok: false, reply: list.emptyReply };
  }
  return NUMBERS.test(arg.trim()) ? byNumbers(arg, list) : byTitle(arg.trim(), list);
}
