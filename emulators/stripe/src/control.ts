// The control API under /_control: no authentication, for tests and demos on loopback only.
// Inspect state, drive the billing lifecycle (complete a checkout, renew, fail a payment, cancel,
// update), steer webhook delivery (hold, release, reorder, redeliver), inject faults, reset.
import { HttpError } from "@phoenix/kernel/http";
import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  cancelSubscription,
  completeCheckout,
  failPayment,
  openSubscription,
  renewSubscription,
  scheduleCancellation,
  updateSubscription,
} from "./billing.ts";
import type { Outcome } from "./billing.ts";
import { findPrice } from "./catalog.ts";
import type { Actor, EmulatorContext } from "./context.ts";
import type {
  CancelRequest,
  DeliveriesQuery,
  DeliveryRequest,
  FaultsRequest,
  RedeliverRequest,
  SubscriptionPatchRequest,
  WebhookEndpointRequest,
} from "./control-schema.ts";
import {
  CancelSchema,
  DeliveriesQuerySchema,
  DeliverySchema,
  FaultsSchema,
  IdParamsSchema,
  RedeliverSchema,
  SubscriptionPatchSchema,
  WebhookEndpointSchema,
} from "./control-schema.ts";
import { completionView, deliveryView, outcomeView, stateView } from "./control-views.ts";
import { StripeError } from "./errors.ts";
import { findEvent } from "./events.ts";
import { addFailure, createFaults, describeFaults, setLatency } from "./faults.ts";
import { originOf } from "./operation.ts";
import { mergeMetadata } from "./params.ts";
import { endpointRecord, resetState } from "./state.ts";
import { unixSeconds } from "./stripe-format.ts";
import { switchItem } from "./subscriptions.ts";
import { dispatch, release } from "./webhooks.ts";

export const CONTROL_PREFIX = "/_control";

type Id = { Params: { id: string } };
const byId = { params: IdParamsSchema };

/** Control API errors are ours ({ error, message }); Stripe's refusals keep their status. */
function controlled<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof StripeError) throw new HttpError(err.status, err.code ?? err.type, err.message);
    throw err;
  }
}

/** Register with `{ prefix: CONTROL_PREFIX }`. */
export function registerControlApi(app: FastifyInstance, ctx: EmulatorContext): void {
  const { state } = ctx;
  const actor = (request: FastifyRequest): Actor => ({ origin: originOf(ctx, request), request: null });
  const lifecycle = (step: (actor: Actor, id: string) => Outcome) => (request: FastifyRequest<Id>) =>
    controlled(() => outcomeView(step(actor(request), request.params.id)));

  app.get("/state", () => stateView(state));

  app.post("/reset", (_request, reply) => {
    ctx.lifetime.renew();
    ctx.deliveryQueues.clear();
    resetState(state, ctx.clock.now());
    return reply.code(204).send();
  });

  app.post<Id>("/checkout/sessions/:id/complete", { schema: byId }, (request) =>
    controlled(() => completionView(completeCheckout(ctx, actor(request), request.params.id))),
  );
  app.post<Id>(
    "/subscriptions/:id/renew",
    { schema: byId },
    lifecycle((who, id) => renewSubscription(ctx, who, id)),
  );
  app.post<Id>(
    "/subscriptions/:id/fail-payment",
    { schema: byId },
    lifecycle((who, id) => failPayment(ctx, who, id)),
  );
  app.post<Id & { Body: CancelRequest }>(
    "/subscriptions/:id/cancel",
    { schema: { ...byId, body: CancelSchema } },
    (request) => controlled(() => outcomeView(cancel(ctx, actor(request), request.params.id, request.body))),
  );
  app.patch<Id & { Body: SubscriptionPatchRequest }>(
    "/subscriptions/:id",
    { schema: { ...byId, body: SubscriptionPatchSchema } },
    (request) =>
      controlled(() => outcomeView(patchSubscription(ctx, actor(request), request.params.id, request.body))),
  );

  registerDeliveryControls(app, ctx);

  app.post<{ Body: FaultsRequest }>("/faults", { schema: { body: FaultsSchema } }, (request) => {
    setLatency(state.faults, request.body.latencyMs ?? {});
    for (const failure of request.body.failures ?? []) addFailure(state.faults, failure);
    return describeFaults(state.faults);
  });
  app.delete("/faults", (_request, reply) => {
    state.faults = createFaults();
    return reply.code(204).send();
  });
}

