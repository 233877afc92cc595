// /v1/cv: the user's CVs — created in the editor or imported from JSON Resume (each creation
// counts against the free plan's monthly CV quota and records cv.generated), read, updated (free),
// exported as JSON Resume, deleted; the templates with the premium ones locked for free users.
import { principalOf, requireUser } from "@phoenix/kernel/access-guard";
import { insertedRow, recordEvent, withUser } from "@phoenix/store";
import type { Tx } from "@phoenix/store";
import type { FastifyInstance, FastifyRequest } from "fastify";
import Type from "typebox";
import type { Static } from "typebox";
import type { CareerContext } from "../context.ts";
import type { ProductEntitlement } from "../entitlements.ts";
import { listRoute } from "../list-route.ts";
import { careerError, errorResponses, QuotaExhausted } from "../reasons.ts";
import { fromJsonResume, toJsonResume } from "./json-resume.ts";
import { Cv } from "./model.ts";
import { cvTemplates, isPremiumTemplate } from "./templates.ts";

const Uuid = Type.String({ format: "uuid" });
const bearer = [{ bearer: [] as string[] }];
const TemplateId = Type.Union([
  Type.Literal("ats"),
  Type.Literal("classic"),
  Type.Literal("modern"),
  Type.Literal("elegant"),
]);
const Title = Type.String({ minLength: 1, maxLength: 120 });

const CvRecord = Type.Object(
  {
    id: Uuid,
    title: Type.String(),
    template: TemplateId,
    language: Type.Union([Type.Literal("fr"), Type.Literal("en")]),
    cv: Type.Ref("Cv"),
    createdAt: Type.String({ format: "date-time" }),
    updatedAt: Type.String({ format: "date-time" }),
    quota: Type.Optional(Type.Ref("QuotaState")),
  },
  { $id: "CvRecord" },
);
type CvRecordValue = Static<typeof CvRecord>;
const CvWrite = Type.Object(
  { title: Type.Optional(Title), template: Type.Optional(TemplateId), cv: Type.Ref("Cv") },
  { $id: "CvWrite", additionalProperties: false },
);
const Template = Type.Object({
  id: TemplateId,
  premium: Type.Boolean(),
  columns: Type.Integer(),
  locked: Type.Boolean(),
});

export const cvSchemas = [Cv, CvRecord, CvWrite];

interface Row {
  id: string;
  title: string;
  template: CvRecordValue["template"];
  language: "fr" | "en";
  document: Cv;
  created_at: Date;
  updated_at: Date;
}

