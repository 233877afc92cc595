// A cover letter from templates: the offer's role and company, the CV's facts. Each template is a
// list of paragraph builders; a builder returns its sentences and the facts it used (claims), or
// nothing when the CV lacks what it needs — a letter leaves a paragraph out rather than invent it.
import { skillLabel } from "../match/lexicon.ts";
import type { Language } from "../match/text.ts";
import type { Claim, Facts } from "./facts.ts";
import { enumerate, wording } from "./phrases.ts";
import type { Tone } from "./phrases.ts";

export const templates = ["classic", "transition", "impact"] as const;
export type TemplateId = (typeof templates)[number];
/** Free plans write with these; the others are premium. */
export const freeTemplates: readonly TemplateId[] = ["classic", "transition"];
export const lengths = ["short", "standard", "long"] as const;
export type Length = (typeof lengths)[number];

export interface LetterRequest {
  template: TemplateId;
  tone: Tone;
  length: Length;
  language: Language;
  role: string;
  company?: string;
  /** Skill ids the offer asks for (Mirror Match); only those the CV has are written. */
  offerSkills: readonly string[];
}

export interface Letter {
  paragraphs: string[];
  text: string;
  claims: Claim[];
}

interface Part {
  sentences: string[];
  claims: Claim[];
}

interface Context {
  facts: Facts;
  request: LetterRequest;
  company: string;
  size: number;
}

type Builder = (context: Context) => Part | undefined;

const part = (sentences: string[], claims: Claim[] = []): Part => ({ sentences, claims });

/** A CV line inside a sentence: first letter lowered unless it starts an acronym ("SQL …"). */
const inline = (text: string): string =>
  /^\p{Lu}\p{Ll}/u.test(text) ? (text[0] ?? "").toLowerCase() + text.slice(1) : text;

const opening: Builder = ({ request, company }) =>
  part([wording[request.language].opening[request.tone](request.role, company)]);

const current: Builder = ({ facts, request }) => {
  const work = facts.work[0];
  if (!work) return undefined;
  return part(
    [wording[request.language].current[request.tone](work.position, work.employer)],
    [
      { kind: "position", value: work.position },
      { kind: "employer", value: work.employer },
    ],
  );
};

const past: Builder = ({ facts, request }) => {
  const work = facts.work.length > 1 ? facts.work.at(-1) : undefined;
  if (work?.years === undefined || work.years < 1) return undefined;
  const words = wording[request.language];
  return part(
    [words.past[request.tone](words.years(work.years), work.position, work.employer)],
    [
      { kind: "years", value: String(work.years) },
      { kind: "position", value: work.position },
      { kind: "employer", value: work.employer },
    ],
  );
};

const highlights: Builder = ({ facts, request, size }) => {
  const chosen = facts.work.flatMap((work) => work.highlights).slice(0, size);
  if (chosen.length === 0) return undefined;
  return part(
    chosen.map((highlight) => wording[request.language].highlight[request.tone](inline(highlight))),
    chosen.map((value) => ({ kind: "highlight", value })),
  );
};

const skills: Builder = ({ facts, request, size }) => {
  const asked = request.offerSkills.filter((id) => facts.skills.has(id));
  const chosen = (asked.length > 0 ? asked : [...facts.skills]).slice(0, size + 1);
  if (chosen.length === 0) return undefined;
  const labels = chosen.map((id) => skillLabel(id, request.language).toLowerCase());
  return part(
    [wording[request.language].skills[request.tone](enumerate(labels, request.language))],
    chosen.map((value) => ({ kind: "skill", value })),
  );
};

const degree: Builder = ({ facts, request }) => {
  const first = facts.degrees[0];
  if (!first) return undefined;
  return part(
    [wording[request.language].degree[request.tone](first.label)],
    [{ kind: "degree", value: first.label }],
  );
};

const spoken: Builder = ({ facts, request }) => {
  if (facts.languages.length < 2) return undefined;
  return part(
    [wording[request.language].languages[request.tone](enumerate(facts.languages, request.language))],
    facts.languages.map((value) => ({ kind: "language", value })),
  );
};

const motivation: Builder = ({ request, company }) =>
  part([wording[request.language].motivation[request.tone](company)]);

// Paragraphs of each template and length; a paragraph is one or more builders.
const layouts: Record<TemplateId, Record<Length, Builder[][]>> = {
  classic: {
    short: [[opening], [skills], [motivation]],
    standard: [[opening], [current, skills], [motivation]],
    long: [[opening], [current, highlights], [skills, degree], [spoken, motivation]],
  },
  transition: {
    short: [[opening, past], [skills]],
    standard: [[opening], [past, current], [skills, motivation]],
    long: [[opening], [past, current, highlights], [skills, degree, spoken], [motivation]],
  },
  impact: {
    short: [[opening], [highlights, skills]],
    standard: [[opening], [highlights], [skills, motivation]],
    long: [[opening, current], [highlights], [skills, degree, spoken], [motivation]],
  },
};

const sizes: Record<Length, number> = { short: 1, standard: 2, long: 3 };

export function composeLetter(facts: Facts, request: LetterRequest): Letter {
  const words = wording[request.language];
  const company = request.company?.trim() || words.yourCompany;
  const context: Context = { facts, request, company, size: sizes[request.length] };
  const claims: Claim[] = [{ kind: "name", value: facts.name }];
  const body = layouts[request.template][request.length]
    .map((builders) => {
      const parts = builders.map((build) => build(context)).filter((made) => made !== undefined);
      claims.push(...parts.flatMap((made) => made.claims));
      return parts.flatMap((made) => made.sentences).join(" ");
    })
    .filter((paragraph) => paragraph.length > 0);
  const closing = `${words.closing[request.tone]} ${words.signOff[request.tone]}`;
  const paragraphs = [words.salutation[request.tone], ...body, closing, facts.name];
  return { paragraphs, text: paragraphs.join("\n\n"), claims };
}
