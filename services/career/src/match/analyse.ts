// Mirror Match: an offer against a CV → a score out of 100 whose every point is a line, the
// matched and missing terms, and advice per CV section. Pure and deterministic; the offer's hash
// (of its normalised text) and the CV's hash name the analysis, so the same offer analysed twice
// against the same CV is one analysis.
import { createHash } from "node:crypto";
import { adviceFor } from "./advice.ts";
import type { Advice } from "./advice.ts";
import { indexCv } from "./cv-index.ts";
import { readOffer } from "./offer.ts";
import { sectionKeys } from "./sections.ts";
import type { CvSections, Localized } from "./sections.ts";
import { scoreLines } from "./score.ts";
import type { LineKind, ScoreLine } from "./score.ts";
import type { Language } from "./text.ts";

export interface Term {
  kind: LineKind;
  term: string;
  label: Localized;
  required: boolean;
}

export interface Analysis {
  offerHash: string;
  cvHash: string;
  language: { offer: Language; cv: Language };
  title: string;
  score: number;
  lines: ScoreLine[];
  matched: Term[];
  missing: Term[];
  advice: Advice[];
}

/** NFKC, one space between words, no blank lines: copy-paste noise is not a new offer. */
export function normaliseOffer(text: string): string {
  return text
    .normalize("NFKC")
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter((line) => line.length > 0)
    .join("\n");
}

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

export const offerHash = (text: string): string => sha256(normaliseOffer(text));
export const cvHash = (cv: CvSections): string =>
  sha256(JSON.stringify(sectionKeys.map((key) => [key, cv[key] ?? ""])));

const termOf = ({ kind, term, label, required }: ScoreLine): Term => ({ kind, term, label, required });

export function analyse(offerText: string, cv: CvSections): Analysis {
  const offer = readOffer(normaliseOffer(offerText));
  const index = indexCv(cv);
  const lines = scoreLines(offer, index);
  const termLines = lines.filter((line) => line.kind !== "title");
  return {
    offerHash: offerHash(offerText),
    cvHash: cvHash(cv),
    language: { offer: offer.language, cv: index.language },
    title: offer.title,
    score: lines.reduce((sum, line) => sum + line.points, 0),
    lines,
    matched: termLines.filter((line) => line.foundIn.length > 0).map(termOf),
    missing: termLines.filter((line) => line.foundIn.length === 0).map(termOf),
    advice: adviceFor(lines, index),
  };
}
