// What an offer asks for: its title (the role), the skills of the lexicon it names — required, or
// optional when the line or its block says "un plus", "souhaité", "nice to have"… — and its other
// frequent words (keywords) that are neither skills nor job-ad boilerplate.
import { findSkills } from "./lexicon.ts";
import type { Mention } from "./lexicon.ts";
import { detectLanguage, fold, stemWord, tokenize } from "./text.ts";
import type { Language, Token } from "./text.ts";

export interface OfferSkill {
  id: string;
  required: boolean;
  /** How the offer wrote it, first mention. */
  text: string;
  mentions: number;
}

export interface OfferKeyword {
  stem: string;
  /** The commonest spelling in the offer. */
  word: string;
  count: number;
}

export interface Offer {
  language: Language;
  title: string;
  titleStems: string[];
  skills: OfferSkill[];
  keywords: OfferKeyword[];
}

export const MAX_KEYWORDS = 8;

const OPTIONAL =
  /\b(un plus|serait un plus|apprecie|appreciee|souhaite|souhaitee|idealement|atout|atouts|bonus|nice to have|a plus|preferred|ideally|desirable|optional|optionnel)\b/;

// Words every job ad uses: not keywords of this offer.
const boilerplate = new Set(
  `poste postes mission missions profil profils entreprise societe candidat candidate candidats recherche recherchons
  rejoindre rejoignez rejoins experience experiences annee annees ans minimum cdi cdd stage alternance salaire remuneration
  avantages teletravail h/f f/h hf fh job role company team equipe equipes years year salary benefits join looking seeking
  position candidates apply postuler offre offer description requirements required skills competences competence
  responsabilites responsibilities maitrise knowledge connaissance connaissances travail work working niveau level
  capacite ability bonne bon good strong excellent excellente solide solides selon environ contexte context client clients
  paris lyon lille marseille bordeaux nantes toulouse france remote hybride hybrid temps plein full time`
    .split(/\s+/)
    .filter(Boolean),
);

/** A block's heading: a short line ending with a colon, or in capitals; never a bullet. */
function isHeading(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed.length === 0 || trimmed.length > 60 || /^[-•*·–]/.test(trimmed)) return false;
  return trimmed.endsWith(":") || (/\p{Lu}/u.test(trimmed) && trimmed === trimmed.toUpperCase());
}

/** Per line: does what it says count as optional? A heading's marker covers its block. */
export function optionalLines(text: string): boolean[] {
  let block = false;
  return text.split(/\r?\n/).map((line) => {
    const folded = fold(line);
    const marked = OPTIONAL.test(folded);
    if (isHeading(line)) block = marked;
    return block || marked;
  });
}

export function offerTitle(text: string): string {
  const first = text.split(/\r?\n/).find((line) => line.trim().length > 0) ?? "";
  return first.trim().slice(0, 120);
}

function skillsOf(mentions: Mention[], optional: boolean[]): OfferSkill[] {
  const byId = new Map<string, OfferSkill>();
  for (const mention of mentions) {
    const required = !(optional[mention.line] ?? false);
    const known = byId.get(mention.id);
    if (known) {
      known.mentions++;
      known.required ||= required;
    } else byId.set(mention.id, { id: mention.id, required, text: mention.text, mentions: 1 });
  }
  return [...byId.values()];
}

function isKeyword(token: Token, skillStems: ReadonlySet<string>): boolean {
  return (
    !token.stop &&
    !token.glue &&
    token.raw.length >= 4 &&
    /\p{L}/u.test(token.raw) &&
    !boilerplate.has(token.raw) &&
    !skillStems.has(token.stem)
  );
}

function keywordsOf(tokens: Token[], skillStems: ReadonlySet<string>): OfferKeyword[] {
  const found = new Map<string, { count: number; first: number; spellings: Map<string, number> }>();
  tokens.forEach((token, index) => {
    if (!isKeyword(token, skillStems)) return;
    const entry = found.get(token.stem) ?? { count: 0, first: index, spellings: new Map<string, number>() };
    entry.count++;
    entry.spellings.set(token.raw, (entry.spellings.get(token.raw) ?? 0) + 1);
    found.set(token.stem, entry);
  });
  return [...found]
    .filter(([, entry]) => entry.count >= 2)
    .sort(([, a], [, b]) => b.count - a.count || a.first - b.first)
    .slice(0, MAX_KEYWORDS)
    .map(([stem, entry]) => {
      const word = [...entry.spellings].sort(([, a], [, b]) => b - a)[0]?.[0] ?? stem;
      return { stem, word, count: entry.count };
    });
}

export function readOffer(text: string): Offer {
  const language = detectLanguage(text);
  const tokens = tokenize(text, language);
  const mentions = findSkills(tokens, language);
  const skillStems = new Set(
    mentions.flatMap((mention) => mention.text.split(" ").map((word) => stemWord(word, language))),
  );
  const title = offerTitle(text);
  const titleStems = tokenize(title, language)
    .filter((token) => !token.stop && !token.glue && token.raw.length > 1 && !boilerplate.has(token.raw))
    .map((token) => token.stem);
  return {
    language,
    title,
    titleStems: [...new Set(titleStems)],
    skills: skillsOf(mentions, optionalLines(text)),
    keywords: keywordsOf(tokens, skillStems),
  };
}