function registerDeliveryControls(app: FastifyInstance, ctx: EmulatorContext): void {
  const { state } = ctx;

  app.post<{ Body: WebhookEndpointRequest }>(
    "/webhook-endpoints",
    { schema: { body: WebhookEndpointSchema } },
    (request, reply) => {
      const { url, enabledEvents, secret } = request.body;
      const spec = { url, ...(enabledEvents ? { enabledEvents } : {}), ...(secret ? { secret } : {}) };
      const record = endpointRecord(spec, ctx.clock.now());
      state.webhookEndpoints.set(record.endpoint.id, record);
      return reply.code(201).send({ ...record.endpoint, secret: record.secret });
    },
  );

  app.post<Id & { Body: RedeliverRequest }>(
    "/events/:id/redeliver",
    { schema: { ...byId, body: RedeliverSchema } },
    (request) =>
      controlled(() => {
        const event = findEvent(state, request.params.id);
        const { endpointId } = request.body;
        if (endpointId && !state.webhookEndpoints.has(endpointId)) {
          throw new HttpError(404, "not_found", `no webhook endpoint ${endpointId}`);
        }
        return dispatch(ctx, [event], { replay: true, ...(endpointId ? { endpointId } : {}) }).map(
          deliveryView,
        );
      }),
  );

  app.get<{ Querystring: DeliveriesQuery }>(
    "/deliveries",
    { schema: { querystring: DeliveriesQuerySchema } },
    (request) => {
      const { eventId, eventType, endpointId, status } = request.query;
      return state.deliveries
        .filter(
          (delivery) =>
            (!eventId || delivery.eventId === eventId) &&
            (!eventType || delivery.eventType === eventType) &&
            (!endpointId || delivery.endpointId === endpointId) &&
            (!status || delivery.status === status),
        )
        .map(deliveryView);
    },
  );

  app.put<{ Body: DeliveryRequest }>("/delivery", { schema: { body: DeliverySchema } }, (request) => {
    const { hold, order, batches } = request.body;
    if (order !== undefined) {
      state.delivery.order = order;
      state.delivery.orderBatches = order === "in-order" ? null : (batches ?? null);
    }
    const released = hold === false && state.delivery.held ? release(ctx).length : 0;
    if (hold === true) state.delivery.held = true;
    return { ...state.delivery, released };
  });
}

function cancel(ctx: EmulatorContext, actor: Actor, id: string, body: CancelRequest): Outcome {
  if (!body.atPeriodEnd) {
    return cancelSubscription(ctx, actor, id, {
      reason: "cancellation_requested",
      ...(body.comment === undefined ? {} : { comment: body.comment }),
      ...(body.feedback === undefined ? {} : { feedback: body.feedback }),
    });
  }
  const now = unixSeconds(ctx.clock.now());
  return updateSubscription(ctx, actor, openSubscription(ctx, id), (target) => {
    scheduleCancellation(target, true, now);
  });
}

function patchSubscription(
  ctx: EmulatorContext,
  actor: Actor,
  id: string,
  patch: SubscriptionPatchRequest,
): Outcome {
  const subscription = openSubscription(ctx, id);
  const price = patch.price === undefined ? undefined : findPrice(ctx.state, patch.price, "price");
  const now = unixSeconds(ctx.clock.now());
  return updateSubscription(ctx, actor, subscription, (target) => {
    if (patch.cancelAtPeriodEnd !== undefined) scheduleCancellation(target, patch.cancelAtPeriodEnd, now);
    if (patch.status !== undefined) target.status = patch.status;
    if (patch.metadata) target.metadata = mergeMetadata(target.metadata, patch.metadata);
    for (const item of price ? target.items.data : []) {
      switchItem(target.id, item, { price: price ?? item.price, quantity: item.quantity ?? 1 });
    }
  });
}
