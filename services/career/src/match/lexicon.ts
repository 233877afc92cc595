// The skills lexicon (skills-lexicon.json): concepts with a French and an English label and
// aliases in either language. Every alias is indexed by its stems under both stemmers, so
// "gestion des projets" in a French offer and "project management" in an English CV meet at one
// concept. Matching takes the longest alias at each position ("product manager" before "manager").
import entries from "./skills-lexicon.json" with { type: "json" };
import { languages, tokenize } from "./text.ts";
import type { Language, Token } from "./text.ts";

export interface Skill {
  id: string;
  category: string;
  fr: string;
  en: string;
  aliases: string[];
}

export interface Mention {
  id: string;
  /** The words as they stand in the text. */
  text: string;
  line: number;
}

interface Phrase {
  id: string;
  stems: string[];
}

export const skills: readonly Skill[] = entries;
const byId = new Map(skills.map((skill) => [skill.id, skill]));

export function skill(id: string): Skill {
  const found = byId.get(id);
  if (!found) throw new Error(`unknown skill ${id}`);
  return found;
}

export function skillLabel(id: string, language: Language): string {
  return skill(id)[language];
}

/** Words of a phrase without its glue; a phrase made of glue only keeps it all. */
export function contentTokens(tokens: Token[]): Token[] {
  const content = tokens.filter((token) => !token.glue);
  return content.length > 0 ? content : tokens;
}

function phrasesOf(entry: Skill): string[] {
  return [entry.fr, entry.en, ...entry.aliases];
}

/** First stem → phrases starting with it, longest first. */
type Index = Map<string, Phrase[]>;

function buildIndex(language: Language): Index {
  const index: Index = new Map();
  for (const entry of skills) {
    for (const phrase of phrasesOf(entry)) {
      const stems = contentTokens(tokenize(phrase, language)).map((token) => token.stem);
      const first = stems[0];
      if (first === undefined) continue;
      const list = index.get(first) ?? [];
      if (!list.some((known) => known.stems.join(" ") === stems.join(" ")))
        list.push({ id: entry.id, stems });
      index.set(first, list);
    }
  }
  for (const list of index.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  return index;
}

const indexes = Object.fromEntries(languages.map((language) => [language, buildIndex(language)])) as Record<
  Language,
  Index
>;

/** Phrases that lead to two concepts under a stemmer (the lexicon's test wants none). */
export function ambiguities(language: Language): string[] {
  const owners = new Map<string, Set<string>>();
  for (const entry of skills)
    for (const phrase of phrasesOf(entry)) {
      const key = contentTokens(tokenize(phrase, language))
        .map((token) => token.stem)
        .join(" ");
      owners.set(key, (owners.get(key) ?? new Set()).add(entry.id));
    }
  return [...owners].filter(([, ids]) => ids.size > 1).map(([key, ids]) => `${key}: ${[...ids].join(", ")}`);
}

function matchAt(content: Token[], start: number, index: Index): Phrase | undefined {
  const head = content[start];
  if (!head) return undefined;
  return index.get(head.stem)?.find((phrase) =>
    phrase.stems.every((stem, offset) => {
      const token = content[start + offset];
      return token !== undefined && token.stem === stem && token.line === head.line;
    }),
  );
}

/** The lexicon's concepts named in a text, in order, longest alias first at each position. */
export function findSkills(tokens: Token[], language: Language): Mention[] {
  const content = contentTokens(tokens);
  const mentions: Mention[] = [];
  for (let i = 0; i < content.length;) {
    const phrase = matchAt(content, i, indexes[language]);
    if (!phrase) {
      i++;
      continue;
    }
    const words = content.slice(i, i + phrase.stems.length);
    mentions.push({
      id: phrase.id,
      text: words.map((token) => token.raw).join(" "),
      line: words[0]?.line ?? 0,
    });
    i += phrase.stems.length;
  }
  return mentions;
}
