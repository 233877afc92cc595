// The guard of "every claim traceable to a fact of the CV": a letter's recorded claims must all be
// facts, and its text, read like an offer (with the role and company taken out, since those are
// the offer's words), must name no skill and no degree the CV does not hold. It runs on every
// generated letter and on any rewrite, so a template or a model that invents is refused.
import { findSkills } from "../match/lexicon.ts";
import { tokenize, words } from "../match/text.ts";
import type { LetterRequest } from "./compose.ts";
import { isFact } from "./facts.ts";
import type { Claim, Facts } from "./facts.ts";

/** Degree words (folded); a letter may use one only if the CV's education holds it. */
export const degreeWords = new Set(
  `bac baccalaureat bts dut but licence bachelor master mastere mba doctorat phd doctorate cap bep deust dea dess
   ingenieur engineering diploma diplome degree certificat certificate titre rncp`
    .split(/\s+/)
    .filter(Boolean),
);

export interface Problem {
  kind: "claim" | "skill" | "degree" | "name" | "number";
  value: string;
}

type Scope = Pick<LetterRequest, "role" | "company" | "language">;

/**
 * The text without the offer's role and company and without the CV's own lines quoted verbatim
 * (highlights, checked as claims): what is left is the letter's own wording.
 */
function ownWords(text: string, request: Scope, quoted: readonly string[]): string {
  let out = text.toLowerCase();
  for (const phrase of [request.role, request.company ?? "", ...quoted].filter((p) => p.trim().length > 0))
    out = out.split(phrase.toLowerCase()).join(" \n ");
  return out;
}

export function verifyText(
  text: string,
  facts: Facts,
  request: Scope,
  quoted: readonly string[] = [],
): Problem[] {
  const own = ownWords(text, request, quoted);
  const problems: Problem[] = [];
  for (const mention of findSkills(tokenize(own, request.language), request.language))
    if (!facts.skills.has(mention.id)) problems.push({ kind: "skill", value: mention.id });
  const cvDegrees = new Set(facts.degrees.flatMap((degree) => words(degree.label)));
  for (const word of words(own))
    if (degreeWords.has(word) && !cvDegrees.has(word)) problems.push({ kind: "degree", value: word });
  return problems;
}

export function verifyLetter(
  letter: { text: string; claims: Claim[] },
  facts: Facts,
  request: Scope,
): Problem[] {
  const unfounded = letter.claims
    .filter((claim) => !isFact(claim, facts))
    .map((claim) => ({ kind: "claim" as const, value: `${claim.kind}: ${claim.value}` }));
  const quoted = letter.claims.filter((claim) => claim.kind === "highlight").map((claim) => claim.value);
  return [...unfounded, ...verifyText(letter.text, facts, request, quoted)];
}
