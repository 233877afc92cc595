// GET /v1/cv/{id}/pdf and /docx: the CV rendered on the server, in its template or the one asked
// for (premium templates for premium users only).
import { principalOf, requireUser } from "@phoenix/kernel/access-guard";
import { withUser } from "@phoenix/store";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import type { CareerContext } from "../context.ts";
import { readCv } from "../cv/routes.ts";
import { isPremiumTemplate } from "../cv/templates.ts";
import type { CvTemplateId } from "../cv/templates.ts";
import { careerError, errorResponses } from "../reasons.ts";
import { renderDocx } from "./docx.ts";
import { renderPdf } from "./pdf.ts";

const TemplateId = Type.Union([
  Type.Literal("ats"),
  Type.Literal("classic"),
  Type.Literal("modern"),
  Type.Literal("elegant"),
]);
const schema = {
  security: [{ bearer: [] as string[] }],
  tags: ["cv"],
  params: Type.Object({ id: Type.String({ format: "uuid" }) }),
  querystring: Type.Object({ template: Type.Optional(TemplateId) }),
  response: { 200: Type.Unsafe<Buffer>({ type: "string", format: "binary" }), ...errorResponses },
};

const fileName = (name: string, extension: string) =>
  `${
    name
      .normalize("NFKD")
      .replace(/[^\w -]/g, "")
      .trim()
      .replace(/\s+/g, "-") || "cv"
  }.${extension}`;

export function exportRoutes(context: CareerContext) {
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async or take done
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook("preHandler", requireUser);
    const load = async (userId: string, id: string, asked: CvTemplateId | undefined) => {
      const { cv: entitled } = await context.entitlements.of(userId);
      return withUser(context.pool, userId, async (tx) => {
        const row = await readCv(tx, id);
        const template = asked ?? row.template;
        if (isPremiumTemplate(template) && !entitled.premium)
          throw careerError(403, "premium_template", `template ${template} needs a plan with CVs`);
        return { cv: row.document, template };
      });
    };

    app.get(
      "/:id/pdf",
      { schema: { ...schema, description: "The CV as PDF (A4, fonts embedded)." } },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const { template } = request.query as { template?: CvTemplateId };
        const found = await load(principalOf(request).userId, id, template);
        return reply
          .type("application/pdf")
          .header("content-disposition", `attachment; filename="${fileName(found.cv.basics.name, "pdf")}"`)
          .send(renderPdf(found.cv, found.template));
      },
    );

    app.get(
      "/:id/docx",
      { schema: { ...schema, description: "The CV as DOCX (one column)." } },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const found = await load(principalOf(request).userId, id, undefined);
        return reply
          .type("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
          .header("content-disposition", `attachment; filename="${fileName(found.cv.basics.name, "docx")}"`)
          .send(await renderDocx(found.cv));
      },
    );
  };
}
