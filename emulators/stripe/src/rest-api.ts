// The Stripe REST API (v1) as a fastify plugin: bracket-notation form bodies in, Stripe JSON out,
// and Stripe-shaped errors even for requests that never reach a route.
import type { FastifyError, FastifyInstance } from "fastify";
import { checkoutRoutes } from "./checkout.ts";
import type { EmulatorContext } from "./context.ts";
import { customerRoutes } from "./customers.ts";
import { StripeError } from "./errors.ts";
import { eventRoutes } from "./events.ts";
import { invoiceRoutes } from "./invoices.ts";
import { catalogRoutes } from "./catalog.ts";
import type { StripeRoute } from "./operation.ts";
import { errorAnswer, operationHandler, send } from "./operation.ts";
import { parseParams } from "./params.ts";
import { portalRoutes } from "./portal.ts";
import { newId } from "./stripe-format.ts";
import { subscriptionChangeRoutes } from "./subscription-changes.ts";
import { subscriptionReadRoutes } from "./subscriptions.ts";
import { entitlementRoutes } from "./entitlements.ts";
import { webhookEndpointRoutes } from "./webhook-endpoints.ts";

export const REST_PREFIX = "/v1";

export function restRoutes(ctx: EmulatorContext): StripeRoute[] {
  return [
    ...customerRoutes(ctx),
    ...catalogRoutes(ctx),
    ...entitlementRoutes(ctx),
    ...checkoutRoutes(ctx),
    ...portalRoutes(ctx),
    ...subscriptionReadRoutes(ctx),
    ...subscriptionChangeRoutes(ctx),
    ...invoiceRoutes(ctx),
    ...eventRoutes(ctx),
    ...webhookEndpointRoutes(ctx),
  ];
}

/** Register with `{ prefix: REST_PREFIX }` so its parser, error and not-found handlers stay scoped. */
export function registerRestApi(app: FastifyInstance, ctx: EmulatorContext): void {
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_request, body, done) => {
      done(null, parseParams(body as string));
    },
  );
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    const answer =
      status >= 500
        ? errorAnswer(ctx, request, error)
        : {
            status,
            body: new StripeError(status, "invalid_request_error", error.message).toBody(),
            headers: {},
          };
    return send(reply, { ...answer, headers: { ...answer.headers, "request-id": newId("req") } });
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? request.url;
    const error = new StripeError(
      404,
      "invalid_request_error",
      `Unrecognized request URL (${request.method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    );
    return send(reply, { status: 404, body: error.toBody(), headers: { "request-id": newId("req") } });
  });
  for (const route of restRoutes(ctx)) {
    app.route({ method: route.method, url: route.url, handler: operationHandler(ctx, route) });
  }
}
