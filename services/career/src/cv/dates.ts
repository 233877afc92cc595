// Dates as CVs write them, French or English: "mars 2021", "Mar 2021", "03/2021", "2021", with
// "aujourd'hui", "présent", "en cours", "present", "now" for a job that goes on.
import { fold } from "../match/text.ts";

const monthNames: [string, number][] = [
  ["janvier", 1],
  ["janv", 1],
  ["jan", 1],
  ["january", 1],
  ["fevrier", 2],
  ["fevr", 2],
  ["fev", 2],
  ["february", 2],
  ["feb", 2],
  ["mars", 3],
  ["march", 3],
  ["mar", 3],
  ["avril", 4],
  ["avr", 4],
  ["april", 4],
  ["apr", 4],
  ["mai", 5],
  ["may", 5],
  ["juin", 6],
  ["june", 6],
  ["jun", 6],
  ["juillet", 7],
  ["juil", 7],
  ["july", 7],
  ["jul", 7],
  ["aout", 8],
  ["august", 8],
  ["aug", 8],
  ["septembre", 9],
  ["sept", 9],
  ["sep", 9],
  ["september", 9],
  ["octobre", 10],
  ["oct", 10],
  ["october", 10],
  ["novembre", 11],
  ["nov", 11],
  ["november", 11],
  ["decembre", 12],
  ["dec", 12],
  ["december", 12],
];
const months = new Map(monthNames);
const monthPattern = monthNames
  .map(([name]) => name)
  .sort((a, b) => b.length - a.length)
  .join("|");

const DATE = new RegExp(`(?:(${monthPattern})\\.?\\s+|(0?[1-9]|1[0-2])/)?((?:19|20)\\d{2})`, "g");
const ONGOING = /\b(aujourd'?hui|present|actuel|actuellement|en cours|now|current|today|ce jour)\b/;

export interface Period {
  startDate?: string;
  endDate?: string;
  /** The period's text, to remove from the line it was found on. */
  text: string;
  /** One date alone, no range ("2016"): a diploma's year rather than a start. */
  single: boolean;
}

function isoOf(match: RegExpExecArray): string {
  const [, name, numeric, year] = match;
  const month = name !== undefined ? months.get(name) : numeric !== undefined ? Number(numeric) : undefined;
  return month === undefined ? (year ?? "") : `${year ?? ""}-${String(month).padStart(2, "0")}`;
}

/** The first period of a line: one or two dates, or a date and "today". */
export function periodOf(line: string): Period | undefined {
  const folded = fold(line).replace(/[’]/g, "'");
  const found = [...folded.matchAll(DATE)];
  const first = found[0];
  if (!first) return undefined;
  const second = found[1];
  const startDate = isoOf(first);
  const ongoing = ONGOING.test(folded);
  const end = second && !ongoing ? isoOf(second) : undefined;
  const from = first.index;
  const to =
    second && !ongoing
      ? second.index + second[0].length
      : ongoing
        ? folded.search(ONGOING) + (ONGOING.exec(folded)?.[0].length ?? 0)
        : first.index + first[0].length;
  return {
    startDate,
    ...(end !== undefined && { endDate: end }),
    text: line.slice(from, to),
    single: !second && !ongoing,
  };
}
