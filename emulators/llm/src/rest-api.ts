// The OpenAI-compatible API under /v1: chat completions and models, with OpenAI-shaped errors even
// for requests that never reach a route (bad JSON, schema violations, unknown paths).
import type { FastifyError, FastifyInstance } from "fastify";
import type { ChatCompletionRequest } from "./chat-schema.ts";
import { ChatCompletionSchema, ModelParamsSchema } from "./chat-schema.ts";
import { chatCompletion } from "./completions.ts";
import type { EmulatorContext } from "./context.ts";
import { OpenAiError, invalidRequest, modelNotFound, serverError } from "./errors.ts";
import { LIST_MODELS, takeFailure } from "./faults.ts";
import { modelBody } from "./openai-format.ts";
import { authenticate, sendError } from "./openai-http.ts";

export const REST_PREFIX = "/v1";

/** Register with `{ prefix: REST_PREFIX }` so its error and not-found handlers stay scoped. */
export function registerRestApi(app: FastifyInstance, ctx: EmulatorContext): void {
  app.setErrorHandler((error: FastifyError | OpenAiError, request, reply) => {
    if (error instanceof OpenAiError) return sendError(reply, error);
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, "llm emulator: request failed");
      return sendError(reply, serverError(500));
    }
    return sendError(reply, invalidRequest(error.message, null, status));
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, invalidRequest(`Invalid URL (${request.method} ${request.url})`, null, 404)),
  );

  app.post<{ Body: ChatCompletionRequest }>(
    "/chat/completions",
    { schema: { body: ChatCompletionSchema } },
    (request, reply) => chatCompletion(ctx, request, reply),
  );

  const listable = (request: Parameters<typeof authenticate>[1]) => {
    authenticate(ctx.state, request);
    const failure = takeFailure(ctx.state.faults, LIST_MODELS);
    if (failure) throw failure;
  };
  app.get("/models", (request) => {
    listable(request);
    const { models, createdAt } = ctx.state.seed;
    return { object: "list", data: models.map((id) => modelBody(id, createdAt)) };
  });
  app.get<{ Params: { model: string } }>(
    "/models/:model",
    { schema: { params: ModelParamsSchema } },
    (request) => {
      listable(request);
      const { model } = request.params;
      if (!ctx.state.seed.models.includes(model)) throw modelNotFound(model);
      return modelBody(model, ctx.state.seed.createdAt);
    },
  );
}
