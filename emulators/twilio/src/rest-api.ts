// The Twilio REST API 2010-04-01 as a fastify plugin: form bodies in, Twilio JSON out, and
// Twilio-shaped errors even for requests that never reach a route.
import type { FastifyError, FastifyInstance } from "fastify";
import type { EmulatorContext } from "./context.ts";
import { TwilioError, codeForStatus, notFound } from "./errors.ts";
import { parseForm } from "./form.ts";
import { messageRoutes } from "./messages-routes.ts";
import { numberRoutes } from "./numbers-routes.ts";
import { errorResponse, operationHandler, pathOf, send } from "./operation.ts";
import { API_VERSION } from "./twilio-format.ts";

export const REST_PREFIX = `/${API_VERSION}`;

/** Register with `{ prefix: REST_PREFIX }` so its error and not-found handlers stay scoped. */
export function registerRestApi(app: FastifyInstance, ctx: EmulatorContext): void {
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_request, body, done) => {
      done(null, parseForm(body as string));
    },
  );
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) return send(reply, errorResponse(ctx, request, error));
    return send(reply, {
      status,
      body: new TwilioError(status, codeForStatus(status), error.message).toBody(),
    });
  });
  app.setNotFoundHandler((request, reply) => {
    const error = notFound(pathOf(request));
    return send(reply, { status: error.status, body: error.toBody() });
  });
  for (const route of [...numberRoutes(ctx), ...messageRoutes(ctx)]) {
    app.route({ method: route.method, url: route.url, handler: operationHandler(ctx, route) });
  }
}
