// /v1/letters: generate a cover letter from a CV and an offer (or a role), read it with its
// versions, save an edit as a new version; the templates (premium ones locked for free users) and
// what is left of the month's free letters.
import { principalOf, requireUser } from "@phoenix/kernel/access-guard";
import { withUser } from "@phoenix/store";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import type { Static } from "typebox";
import type { CareerContext } from "../context.ts";
import { listRoute } from "../list-route.ts";
import { errorResponses } from "../reasons.ts";
import { freeTemplates, templates } from "./compose.ts";
import { rewriteRoutes } from "./rewrite-route.ts";
import { addVersion, generateLetter, readLetter } from "./store.ts";
import type { LetterRow, VersionRow } from "./store.ts";

const Uuid = Type.String({ format: "uuid" });
const bearer = [{ bearer: [] as string[] }];
const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((value) => Type.Literal(value)));
const Language = literals(["fr", "en"] as const);

const Generate = Type.Object(
  {
    cvId: Uuid,
    offerId: Type.Optional(Uuid),
    role: Type.Optional(
      Type.String({ minLength: 1, maxLength: 160, description: "Default: the offer's title." }),
    ),
    company: Type.Optional(Type.String({ minLength: 1, maxLength: 160 })),
    template: Type.Union([Type.Literal("classic"), Type.Literal("transition"), Type.Literal("impact")]),
    tone: Type.Union([Type.Literal("formal"), Type.Literal("warm"), Type.Literal("bold")]),
    length: Type.Union([Type.Literal("short"), Type.Literal("standard"), Type.Literal("long")]),
    language: Type.Optional(Language),
  },
  { $id: "GenerateLetter", additionalProperties: false },
);
const Version = Type.Object({
  id: Uuid,
  version: Type.Integer(),
  source: Type.Union([Type.Literal("template"), Type.Literal("edit"), Type.Literal("rewrite")]),
  template: Type.String(),
  tone: Type.String(),
  length: Type.String(),
  language: Type.String(),
  text: Type.String(),
  createdAt: Type.String(),
});
const LetterRecord = Type.Object(
  {
    id: Uuid,
    cvId: Type.Union([Uuid, Type.Null()]),
    offerId: Type.Union([Uuid, Type.Null()]),
    role: Type.String(),
    company: Type.Union([Type.String(), Type.Null()]),
    versions: Type.Array(Version, { description: "Every version, oldest first; the last is current." }),
    quota: Type.Optional(Type.Ref("QuotaState")),
  },
  { $id: "LetterRecord" },
);
const Edit = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 20_000 }) },
  { $id: "EditLetter", additionalProperties: false },
);

export const letterSchemas = [Generate, LetterRecord, Edit];

const recordOf = (letter: LetterRow, versions: VersionRow[]): Static<typeof LetterRecord> => ({
  id: letter.id,
  cvId: letter.cv_id,
  offerId: letter.offer_id,
  role: letter.role,
  company: letter.company,
  versions: versions.map(({ created_at, ...version }) => ({
    ...version,
    createdAt: created_at.toISOString(),
  })),
});

const secured = { security: bearer, tags: ["letters"] };
const byId = { ...secured, params: Type.Object({ id: Uuid }) };
const TemplateInfo = Type.Object({ id: Type.String(), premium: Type.Boolean(), locked: Type.Boolean() });
const ListItem = Type.Object({
  id: Uuid,
  role: Type.String(),
  company: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.String(),
});

function planRoutes(context: CareerContext) {
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async or take done
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      "/quota",
      { schema: { ...secured, response: { 200: Type.Ref("QuotaState"), ...errorResponses } } },
      async (request) => {
        const { userId } = principalOf(request);
        return context.quota.peek(userId, "letters", (await context.entitlements.of(userId)).letters);
      },
    );
    app.get(
      "/templates",
      {
        schema: {
          ...secured,
          response: {
            200: Type.Object({
              templates: Type.Array(TemplateInfo),
              rewrite: Type.Boolean({
                description: "Whether POST /v1/letters/{id}/rewrite can answer (a model is configured).",
              }),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { letters } = await context.entitlements.of(principalOf(request).userId);
        return {
          templates: templates.map((id) => {
            const premium = !freeTemplates.includes(id);
            return { id, premium, locked: premium && !letters.premium };
          }),
          rewrite: context.rewriter !== null,
        };
      },
    );
  };
}

function writeRoutes(context: CareerContext) {
  const { pool } = context;
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async or take done
  return async (app: FastifyInstance): Promise<void> => {
    app.post(
      "/",
      {
        schema: {
          ...secured,
          body: Type.Ref("GenerateLetter"),
          response: { 201: Type.Ref("LetterRecord"), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { userId } = principalOf(request);
        const { row, quota } = await generateLetter(context, userId, request.body as Static<typeof Generate>);
        const { letter, versions } = await withUser(pool, userId, (tx) => readLetter(tx, row.id));
        return reply.code(201).send({ ...recordOf(letter, versions), quota });
      },
    );
    app.put(
      "/:id",
      {
        schema: {
          ...byId,
          description: "Saves the user's edit as a new version.",
          body: Type.Ref("EditLetter"),
          response: { 200: Type.Ref("LetterRecord"), ...errorResponses },
        },
      },
      async (request) => {
        const { userId } = principalOf(request);
        const { id } = request.params as { id: string };
        const { text } = request.body as { text: string };
        const { letter, versions } = await withUser(pool, userId, async (tx) => {
          const last = (await readLetter(tx, id)).versions.at(-1);
          if (last) await addVersion(tx, userId, id, { ...last, source: "edit", text, claims: [] });
          return readLetter(tx, id);
        });
        return recordOf(letter, versions);
      },
    );
  };
}

function readRoutes(context: CareerContext) {
  const { pool } = context;
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async or take done
  return async (app: FastifyInstance): Promise<void> => {
    listRoute(app, pool, {
      schema: secured,
      item: ListItem,
      read: async (tx) =>
        (await tx.query<LetterRow>("SELECT * FROM letters ORDER BY updated_at DESC LIMIT 100")).rows.map(
          (row) => ({
            id: row.id,
            role: row.role,
            company: row.company,
            updatedAt: row.updated_at.toISOString(),
          }),
        ),
    });
    app.get(
      "/:id",
      { schema: { ...byId, response: { 200: Type.Ref("LetterRecord"), ...errorResponses } } },
      async (request) => {
        const { userId } = principalOf(request);
        const { id } = request.params as { id: string };
        const { letter, versions } = await withUser(pool, userId, (tx) => readLetter(tx, id));
        return recordOf(letter, versions);
      },
    );
  };
}

export function letterRoutes(context: CareerContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook("preHandler", requireUser);
    await app.register(planRoutes(context));
    await app.register(writeRoutes(context));
    await app.register(readRoutes(context));
    await app.register(rewriteRoutes(context, ({ letter, versions }) => recordOf(letter, versions)));
  };
}
