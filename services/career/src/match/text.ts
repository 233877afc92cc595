// Text to comparable terms: NFKC, lower case, tokens that keep "c++", "c#" and "node.js" whole,
// accents folded (users often type without them), then a Snowball stem in the text's language.
// The same pipeline runs on offers, CVs and the lexicon's aliases, so equal words meet whatever
// the stemmer makes of them.
import { newStemmer } from "snowball-stemmers";
import stopwordsIso from "stopwords-iso/stopwords-iso.json" with { type: "json" };

export const languages = ["fr", "en"] as const;
export type Language = (typeof languages)[number];

export interface Token {
  /** The word as written (lower case, NFKC). */
  raw: string;
  /** Folded and stemmed: what comparisons use. */
  stem: string;
  stop: boolean;
  /** An article, preposition or conjunction: skipped inside skill phrases ("gestion de projet"). */
  glue: boolean;
  /** Index of the line the token is on. */
  line: number;
}

const stemmers = { fr: newStemmer("french"), en: newStemmer("english") };

// Short words that are skills or tools and must never be dropped as stopwords.
const keep = new Set(["c", "c++", "c#", "r", "go", "it", "ui", "ux", "bi"]);
const stopwords: Record<Language, ReadonlySet<string>> = {
  fr: new Set(stopwordsIso.fr.map(fold).filter((word) => !keep.has(word))),
  en: new Set(stopwordsIso.en.map(fold).filter((word) => !keep.has(word))),
};

/** Lower case without diacritics ("Expérience" → "experience"); œ and æ spelled out. */
export function fold(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae");
}

// A word: letters and digits, with inner dots ("node.js") and trailing + or # ("c++", "c#").
const WORD = /[\p{L}\p{N}](?:[\p{L}\p{N}]|\.(?=[\p{L}\p{N}]))*[+#]{0,2}/gu;

export function words(text: string): string[] {
  return fold(text.normalize("NFKC")).match(WORD) ?? [];
}

// Stems remembered per language: a CV or an offer repeats its words, and Snowball is the hot spot
// of a match. Bounded: emptied when full.
const stemCache: Record<Language, Map<string, string>> = { fr: new Map(), en: new Map() };
const STEM_CACHE_SIZE = 50_000;

export function stemWord(word: string, language: Language): string {
  // Only plain alphabetic words of four letters or more are stemmed: "node.js", "c++", "5g" stay
  // as written, and so do short ones ("js" would become "j", the "j" of "j'ai").
  if (word.length < 4 || !/^\p{L}+$/u.test(word)) return word;
  const cache = stemCache[language];
  let stem = cache.get(word);
  if (stem === undefined) {
    if (cache.size >= STEM_CACHE_SIZE) cache.clear();
    stem = stemmers[language].stem(word);
    cache.set(word, stem);
  }
  return stem;
}

// Function words skipped when matching phrases. Deliberately short: stopwords-iso's English list
// holds "front", "market" and "care", which are parts of skill names.
const glueWords = new Set(
  "a an and the of in on for to with at by or de des du d l la le les et en au aux pour sur un une avec dans par ou".split(
    " ",
  ),
);

export function isStopword(word: string, language: Language): boolean {
  return stopwords[language].has(word);
}

export function tokenize(text: string, language: Language): Token[] {
  const tokens: Token[] = [];
  text.split(/\r?\n/).forEach((lineText, line) => {
    for (const raw of words(lineText))
      tokens.push({
        raw,
        stem: stemWord(raw, language),
        stop: isStopword(raw, language),
        glue: glueWords.has(raw),
        line,
      });
  });
  return tokens;
}

/**
 * fr or en by stopwords counted (French on a tie: most users write French). Enough for whole
 * offers and CVs; a one-line text may go either way.
 */
export function detectLanguage(text: string): Language {
  let fr = 0;
  let en = 0;
  for (const word of words(text)) {
    if (stopwords.fr.has(word) && !stopwords.en.has(word)) fr++;
    if (stopwords.en.has(word) && !stopwords.fr.has(word)) en++;
  }
  return en > fr ? "en" : "fr";
}
