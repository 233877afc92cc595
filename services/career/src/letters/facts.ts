// What a letter may say about the candidate: facts read from the CV, each with its kind. A letter
// carries the facts it used as claims, and verify.ts refuses a claim that is not one of these.
import { findSkills } from "../match/lexicon.ts";
import { tokenize } from "../match/text.ts";
import type { Language } from "../match/text.ts";
import { matchSections } from "../cv/sections.ts";
import { cvText } from "../match/cv-index.ts";
import { detectLanguage } from "../match/text.ts";
import type { Cv } from "../cv/model.ts";

export type FactKind =
  "name" | "employer" | "position" | "highlight" | "skill" | "degree" | "language" | "years";

export interface Claim {
  kind: FactKind;
  value: string;
}

export interface Facts {
  name: string;
  language: Language;
  /** Most recent first, as the CV lists them. */
  work: { employer: string; position: string; highlights: string[]; years: number | undefined }[];
  /** Lexicon skill ids found anywhere in the CV. */
  skills: Set<string>;
  degrees: { label: string }[];
  languages: string[];
}

/** Whole years between two partial dates (to today's year when the job goes on); undefined without a start. */
export function yearsBetween(
  start: string | undefined,
  end: string | undefined,
  now: Date,
): number | undefined {
  if (start === undefined) return undefined;
  const toMonths = (date: string) => {
    const [year, month] = date.split("-");
    return Number(year) * 12 + (month === undefined ? 0 : Number(month) - 1);
  };
  const last = end === undefined ? now.getUTCFullYear() * 12 + now.getUTCMonth() : toMonths(end);
  return Math.max(0, Math.floor((last - toMonths(start)) / 12));
}

export function factsOf(cv: Cv, now: Date): Facts {
  const sections = matchSections(cv);
  const language = detectLanguage(cvText(sections));
  return {
    name: cv.basics.name,
    language: cv.language,
    work: cv.work.map((work) => ({
      employer: work.name,
      position: work.position,
      highlights: work.highlights,
      years: yearsBetween(work.startDate, work.endDate, now),
    })),
    skills: new Set(
      Object.values(sections).flatMap((text) =>
        findSkills(tokenize(text, language), language).map((m) => m.id),
      ),
    ),
    degrees: cv.education.map((item) => ({
      label: [item.studyType, item.area].filter(Boolean).join(" ") || item.institution,
    })),
    languages: cv.languages.map((item) => item.language),
  };
}

/** Is this claim one of the CV's facts? */
export function isFact(claim: Claim, facts: Facts): boolean {
  switch (claim.kind) {
    case "name":
      return claim.value === facts.name;
    case "employer":
      return facts.work.some((work) => work.employer === claim.value);
    case "position":
      return facts.work.some((work) => work.position === claim.value);
    case "highlight":
      return facts.work.some((work) => work.highlights.includes(claim.value));
    case "skill":
      return facts.skills.has(claim.value);
    case "degree":
      return facts.degrees.some((degree) => degree.label === claim.value);
    case "language":
      return facts.languages.includes(claim.value);
    case "years":
      return facts.work.some((work) => String(work.years) === claim.value);
  }
}
