// The narrative analyzer: a journal entry → its themes, its sentiment and its language, from the
// French and English lexicons (lexicon.ts). Deterministic and explainable: each theme lists the
// words that gave it, the sentiment lists each scored word with its weight and whether a negation
// ("pas", "not") or an intensifier ("très", "very") changed it. No model, no network: a few
// microseconds an entry (measured by make bench-iris).
import { INTENSIFIERS, NEGATORS, SENTIMENT, STOPWORDS, THEMES } from "./lexicon.ts";
import type { Theme } from "./lexicon.ts";

export type EntryLanguage = "fr" | "en" | "mixed" | "unknown";

export interface SentimentHit {
  word: string;
  weight: number;
  negated: boolean;
  intensified: boolean;
}

export interface Analysis {
  language: EntryLanguage;
  themes: { theme: Theme; words: string[] }[];
  sentiment: {
    /** In [-1, 1]: the hits' weights summed, over 4, clamped. */
    score: number;
    label: "positive" | "negative" | "neutral" | "mixed";
    hits: SentimentHit[];
  };
}

/** A lexicon compiled once: exact words in a map, "prefix*" entries by prefix, longest first. */
interface Compiled<V> {
  exact: Map<string, V>;
  prefixes: [string, V][];
}

function compile<V>(entries: Iterable<[string, V]>): Compiled<V> {
  const exact = new Map<string, V>();
  const prefixes: [string, V][] = [];
  for (const [word, value] of entries) {
    if (word.endsWith("*")) prefixes.push([word.slice(0, -1), value]);
    else exact.set(word, value);
  }
  prefixes.sort(([a], [b]) => b.length - a.length);
  return { exact, prefixes };
}

function lookup<V>(lexicon: Compiled<V>, token: string): V | undefined {
  const found = lexicon.exact.get(token);
  if (found !== undefined) return found;
  for (const [prefix, value] of lexicon.prefixes) if (token.startsWith(prefix)) return value;
  return undefined;
}

const themeIndex = compile(
  Object.entries(THEMES).flatMap(([theme, words]) =>
    words.map((word): [string, Theme[]] => [word, [theme as Theme]]),
  ),
);
// A word may belong to several themes ("therap*": health; "focus*" twice): merge them.
for (const [word] of themeIndex.exact) {
  const themes = Object.entries(THEMES)
    .filter(([, words]) => words.includes(word))
    .map(([theme]) => theme as Theme);
  themeIndex.exact.set(word, themes);
}
const sentimentIndex = compile(Object.entries(SENTIMENT));

/** Folded words: lower case, accents removed, "n't" read as "not", apostrophes split ("j'ai"). */
export function tokenize(text: string): string[] {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/n['’]t\b/g, " not")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token !== "");
}

function languageOf(tokens: readonly string[]): EntryLanguage {
  let fr = 0;
  let en = 0;
  for (const token of tokens) {
    if (STOPWORDS.fr.has(token)) fr += 1;
    if (STOPWORDS.en.has(token)) en += 1;
  }
  if (fr === 0 && en === 0) return "unknown";
  if (fr > 0 && en > 0 && Math.min(fr, en) / Math.max(fr, en) >= 0.34) return "mixed";
  return fr >= en ? "fr" : "en";
}

function sentimentHits(tokens: readonly string[]): SentimentHit[] {
  const hits: SentimentHit[] = [];
  tokens.forEach((token, index) => {
    const weight = lookup(sentimentIndex, token);
    if (weight === undefined) return;
    const before = tokens.slice(Math.max(0, index - 3), index);
    const negated = before.some((word) => NEGATORS.has(word));
    const intensified = index > 0 && INTENSIFIERS.has(tokens[index - 1] ?? "");
    const scored = (negated ? -weight : weight) * (intensified ? 1.5 : 1);
    hits.push({ word: token, weight: scored, negated, intensified });
  });
  return hits;
}

function labelOf(score: number, hits: readonly SentimentHit[]): Analysis["sentiment"]["label"] {
  if (score >= 0.2) return "positive";
  if (score <= -0.2) return "negative";
  const both = hits.some((hit) => hit.weight > 0) && hits.some((hit) => hit.weight < 0);
  return both ? "mixed" : "neutral";
}

function themesOf(tokens: readonly string[]): Analysis["themes"] {
  const found = new Map<Theme, Set<string>>();
  for (const token of tokens) {
    for (const theme of lookup(themeIndex, token) ?? []) {
      const words = found.get(theme) ?? new Set<string>();
      words.add(token);
      found.set(theme, words);
    }
  }
  return [...found]
    .map(([theme, words]) => ({ theme, words: [...words] }))
    .sort((a, b) => b.words.length - a.words.length || a.theme.localeCompare(b.theme));
}

export function analyze(text: string): Analysis {
  const tokens = tokenize(text);
  const hits = sentimentHits(tokens);
  const sum = hits.reduce((total, hit) => total + hit.weight, 0);
  const score = Math.round(Math.max(-1, Math.min(1, sum / 4)) * 100) / 100;
  return {
    language: languageOf(tokens),
    themes: themesOf(tokens),
    sentiment: { score, label: labelOf(score, hits), hits },
  };
}

/** Pearson's r of two series of the same length; null under 3 points or with no variance. */
export function correlation(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 3) return null;
  const mean = (values: readonly number[]) => values.slice(0, n).reduce((a, b) => a + b, 0) / n;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (xs[i] ?? 0) - mx;
    const dy = (ys[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.round((sxy / Math.sqrt(sxx * syy)) * 100) / 100;
}
