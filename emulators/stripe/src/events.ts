// Events: what changed, as Stripe records it: a snapshot of the object, what it was before
// (previous_attributes) and the API request that caused it, if any. Emitting stores the events
// and hands them to webhook delivery as one batch. Routes: retrieve and list.
import type Stripe from "stripe";
import type { Actor, EmulatorContext } from "./context.ts";
import { parameterInvalid, resourceMissing } from "./errors.ts";
import type { StripeRoute } from "./operation.ts";
import { listRoute, retrieveRoute } from "./operation.ts";
import type { ParamTree } from "./params.ts";
import { isTree, optionalBoolean, optionalInteger, optionalString, stringList } from "./params.ts";
import type { EventRecord, StripeState } from "./state.ts";
import { newestFirst } from "./state.ts";
import { newId, unixSeconds } from "./stripe-format.ts";
import { dispatch, matchingEndpoints } from "./webhooks.ts";

export interface EventSpec {
  type: Stripe.Event.Type;
  object: object;
  previousAttributes?: Record<string, unknown>;
}

const MAX_TYPES = 20;

/** Records `specs` in order, as one change, and delivers them. */
export function emitEvents(ctx: EmulatorContext, actor: Actor, specs: EventSpec[]): EventRecord[] {
  const { state } = ctx;
  const created = unixSeconds(ctx.clock.now());
  const events = specs.map((spec): EventRecord => {
    const data: EventRecord["data"] = { object: structuredClone(spec.object) };
    if (spec.previousAttributes) data.previous_attributes = structuredClone(spec.previousAttributes);
    return {
      id: newId("evt"),
      object: "event",
      api_version: state.seed.apiVersion,
      created,
      data,
      livemode: false,
      pending_webhooks: matchingEndpoints(state, spec.type).length,
      request: { id: actor.request?.id ?? null, idempotency_key: actor.request?.idempotencyKey ?? null },
      type: spec.type,
    };
  });
  for (const event of events) state.events.set(event.id, event);
  dispatch(ctx, events);
  return events;
}

export function findEvent(state: StripeState, id: string): EventRecord {
  const event = state.events.get(id);
  if (!event) throw resourceMissing("event", id);
  return event;
}

/** type accepts a trailing wildcard, as Stripe's: customer.subscription.* */
function typeMatcher(params: ParamTree): (type: string) => boolean {
  const single = optionalString(params, "type");
  const types = stringList(params, "types");
  if (single && types.length > 0) {
    throw parameterInvalid("types", "You may only specify one of these parameters: type, types.");
  }
  if (types.length > MAX_TYPES) throw parameterInvalid("types", `You can pass up to ${MAX_TYPES} types.`);
  const patterns = single ? [single] : types;
  if (patterns.length === 0) return () => true;
  return (type) =>
    patterns.some((pattern) =>
      pattern.endsWith("*") ? type.startsWith(pattern.slice(0, -1)) : type === pattern,
    );
}

/** created=<unix> or created[gt|gte|lt|lte]=<unix>. */
export function createdMatcher(params: ParamTree): (created: number) => boolean {
  const created = params["created"];
  if (created === undefined) return () => true;
  if (!isTree(created)) {
    const exact = optionalInteger(params, "created");
    return (value) => value === exact;
  }
  const bound = (name: string) => optionalInteger(created, name, { label: `created[${name}]` });
  const [gt, gte, lt, lte] = [bound("gt"), bound("gte"), bound("lt"), bound("lte")];
  return (value) =>
    (gt === undefined || value > gt) &&
    (gte === undefined || value >= gte) &&
    (lt === undefined || value < lt) &&
    (lte === undefined || value <= lte);
}

function listEvents(state: StripeState, params: ParamTree): EventRecord[] {
  const typeMatches = typeMatcher(params);
  const createdMatches = createdMatcher(params);
  const deliverySuccess = optionalBoolean(params, "delivery_success");
  const delivered = (event: EventRecord) =>
    state.deliveries.some((delivery) => delivery.eventId === event.id && delivery.status === "succeeded");
  return newestFirst(state.events.values()).filter(
    (event) =>
      typeMatches(event.type) &&
      createdMatches(event.created) &&
      (deliverySuccess === undefined || delivered(event) === deliverySuccess),
  );
}

export function eventRoutes(ctx: EmulatorContext): StripeRoute[] {
  const { state } = ctx;
  return [
    listRoute({
      url: "/events",
      operation: "GetEvents",
      filters: ["created", "delivery_success", "type", "types"],
      objectName: "event",
      list: (params) => listEvents(state, params),
    }),
    retrieveRoute({ url: "/events/:id", operation: "GetEventsId", find: (id) => findEvent(state, id) }),
  ];
}
