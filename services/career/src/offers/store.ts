// Job offers and their analyses. An offer is stored once per user and normalised text (its hash);
// an analysis once per offer and CV content, so analysing the same pair again reads it back and
// records no second job_offer.analyzed.
import { insertedRow, recordEvent } from "@phoenix/store";
import type { Tx } from "@phoenix/store";
import type { Cv } from "../cv/model.ts";
import { matchSections } from "../cv/sections.ts";
import { analyse, normaliseOffer } from "../match/analyse.ts";
import type { Analysis } from "../match/analyse.ts";
import { careerError } from "../reasons.ts";

export interface OfferRow {
  id: string;
  text: string;
  title: string;
  company: string | null;
  language: "fr" | "en";
  created_at: Date;
}

export interface Analysed {
  offerId: string;
  analysisId: string;
  reused: boolean;
  analysis: Analysis;
}

export async function readOffer(tx: Tx, id: string): Promise<OfferRow> {
  const { rows } = await tx.query<OfferRow>("SELECT * FROM job_offers WHERE id = $1", [id]);
  const row = rows[0];
  if (!row) throw careerError(404, "offer_not_found", `no job offer ${id}`);
  return row;
}

async function saveOffer(
  tx: Tx,
  input: { userId: string; text: string; company?: string | undefined },
  analysis: Analysis,
) {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO job_offers (user_id, offer_hash, text, title, company, language) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (user_id, offer_hash) DO UPDATE SET company = COALESCE(EXCLUDED.company, job_offers.company)
     RETURNING id`,
    [
      input.userId,
      analysis.offerHash,
      normaliseOffer(input.text),
      analysis.title,
      input.company ?? null,
      analysis.language.offer,
    ],
  );
  return insertedRow(rows).id;
}

/** Analyses an offer against a CV, or reads back the analysis of the same offer and CV content. */
export async function analyseOffer(
  tx: Tx,
  input: { userId: string; text: string; company?: string | undefined; cv: { id: string; document: Cv } },
  now: Date,
): Promise<Analysed> {
  if (normaliseOffer(input.text).length === 0) throw careerError(400, "empty_offer", "the offer has no text");
  const analysis = analyse(input.text, matchSections(input.cv.document));
  const offerId = await saveOffer(tx, input, analysis);
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO match_analyses (user_id, offer_id, cv_id, cv_hash, score, result) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (user_id, offer_id, cv_hash) DO NOTHING RETURNING id`,
    [input.userId, offerId, input.cv.id, analysis.cvHash, analysis.score, JSON.stringify(analysis)],
  );
  const fresh = inserted.rows[0];
  if (fresh) {
    await recordEvent(tx, {
      userId: input.userId,
      type: "job_offer.analyzed",
      payload: { offerId, analysisId: fresh.id, cvId: input.cv.id, score: analysis.score },
      occurredAt: now,
      sourceApp: "career",
    });
    return { offerId, analysisId: fresh.id, reused: false, analysis };
  }
  const { rows } = await tx.query<{ id: string; result: Analysis }>(
    "SELECT id, result FROM match_analyses WHERE offer_id = $1 AND cv_hash = $2",
    [offerId, analysis.cvHash],
  );
  const stored = insertedRow(rows);
  return { offerId, analysisId: stored.id, reused: true, analysis: stored.result };
}
