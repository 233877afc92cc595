// A typo in the command word ("rapelle-moi", "remnid me", "tahces", "suprime 2"): when no topic
// understood a message, its first word is compared with the command words of both languages and,
// when exactly one is the closest within one edit (two from six letters), the message is read again with it.
// Only messages nothing understood get here, so a correct command is never changed.
import { fold } from "./language.ts";

const COMMAND_WORDS = [
  // English
  "remind",
  "reminders",
  "reminder",
  "tasks",
  "todo",
  "delete",
  "remove",
  "cancel",
  "complete",
  "finished",
  "snooze",
  "focus",
  "energy",
  "mood",
  "today",
  "agenda",
  "timezone",
  "quiet",
  "help",
  "commands",
  "language",
  // French
  "rappelle-moi",
  "rappelle",
  "rappel",
  "rappels",
  "ajoute",
  "ajouter",
  "taches",
  "tache",
  "liste",
  "supprime",
  "supprimer",
  "annule",
  "annuler",
  "efface",
  "termine",
  "energie",
  "humeur",
  "aujourd'hui",
  "programme",
  "aide",
  "silence",
  "fuseau",
  "langue",
  "concentration",
  "repousse",
];

/** One cell of the edit-distance table: deletion, insertion, substitution or transposition. */
function cell([a, b]: [string, string], i: number, j: number, rows: [number[], number[], number[]]): number {
  const [before, previous, row] = rows;
  const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
  const best = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution);
  const swapped = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1];
  return swapped ? Math.min(best, (before[j - 2] ?? 0) + 1) : best;
}

/** Damerau–Levenshtein (optimal string alignment) distance, stopping once it exceeds `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // Three rows of the table: two rows back (for transpositions), the previous row and this one.
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) row.push(cell([a, b], i, j, [before, previous, row]));
    if (Math.min(...row) > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length] ?? limit + 1;
}

/** `text` with its first word replaced by the one command word it is a typo of, or null. */
export function correctCommandWord(text: string): string | null {
  const match = /^(\S+)(.*)$/s.exec(text);
  const word = match?.[1];
  if (!word) return null;
  const folded = fold(word).replace(/[.,:;!?]+$/, "");
  if (folded.length < 4 || COMMAND_WORDS.includes(folded)) return null;
  const limit = folded.length >= 6 ? 2 : 1;
  const scored = COMMAND_WORDS.map((command) => ({ command, edits: distance(folded, command, limit) }));
  const best = Math.min(...scored.map(({ edits }) => edits));
  const closest = scored.filter(({ edits }) => edits === best && edits <= limit);
  const only = closest.length === 1 ? closest[0]?.command : undefined;
  return only === undefined ? null : `${only}${match[2] ?? ""}`;
}
