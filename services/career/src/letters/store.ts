// Letters and their versions. A generated letter is version 1 (source "template", with the claims
// it states, verified); each edit is a new version. Generation counts against the free plan's
// monthly letters and records letter.generated with the offer's Mirror Match score and the missing
// skills, which the nudge processor reads.
import { insertedRow, recordEvent, withUser } from "@phoenix/store";
import type { Tx } from "@phoenix/store";
import type { CareerContext } from "../context.ts";
import type { Cv } from "../cv/model.ts";
import { matchSections } from "../cv/sections.ts";
import { readCv } from "../cv/routes.ts";
import { analyse } from "../match/analyse.ts";
import type { Analysis } from "../match/analyse.ts";
import type { Language } from "../match/text.ts";
import { readOffer } from "../offers/store.ts";
import { careerError, QuotaExhausted } from "../reasons.ts";
import { composeLetter, freeTemplates } from "./compose.ts";
import type { Length, LetterRequest, TemplateId } from "./compose.ts";
import { factsOf } from "./facts.ts";
import type { Tone } from "./phrases.ts";
import { verifyLetter } from "./verify.ts";

export interface LetterInput {
  cvId: string;
  offerId?: string | undefined;
  role?: string | undefined;
  company?: string | undefined;
  template: TemplateId;
  tone: Tone;
  length: Length;
  language?: Language | undefined;
}

export interface VersionRow {
  id: string;
  version: number;
  source: "template" | "edit" | "rewrite";
  template: TemplateId;
  tone: Tone;
  length: Length;
  language: Language;
  text: string;
  created_at: Date;
}

export interface LetterRow {
  id: string;
  cv_id: string | null;
  offer_id: string | null;
  role: string;
  company: string | null;
  created_at: Date;
  updated_at: Date;
}

/** "Chef de projet digital H/F" → "chef de projet digital". */
export function roleOf(title: string): string {
  const cleaned = title
    .replace(/\(?\b[hfm]\s*\/\s*[hfm](\s*\/\s*[hfm])?\b\)?/gi, " ")
    .replace(/\s+[-–|,].*$/, "")
    .replace(/\s+/g, " ")
    .trim();
  const role = cleaned || title.trim();
  return /^\p{Lu}\p{Ll}/u.test(role) ? (role[0] ?? "").toLowerCase() + role.slice(1) : role;
}

interface Target {
  role: string;
  company: string | undefined;
  analysis: Analysis | undefined;
}

async function targetOf(tx: Tx, input: LetterInput, cv: Cv): Promise<Target> {
  if (input.offerId === undefined) {
    if (!input.role) throw careerError(400, "validation_error", "give offerId or role");
    return { role: input.role, company: input.company, analysis: undefined };
  }
  const offer = await readOffer(tx, input.offerId);
  return {
    role: input.role ?? roleOf(offer.title),
    company: input.company ?? offer.company ?? undefined,
    analysis: analyse(offer.text, matchSections(cv)),
  };
}

function requestOf(input: LetterInput, target: Target, cv: Cv): LetterRequest {
  return {
    template: input.template,
    tone: input.tone,
    length: input.length,
    language: input.language ?? cv.language,
    role: target.role,
    ...(target.company !== undefined && { company: target.company }),
    offerSkills: (target.analysis?.matched ?? []).filter((t) => t.kind === "skill").map((t) => t.term),
  };
}

async function writeLetter(tx: Tx, context: CareerContext, userId: string, input: LetterInput) {
  const cvRow = await readCv(tx, input.cvId);
  const target = await targetOf(tx, input, cvRow.document);
  const facts = factsOf(cvRow.document, context.now());
  const request = requestOf(input, target, cvRow.document);
  const letter = composeLetter(facts, request);
  const problems = verifyLetter(letter, facts, request);
  // A template that states what the CV lacks is our bug: refuse to store it.
  if (problems.length > 0) throw new Error(`letter states unfounded facts: ${JSON.stringify(problems)}`);
  const { rows } = await tx.query<LetterRow>(
    "INSERT INTO letters (user_id, cv_id, offer_id, role, company) VALUES ($1, $2, $3, $4, $5) RETURNING *",
    [userId, cvRow.id, input.offerId ?? null, target.role, target.company ?? null],
  );
  const row = insertedRow(rows);
  await addVersion(tx, userId, row.id, {
    ...request,
    source: "template",
    text: letter.text,
    claims: letter.claims,
  });
  const missing = (target.analysis?.missing ?? []).filter((t) => t.kind === "skill" && t.required);
  await recordEvent(tx, {
    userId,
    type: "letter.generated",
    payload: {
      letterId: row.id,
      cvId: cvRow.id,
      offerId: input.offerId ?? null,
      score: target.analysis?.score ?? null,
      missing: missing.map((term) => term.label[request.language]),
      template: input.template,
    },
    occurredAt: context.now(),
    sourceApp: "career",
  });
  return row;
}

export async function addVersion(
  tx: Tx,
  userId: string,
  letterId: string,
  version: Pick<VersionRow, "source" | "template" | "tone" | "length" | "language" | "text"> & {
    claims: unknown[];
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO letter_versions (letter_id, user_id, version, source, template, tone, length, language, text, claims)
     SELECT $1, $2, COALESCE(max(version), 0) + 1, $3, $4, $5, $6, $7, $8, $9 FROM letter_versions WHERE letter_id = $1`,
    [
      letterId,
      userId,
      version.source,
      version.template,
      version.tone,
      version.length,
      version.language,
      version.text,
      JSON.stringify(version.claims),
    ],
  );
  await tx.query("UPDATE letters SET updated_at = now() WHERE id = $1", [letterId]);
}

/** Generates a letter under the monthly quota; the unit is given back if anything fails. */
export async function generateLetter(context: CareerContext, userId: string, input: LetterInput) {
  const { letters } = await context.entitlements.of(userId);
  if (!letters.premium && !freeTemplates.includes(input.template))
    throw careerError(403, "premium_template", `template ${input.template} needs a plan with letters`);
  const taken = await context.quota.take(
    userId,
    "letters",
    letters,
    (state) => new QuotaExhausted("letters_quota_exhausted", state),
  );
  try {
    const row = await withUser(context.pool, userId, (tx) => writeLetter(tx, context, userId, input));
    return { row, quota: taken.state };
  } catch (err) {
    await taken.refund();
    throw err;
  }
}

export async function readLetter(tx: Tx, id: string): Promise<{ letter: LetterRow; versions: VersionRow[] }> {
  const { rows } = await tx.query<LetterRow>("SELECT * FROM letters WHERE id = $1", [id]);
  const letter = rows[0];
  if (!letter) throw careerError(404, "letter_not_found", `no letter ${id}`);
  const versions = await tx.query<VersionRow>(
    "SELECT id, version, source, template, tone, length, language, text, created_at FROM letter_versions WHERE letter_id = $1 ORDER BY version",
    [id],
  );
  return { letter, versions: versions.rows };
}
