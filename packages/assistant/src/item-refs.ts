// "done 2", "done 1, 3", "cancel 2 and 4", "delete buy milk", "fait 1 et 3": which items of a
// numbered list (tasks or reminders, 1..n in the order the user sees them) a command points at.

/** How a list's refusals read in one language. */
export interface ListWords {
  /** "There's no task 5: you have 3 tasks. Text 'tasks' to see them." */
  missing(number: number, count: number): string;
  /** Nothing's title matches. */
  noMatch: string;
  /** Several titles match: `numbers` are the first few. */
  several(numbers: number[]): string;
  /** The reply when there is nothing to point at. */
  empty: string;
}

export interface ItemList<T> {
  items: T[];
  titleOf: (item: T) => string;
  words: ListWords;
}

export interface Picked<T> {
  item: T;
  /** 1-based position in the list. */
  number: number;
}

export type PickResult<T> = { ok: true; picked: Picked<T>[] } | { ok: false; reply: string };

const NUMBERS = /^(?:(?:#|n°|no\.?\s*)?\d+)(?:\s*(?:,|&|\band\b|\bet\b|\s)\s*(?:#|n°)?\d+)*$/i;

function byNumbers<T>(arg: string, list: ItemList<T>): PickResult<T> {
  const numbers = [...new Set((arg.match(/\d+/g) ?? []).map(Number))];
  const missing = numbers.find((n) => n < 1 || n > list.items.length);
  if (missing !== undefined) return { ok: false, reply: list.words.missing(missing, list.items.length) };
  return { ok: true, picked: numbers.map((number) => ({ item: list.items[number - 1] as T, number })) };
}

function byTitle<T>(arg: string, list: ItemList<T>, fold: (text: string) => string): PickResult<T> {
  const wanted = fold(arg);
  const numbered = list.items.map((item, index) => ({ item, number: index + 1 }));
  const exact = numbered.filter(({ item }) => fold(list.titleOf(item)) === wanted);
  const partial = numbered.filter(({ item }) => fold(list.titleOf(item)).includes(wanted));
  const found = exact.length > 0 ? exact : partial;
  const first = found[0];
  if (found.length === 1 && first) return { ok: true, picked: [first] };
  if (found.length === 0) return { ok: false, reply: list.words.noMatch };
  return { ok: false, reply: list.words.several(found.slice(0, 5).map(({ number }) => number)) };
}

/**
 * Resolves numbers ("2", "#2", "1, 3", "2 and 4", "1 et 3") or a title ("buy milk") against the
 * list. Titles compare without case (and, for French, without accents: `fold`).
 */
export function pickItems<T>(
  arg: string,
  list: ItemList<T>,
  fold: (text: string) => string = (text) => text.toLowerCase(),
): PickResult<T> {
  if (list.items.length === 0) return { ok: false, reply: list.words.empty };
  return NUMBERS.test(arg.trim()) ? byNumbers(arg, list) : byTitle(arg.trim(), list, fold);
}

/** The English refusals, worded as they always were. */
export function englishListWords(noun: string, listCommand: string, verb: string, empty: string): ListWords {
  return {
    missing: (number, count) => {
      const have = count === 1 ? `1 ${noun}` : `${count} ${noun}s`;
      return `There's no ${noun} ${number}: you have ${have}. Text '${listCommand}' to see them.`;
    },
    noMatch: `No ${noun} matches that. Text '${listCommand}' to see the numbers.`,
    several: (numbers) =>
      `That matches ${noun}s ${numbers.join(", ")}. Which one? E.g. '${verb} ${numbers[0] ?? 1}'.`,
    empty,
  };
}

/** The French refusals; `listCommand` and `verb` are French commands ("liste", "fait"). */
export function frenchListWords(listCommand: string, verb: string, empty: string): ListWords {
  return {
    missing: (number, count) =>
      `Pas de numéro ${number} : ta liste en a ${count}. Envoie '${listCommand}' pour la voir.`,
    noMatch: `Rien ne correspond. Envoie '${listCommand}' pour voir les numéros.`,
    several: (numbers) =>
      `Plusieurs correspondent (${numbers.join(", ")}). Lequel ? Par ex. '${verb} ${numbers[0] ?? 1}'.`,
    empty,
  };
}
