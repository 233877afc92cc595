// POST /v1/letters/:id/rewrite: the current version rewritten through the LLM gateway, kept as a
// new version (source "rewrite") only when it states nothing the CV lacks. Nothing is written when
// the model is unavailable, the user's daily token budget is spent or the text invents: the letter
// stays as it was and the answer says why, in the user's language.
import { principalOf } from "@phoenix/kernel/access-guard";
import { withUser } from "@phoenix/store";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import type { CareerContext } from "../context.ts";
import { planOf } from "../context.ts";
import { readCv } from "../cv/routes.ts";
import { careerError, errorResponses } from "../reasons.ts";
import { factsOf } from "./facts.ts";
import type { Claim, Facts } from "./facts.ts";
import { checkedRewrite, RewriteUnavailable } from "./rewrite.ts";
import { addVersion, readLetter } from "./store.ts";

/** The facts a rewrite may state, as the model reads them. */
export function claimsOf(facts: Facts): Claim[] {
  const claims: Claim[] = [
    { kind: "name", value: facts.name },
    ...facts.work.flatMap((work): Claim[] => [
      { kind: "employer", value: work.employer },
      { kind: "position", value: work.position },
      ...(work.years === undefined ? [] : [{ kind: "years" as const, value: String(work.years) }]),
      ...work.highlights.map((value) => ({ kind: "highlight" as const, value })),
    ]),
    ...facts.degrees.map((degree) => ({ kind: "degree" as const, value: degree.label })),
    ...facts.languages.map((value) => ({ kind: "language" as const, value })),
  ];
  return claims.filter((claim) => claim.value.trim().length > 0);
}

export function rewriteRoutes(
  context: CareerContext,
  recordOf: (found: Awaited<ReturnType<typeof readLetter>>) => unknown,
) {
  const { pool } = context;
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async or take done
  return async (app: FastifyInstance): Promise<void> => {
    app.post(
      "/:id/rewrite",
      {
        schema: {
          security: [{ bearer: [] as string[] }],
          tags: ["letters"],
          params: Type.Object({ id: Type.String({ format: "uuid" }) }),
          description:
            "Rewrites the current version through the LLM gateway and keeps it as a new version when it states nothing the CV lacks (422 rewrite_unfounded otherwise, 429 rewrite_budget_exhausted, 503 rewrite_unavailable when no model answers or none is configured; the letter is unchanged in each case).",
          response: { 200: Type.Ref("LetterRecord"), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { userId } = principalOf(request);
        const { id } = request.params as { id: string };
        const rewriter = context.rewriter;
        const { letter, versions, cv, plan } = await withUser(pool, userId, async (tx) => {
          const found = await readLetter(tx, id);
          if (found.letter.cv_id === null)
            throw careerError(
              404,
              "cv_not_found",
              "the letter's CV was deleted: nothing to check a rewrite against",
            );
          return { ...found, cv: await readCv(tx, found.letter.cv_id), plan: await planOf(tx, userId) };
        });
        if (rewriter === null) throw careerError(503, "rewrite_unavailable", "no LLM provider is configured");
        const current = versions.at(-1);
        if (current === undefined) throw careerError(404, "letter_not_found", `letter ${id} has no version`);
        const facts = factsOf(cv.document, context.now());
        const scope = {
          role: letter.role,
          language: current.language,
          ...(letter.company !== null && { company: letter.company }),
        };
        const stop = new AbortController();
        reply.raw.on("close", () => {
          if (!reply.raw.writableFinished) stop.abort();
        });
        const outcome = await checkedRewrite(
          rewriter,
          {
            letter: { text: current.text },
            language: current.language,
            tone: current.tone,
            claims: claimsOf(facts),
            user: { id: userId, plan },
            facts,
            request: scope,
            allowed: [JSON.stringify(cv.document), letter.role, letter.company ?? "", current.text].join(
              "\n",
            ),
          },
          stop.signal,
        ).catch((err: unknown) => {
          if (!(err instanceof RewriteUnavailable)) throw err;
          throw err.code === "budget_exhausted"
            ? careerError(429, "rewrite_budget_exhausted", "the user's daily LLM tokens are spent")
            : careerError(503, "rewrite_unavailable", `no model completed the rewrite (${err.code})`);
        });
        if (!outcome.ok)
          throw careerError(
            422,
            "rewrite_unfounded",
            `the rewrite states unfounded facts: ${JSON.stringify(outcome.problems)}`,
          );
        return withUser(pool, userId, async (tx) => {
          await addVersion(tx, userId, id, { ...current, source: "rewrite", text: outcome.text, claims: [] });
          return recordOf(await readLetter(tx, id));
        });
      },
    );
  };
}
