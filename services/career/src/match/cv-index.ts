// Where each skill and each word of a CV stands, section by section, under both stemmers (an
// offer in English is compared with a CV in French through the lexicon, and word for word through
// the offer's own stemmer).
import { findSkills } from "./lexicon.ts";
import { sectionKeys } from "./sections.ts";
import type { CvSections, SectionKey } from "./sections.ts";
import { detectLanguage, languages, tokenize } from "./text.ts";
import type { Language } from "./text.ts";

export interface CvIndex {
  language: Language;
  skills: Map<string, SectionKey[]>;
  stems: Record<Language, Map<string, SectionKey[]>>;
}

function add<K>(map: Map<K, SectionKey[]>, key: K, section: SectionKey): void {
  const list = map.get(key) ?? [];
  if (!list.includes(section)) list.push(section);
  map.set(key, list);
}

export function cvText(sections: CvSections): string {
  return sectionKeys.map((key) => sections[key] ?? "").join("\n");
}

export function indexCv(sections: CvSections): CvIndex {
  const language = detectLanguage(cvText(sections));
  const index: CvIndex = { language, skills: new Map(), stems: { fr: new Map(), en: new Map() } };
  for (const section of sectionKeys) {
    const text = sections[section];
    if (!text) continue;
    for (const mention of findSkills(tokenize(text, language), language))
      add(index.skills, mention.id, section);
    for (const stemmer of languages)
      for (const token of tokenize(text, stemmer)) add(index.stems[stemmer], token.stem, section);
  }
  return index;
}