const recordOf = (row: Row): CvRecordValue => ({
  id: row.id,
  title: row.title,
  template: row.template,
  language: row.language,
  cv: row.document,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export async function readCv(tx: Tx, id: string): Promise<Row> {
  const { rows } = await tx.query<Row>("SELECT * FROM cvs WHERE id = $1", [id]);
  const row = rows[0];
  if (!row) throw careerError(404, "cv_not_found", `no CV ${id}`);
  return row;
}

/** Premium templates come with a cv entitlement from Stripe (ADR 0082). */
function checkTemplate(template: string, cv: ProductEntitlement): void {
  if (!cv.premium && isPremiumTemplate(template))
    throw careerError(403, "premium_template", `template ${template} needs a plan with CVs`);
}

export type CvSource = "editor" | "json_resume" | "upload";

export interface NewCv {
  cv: Cv;
  title?: string | undefined;
  template?: string | undefined;
  source: CvSource;
  /** More writes in the CV's own transaction (an upload's file and event). */
  within?: (tx: Tx, cvId: string) => Promise<void>;
}

/** Creates a CV under the monthly quota; the unit is given back if the write fails. */
export async function createCv(context: CareerContext, userId: string, input: NewCv): Promise<CvRecordValue> {
  const template = input.template ?? "ats";
  const { cv } = await context.entitlements.of(userId);
  checkTemplate(template, cv);
  const taken = await context.quota.take(
    userId,
    "cv",
    cv,
    (state) => new QuotaExhausted("cvs_quota_exhausted", state),
  );
  try {
    const row = await withUser(context.pool, userId, async (tx) => {
      const { rows } = await tx.query<Row>(
        `INSERT INTO cvs (user_id, title, language, document, template) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [userId, input.title ?? input.cv.basics.name, input.cv.language, JSON.stringify(input.cv), template],
      );
      const inserted = insertedRow(rows);
      await recordEvent(tx, {
        userId,
        type: "cv.generated",
        payload: { cvId: inserted.id, source: input.source, template },
        occurredAt: context.now(),
        sourceApp: "career",
      });
      await input.within?.(tx, inserted.id);
      return inserted;
    });
    return { ...recordOf(row), quota: taken.state };
  } catch (err) {
    await taken.refund();
    throw err;
  }
}

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
const secured = { security: bearer, tags: ["cv"] };
const byId = { ...secured, params: Type.Object({ id: Uuid }) };
const ListItem = Type.Object({
  id: Uuid,
  title: Type.String(),
  template: TemplateId,
  language: Type.String(),
  updatedAt: Type.String(),
});

function planRoutes(context: CareerContext) {
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async or take done
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      "/templates",
      {
        schema: {
          ...secured,
          response: { 200: Type.Object({ templates: Type.Array(Template) }), ...errorResponses },
        },
      },
      async (request) => {
        const { cv } = await context.entitlements.of(principalOf(request).userId);
        return { templates: cvTemplates.map((t) => ({ ...t, locked: t.premium && !cv.premium })) };
      },
    );
    app.get(
      "/quota",
      { schema: { ...secured, response: { 200: Type.Ref("QuotaState"), ...errorResponses } } },
      async (request) => {
        const { userId } = principalOf(request);
        return context.quota.peek(userId, "cv", (await context.entitlements.of(userId)).cv);
      },
    );
  };
}

function createRoutes(context: CareerContext) {
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async or take done
  return async (app: FastifyInstance): Promise<void> => {
    app.post(
      "/",
      {
        schema: {
          ...secured,
          body: Type.Ref("CvWrite"),
          response: { 201: Type.Ref("CvRecord"), ...errorResponses },
        },
      },
      async (request, reply) => {
        const body = request.body as Static<typeof CvWrite>;
        const input = { ...body, cv: body.cv as Cv, source: "editor" as const };
        return reply.code(201).send(await createCv(context, principalOf(request).userId, input));
      },
    );
    app.post(
      "/json-resume",
      {
        schema: {
          ...secured,
          description:
            "Imports a JSON Resume document (basics, work, education, skills, languages, interests; meta.language fr|en).",
          querystring: Type.Object({ title: Type.Optional(Title) }),
          body: Type.Object({}, { additionalProperties: true }),
          response: { 201: Type.Ref("CvRecord"), ...errorResponses },
        },
      },
      async (request, reply) => {
        const cv = fromJsonResume(request.body);
        const { title } = request.query as { title?: string };
        const made = await createCv(context, principalOf(request).userId, {
          cv,
          title,
          source: "json_resume",
        });
        return reply.code(201).send(made);
      },
    );
  };
}

async function updateCv(
  tx: Tx,
  entitled: ProductEntitlement,
  id: string,
  body: Static<typeof CvWrite>,
): Promise<Row> {
  const current = await readCv(tx, id);
  const template = body.template ?? current.template;
  checkTemplate(template, entitled);
  const cv = body.cv as Cv;
  const { rows } = await tx.query<Row>(
    `UPDATE cvs SET title = $2, language = $3, document = $4, template = $5, updated_at = now() WHERE id = $1 RETURNING *`,
    [current.id, body.title ?? current.title, cv.language, JSON.stringify(cv), template],
  );
  return insertedRow(rows);
}

function readRoutes(context: CareerContext) {
  const { pool } = context;
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async or take done
  return async (app: FastifyInstance): Promise<void> => {
    listRoute(app, pool, {
      schema: secured,
      item: ListItem,
      read: async (tx) =>
        (await tx.query<Row>("SELECT * FROM cvs ORDER BY updated_at DESC LIMIT 100")).rows.map((row) => ({
          id: row.id,
          title: row.title,
          template: row.template,
          language: row.language,
          updatedAt: row.updated_at.toISOString(),
        })),
    });
    app.get(
      "/:id",
      { schema: { ...byId, response: { 200: Type.Ref("CvRecord"), ...errorResponses } } },
      async (request) => {
        const { userId } = principalOf(request);
        return recordOf(await withUser(pool, userId, (tx) => readCv(tx, idOf(request))));
      },
    );
    app.get(
      "/:id/json-resume",
      {
        schema: {
          ...byId,
          response: { 200: Type.Object({}, { additionalProperties: true }), ...errorResponses },
        },
      },
      async (request) => {
        const { userId } = principalOf(request);
        return toJsonResume((await withUser(pool, userId, (tx) => readCv(tx, idOf(request)))).document);
      },
    );
  };
}

function changeRoutes(context: CareerContext) {
  const { pool } = context;
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async or take done
  return async (app: FastifyInstance): Promise<void> => {
    app.put(
      "/:id",
      {
        schema: {
          ...byId,
          body: Type.Ref("CvWrite"),
          response: { 200: Type.Ref("CvRecord"), ...errorResponses },
        },
      },
      async (request) => {
        const { userId } = principalOf(request);
        const body = request.body as Static<typeof CvWrite>;
        const { cv } = await context.entitlements.of(userId);
        return recordOf(await withUser(pool, userId, (tx) => updateCv(tx, cv, idOf(request), body)));
      },
    );
    app.delete(
      "/:id",
      { schema: { ...byId, response: { 204: Type.Null(), ...errorResponses } } },
      async (request, reply) => {
        const { userId } = principalOf(request);
        await withUser(pool, userId, async (tx) => {
          const { rowCount } = await tx.query("DELETE FROM cvs WHERE id = $1", [idOf(request)]);
          if (rowCount === 0) throw careerError(404, "cv_not_found", `no CV ${idOf(request)}`);
        });
        return reply.code(204).send();
      },
    );
  };
}

export function cvRoutes(context: CareerContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook("preHandler", requireUser);
    await app.register(planRoutes(context));
    await app.register(createRoutes(context));
    await app.register(readRoutes(context));
    await app.register(changeRoutes(context));
  };
}
