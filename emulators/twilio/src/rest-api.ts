// The Twilio REST API 2010-04-01 (api.twilio.com) and the Pricing API v1 (pricing.twilio.com) as
// fastify plugins on one port: form bodies in, Twilio JSON out, and Twilio-shaped errors even for
// requests that never reach a route.
import type { FastifyError, FastifyInstance } from "fastify";
import type { EmulatorContext } from "./context.ts";
import { TwilioError, codeForStatus, notFound } from "./errors.ts";
import { parseForm } from "./form.ts";
import { messageRoutes } from "./messages-routes.ts";
import { numberRoutes } from "./numbers-routes.ts";
import { errorResponse, operationHandler, pathOf, send } from "./operation.ts";
import type { OperationRoute } from "./operation.ts";
import { PRICING_PREFIX } from "./pricing.ts";
import { pricingRoutes } from "./pricing-routes.ts";
import { API_VERSION } from "./twilio-format.ts";

export const REST_PREFIX = `/${API_VERSION}`;
export { PRICING_PREFIX };

/** Register with `{ prefix: REST_PREFIX }` so its error and not-found handlers stay scoped. */
export function registerRestApi(app: FastifyInstance, ctx: EmulatorContext): void {
  registerTwilioApi(app, ctx, [...numberRoutes(ctx), ...messageRoutes(ctx)]);
}

/** Register with `{ prefix: PRICING_PREFIX }`: the Pricing API's paths, as on pricing.twilio.com. */
export function registerPricingApi(app: FastifyInstance, ctx: EmulatorContext): void {
  registerTwilioApi(app, ctx, pricingRoutes(ctx));
}

function registerTwilioApi(app: FastifyInstance, ctx: EmulatorContext, routes: OperationRoute[]): void {
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
  for (const route of routes) {
    app.route({ method: route.method, url: route.url, handler: operationHandler(ctx, route) });
  }
}
