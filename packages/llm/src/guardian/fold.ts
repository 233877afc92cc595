// A "skeleton" of a text, for matching rules only (never shown, never sent): what an obfuscated
// attack looks like once the disguise is taken off.
//   1. normalised (normalize.ts): fullwidth, zero-width and bidi tricks are gone;
//   2. lower case, accents removed (é → e), so "IGNORÉ" and "ignore" meet;
//   3. look-alike letters from Cyrillic and Greek mapped to Latin (а → a, ο → o, ѕ → s…);
//   4. leetspeak inside words that also have letters (1gn0r3 → ignore; a phone number stays);
//   5. anything not a letter or digit becomes a space; runs of 3+ single letters are joined
//      ("i g n o r e", "i.g.n.o.r.e" → "ignore"; two spaces or more still part words).
// `words` is that text with single spaces; `squashed` has no spaces at all, for phrases whose
// words were cut apart ("instruc tions", "ign-ore").
import { normalizeText } from "./normalize.ts";

const HOMOGLYPHS: Readonly<Record<string, string>> = {
  а: "a",
  б: "b",
  в: "b",
  г: "r",
  д: "d",
  е: "e",
  ё: "e",
  з: "3",
  и: "u",
  й: "u",
  к: "k",
  л: "n",
  м: "m",
  н: "h",
  о: "o",
  п: "n",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  ь: "b",
  і: "i",
  ї: "i",
  ј: "j",
  ѕ: "s",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
  ӏ: "l",
  ɡ: "g",
  ı: "i",
  ℓ: "l",
  ο: "o",
  α: "a",
  β: "b",
  ε: "e",
  η: "n",
  ι: "i",
  κ: "k",
  μ: "u",
  ν: "v",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  ω: "w",
  ϲ: "c",
};

const LEET: Readonly<Record<string, string>> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
  "€": "e",
  "!": "i",
};

export interface Folded {
  words: string;
  squashed: string;
}

const unleet = (token: string): string =>
  /\p{L}/u.test(token) ? token.replace(/[0134578@$€!]/gu, (char) => LEET[char] ?? char) : token;

/** Joins runs of three or more one-letter tokens: "o u b l i e" → "oublie". */
function joinSingles(tokens: readonly string[]): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length >= 3) out.push(run.join(""));
    else out.push(...run);
    run = [];
  };
  for (const token of tokens) {
    if (token.length === 1 && /\p{L}/u.test(token)) run.push(token);
    else {
      flush();
      out.push(token);
    }
  }
  flush();
  return out;
}

export function fold(input: string): Folded {
  const lower = normalizeText(input).text.toLowerCase();
  const plain = lower.normalize("NFD").replace(/\p{M}/gu, "");
  const latin = plain.replace(/[^\x20-\x7e]/gu, (char) => HOMOGLYPHS[char] ?? char);
  // A token for leetspeak keeps the symbols that stand for letters; "!" only inside a word.
  const unleeted = latin.replace(/[\p{L}\p{N}@$€]+(?:!+[\p{L}\p{N}@$€]+)*/gu, unleet);
  // Two spaces or more separate words whose letters were spaced apart ("O U B L I E   T E S").
  const words = unleeted
    .split(/\s{2,}/u)
    .flatMap((segment) => joinSingles(segment.split(/[^\p{L}\p{N}]+/u).filter(Boolean)))
    .join(" ");
  return { words, squashed: words.replaceAll(" ", "") };
}
