// GET /v1/letters/{id}/pdf and /docx: the letter's current version, signed with its CV's name and
// contacts, in its CV's template family (premium template families for premium users only).
import { principalOf, requireUser } from "@phoenix/kernel/access-guard";
import { withUser } from "@phoenix/store";
import type { FastifyInstance, FastifyReply } from "fastify";
import Type from "typebox";
import type { CareerContext } from "../context.ts";
import { readCv } from "../cv/routes.ts";
import { isPremiumTemplate } from "../cv/templates.ts";
import type { CvTemplateId } from "../cv/templates.ts";
import { careerError, errorResponses } from "../reasons.ts";
import { renderLetterDocx, renderLetterPdf } from "../render/letter.ts";
import type { PrintLetter } from "../render/letter.ts";
import { readLetter } from "./store.ts";

const schema = {
  security: [{ bearer: [] as string[] }],
  tags: ["letters"],
  params: Type.Object({ id: Type.String({ format: "uuid" }) }),
  response: { 200: Type.Unsafe<Buffer>({ type: "string", format: "binary" }), ...errorResponses },
};

async function load(
  context: CareerContext,
  userId: string,
  id: string,
): Promise<{ letter: PrintLetter; template: CvTemplateId }> {
  const { cv: entitled } = await context.entitlements.of(userId);
  return withUser(context.pool, userId, async (tx) => {
    const { letter, versions } = await readLetter(tx, id);
    const current = versions.at(-1);
    if (!current || !letter.cv_id)
      throw careerError(404, "letter_not_found", `letter ${id} has no text or no CV`);
    const cv = await readCv(tx, letter.cv_id);
    // The CV's template family, if the user may still use it (cv entitlement), else the classic one.
    const template = !entitled.premium && isPremiumTemplate(cv.template) ? "classic" : cv.template;
    const { name, email, phone, city } = cv.document.basics;
    const contacts = [email, phone, city].filter((c): c is string => Boolean(c));
    return {
      letter: { language: current.language, sender: { name, contacts }, text: current.text },
      template,
    };
  });
}

const send = (reply: FastifyReply, type: string, extension: string, body: Buffer) =>
  reply.type(type).header("content-disposition", `attachment; filename="lettre.${extension}"`).send(body);

export function letterExportRoutes(context: CareerContext) {
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async or take done
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook("preHandler", requireUser);
    app.get(
      "/:id/pdf",
      { schema: { ...schema, description: "The letter's current version as PDF." } },
      async (request, reply) => {
        const found = await load(context, principalOf(request).userId, (request.params as { id: string }).id);
        return send(reply, "application/pdf", "pdf", renderLetterPdf(found.letter, found.template));
      },
    );
    app.get(
      "/:id/docx",
      { schema: { ...schema, description: "The letter's current version as DOCX." } },
      async (request, reply) => {
        const found = await load(context, principalOf(request).userId, (request.params as { id: string }).id);
        const docx = await renderLetterDocx(found.letter);
        return send(
          reply,
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "docx",
          docx,
        );
      },
    );
  };
}
