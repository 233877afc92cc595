// /v1/job-offers: Mirror Match — paste an offer, pick a CV, get the explained score, the matched
// and missing keywords and the advice; the offers with their analyses.
import { principalOf, requireUser } from "@phoenix/kernel/access-guard";
import { withUser } from "@phoenix/store";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import type { Static } from "typebox";
import type { Tx } from "@phoenix/store";
import type { CareerContext } from "../context.ts";
import { readCv } from "../cv/routes.ts";
import { listRoute } from "../list-route.ts";
import { careerError, errorResponses } from "../reasons.ts";
import { Analysis } from "./schemas.ts";
import multipart from "@fastify/multipart";
import { inspectUpload } from "../upload/inspect.ts";
import { multipartOptions, uploadedFile } from "../upload/routes.ts";
import { analyseOffer, readOffer } from "./store.ts";
import type { OfferRow } from "./store.ts";
import type { Analysis as AnalysisValue } from "../match/analyse.ts";

const Uuid = Type.String({ format: "uuid" });
const bearer = [{ bearer: [] as string[] }];

const AnalyseBody = Type.Object(
  {
    offer: Type.String({ minLength: 1, maxLength: 20_000, description: "The job ad's text, pasted." }),
    cvId: Uuid,
    company: Type.Optional(Type.String({ minLength: 1, maxLength: 160 })),
  },
  { $id: "AnalyseOffer", additionalProperties: false },
);
const Analysed = Type.Object(
  { offerId: Uuid, analysisId: Uuid, reused: Type.Boolean(), analysis: Type.Ref("MatchAnalysis") },
  { $id: "Analysed" },
);

export const offerSchemas = [Analysis, AnalyseBody, Analysed];

const secured = { security: bearer, tags: ["job-offers"] };
const AnalysisSummary = Type.Object({
  id: Uuid,
  cvId: Type.Union([Uuid, Type.Null()]),
  score: Type.Integer(),
  createdAt: Type.String(),
});
const OfferSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  company: Type.Union([Type.String(), Type.Null()]),
  language: Type.String(),
  createdAt: Type.String(),
  analyses: Type.Array(AnalysisSummary),
});
const OfferRecord = Type.Object({
  id: Uuid,
  title: Type.String(),
  company: Type.Union([Type.String(), Type.Null()]),
  language: Type.String(),
  text: Type.String(),
  createdAt: Type.String(),
});

function analyseRoutes(context: CareerContext) {
  const { pool } = context;
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async or take done
  return async (app: FastifyInstance): Promise<void> => {
    app.post(
      "/analyses",
      {
        schema: {
          ...secured,
          description:
            "The same offer and CV content analysed again answer the stored analysis (reused: true).",
          body: Type.Ref("AnalyseOffer"),
          response: { 200: Type.Ref("Analysed"), 201: Type.Ref("Analysed"), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { userId } = principalOf(request);
        const body = request.body as { offer: string; cvId: string; company?: string };
        const result = await withUser(pool, userId, async (tx) => {
          const cv = await readCv(tx, body.cvId);
          return analyseOffer(tx, { userId, text: body.offer, company: body.company, cv }, context.now());
        });
        return reply.code(result.reused ? 200 : 201).send(result);
      },
    );
    app.get(
      "/analyses/:id",
      {
        schema: {
          ...secured,
          params: Type.Object({ id: Uuid }),
          response: { 200: Type.Ref("MatchAnalysis"), ...errorResponses },
        },
      },
      async (request) => {
        const { userId } = principalOf(request);
        const { id } = request.params as { id: string };
        const sql = "SELECT result FROM match_analyses WHERE id = $1";
        const rows = await withUser(
          pool,
          userId,
          async (tx) => (await tx.query<{ result: AnalysisValue }>(sql, [id])).rows,
        );
        const row = rows[0];
        if (!row) throw careerError(404, "offer_not_found", `no analysis ${id}`);
        return row.result;
      },
    );
  };
}

async function listOffers(tx: Tx): Promise<Static<typeof OfferSummary>[]> {
  const offers = await tx.query<OfferRow>("SELECT * FROM job_offers ORDER BY created_at DESC LIMIT 100");
  const analyses = await tx.query<{
    id: string;
    offer_id: string;
    cv_id: string | null;
    score: number;
    created_at: Date;
  }>("SELECT id, offer_id, cv_id, score, created_at FROM match_analyses ORDER BY created_at DESC");
  return offers.rows.map((offer) => ({
    id: offer.id,
    title: offer.title,
    company: offer.company,
    language: offer.language,
    createdAt: offer.created_at.toISOString(),
    analyses: analyses.rows
      .filter((analysis) => analysis.offer_id === offer.id)
      .map((analysis) => ({
        id: analysis.id,
        cvId: analysis.cv_id,
        score: analysis.score,
        createdAt: analysis.created_at.toISOString(),
      })),
  }));
}

function readRoutes(context: CareerContext) {
  const { pool } = context;
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async or take done
  return async (app: FastifyInstance): Promise<void> => {
    listRoute(app, pool, { schema: secured, item: OfferSummary, read: listOffers });
    app.get(
      "/:id",
      {
        schema: {
          ...secured,
          params: Type.Object({ id: Uuid }),
          response: { 200: OfferRecord, ...errorResponses },
        },
      },
      async (request) => {
        const { userId } = principalOf(request);
        const { id } = request.params as { id: string };
        const offer = await withUser(pool, userId, (tx) => readOffer(tx, id));
        const { text, title, company, language } = offer;
        return { id: offer.id, title, company, language, text, createdAt: offer.created_at.toISOString() };
      },
    );
  };
}

function uploadRoutes(context: CareerContext) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(multipart, multipartOptions);
    app.post(
      "/analyses/upload",
      {
        schema: {
          ...secured,
          consumes: ["multipart/form-data"],
          description:
            "The offer as a PDF or DOCX file (field `file`, 5 MB, checked like a CV upload); the file is not kept.",
          querystring: Type.Object({
            cvId: Uuid,
            company: Type.Optional(Type.String({ minLength: 1, maxLength: 160 })),
          }),
          response: { 200: Type.Ref("Analysed"), 201: Type.Ref("Analysed"), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { userId } = principalOf(request);
        const { cvId, company } = request.query as { cvId: string; company?: string };
        const { text } = await inspectUpload((await uploadedFile(request)).file);
        const result = await withUser(context.pool, userId, async (tx) => {
          const cv = await readCv(tx, cvId);
          return analyseOffer(tx, { userId, text: text.slice(0, 20_000), company, cv }, context.now());
        });
        return reply.code(result.reused ? 200 : 201).send(result);
      },
    );
  };
}

export function offerRoutes(context: CareerContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook("preHandler", requireUser);
    await app.register(uploadRoutes(context));
    await app.register(analyseRoutes(context));
    await app.register(readRoutes(context));
  };
}
