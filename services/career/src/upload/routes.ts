// POST /v1/cv/upload: a PDF or DOCX (multipart field "file", 5 MB at most) inspected, its text
// parsed into a CV the user then corrects in the editor. The original is kept only with
// ?keep=true; otherwise it never reaches the database. A refused file leaves nothing behind.
import multipart from "@fastify/multipart";
import { principalOf, requireUser } from "@phoenix/kernel/access-guard";
import { recordEvent } from "@phoenix/store";
import type { Tx } from "@phoenix/store";
import type { FastifyInstance, FastifyRequest } from "fastify";
import Type from "typebox";
import type { CareerContext } from "../context.ts";
import { createCv } from "../cv/routes.ts";
import { fitCv } from "../cv/fit.ts";
import { parseCv } from "../cv/parse.ts";
import { careerError, errorResponses } from "../reasons.ts";
import { inspectUpload } from "./inspect.ts";

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const multipartOptions = {
  limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 0, parts: 2 },
  throwFileSizeLimit: true,
};

/** The request's one file, whole (413 past the limit). */
export async function uploadedFile(request: FastifyRequest): Promise<{ file: Buffer; filename: string }> {
  const part = await request.file();
  if (!part) throw careerError(400, "missing_file", "no file part");
  return { file: await part.toBuffer(), filename: part.filename };
}

export function uploadRoutes(context: CareerContext) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(multipart, multipartOptions);
    app.addHook("preHandler", requireUser);
    app.post(
      "/upload",
      {
        schema: {
          security: [{ bearer: [] as string[] }],
          tags: ["cv"],
          consumes: ["multipart/form-data"],
          description:
            "Multipart field `file`: a PDF or a DOCX of 5 MB at most, sniffed by content. The parsed CV counts as a created CV.",
          querystring: Type.Object({
            keep: Type.Optional(Type.Boolean({ default: false, description: "Keep the original file." })),
          }),
          response: { 201: Type.Ref("CvRecord"), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { userId } = principalOf(request);
        const { keep = false } = request.query as { keep?: boolean };
        const { file, filename } = await uploadedFile(request);
        const { mediaType, text } = await inspectUpload(file);
        const within = async (tx: Tx, cvId: string) => {
          if (keep)
            await tx.query(
              "INSERT INTO cv_files (user_id, cv_id, media_type, size_bytes, content) VALUES ($1, $2, $3, $4, $5)",
              [userId, cvId, mediaType, file.length, file],
            );
          const payload = { cvId, mediaType, size: file.length, kept: keep };
          await recordEvent(tx, {
            userId,
            type: "cv.uploaded",
            payload,
            occurredAt: context.now(),
            sourceApp: "career",
          });
        };
        const title = filename || undefined;
        const made = await createCv(context, userId, {
          cv: fitCv(parseCv(text)),
          source: "upload",
          title,
          within,
        });
        return reply.code(201).send(made);
      },
    );
  };
}
