// The control API's contract, shared by the routes (validation) and the typed client. Request
// schemas are TypeBox, so each request type is derived from its schema, never written twice.
// Objects in responses are the Stripe objects as the REST API serves them.
import Type from "typebox";
import type { Static } from "typebox";
import type Stripe from "stripe";
import { CANCELLATION_FEEDBACK } from "./stripe-format.ts";

const Operation = Type.String({
  minLength: 1,
  description: "Stripe operationId (PostCheckoutSessions…) or *",
});
const Milliseconds = Type.Integer({ minimum: 0, maximum: 600_000 });

/** One of `values`; Unsafe only to name the static type, which TypeBox makes never for a mapped array. */
function literalUnion<const V extends readonly string[]>(values: V) {
  return Type.Unsafe<V[number]>(Type.Union(values.map((value) => Type.Literal(value))));
}

export const FailureSchema = Type.Object(
  {
    operation: Type.Optional(Operation),
    status: Type.Union([Type.Literal(429), Type.Integer({ minimum: 500, maximum: 599 })]),
    nth: Type.Optional(Type.Integer({ minimum: 1, description: "first failing call, 1 = the next one" })),
    count: Type.Optional(Type.Integer({ minimum: 1, description: "calls that fail; default 1" })),
    message: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type FailureRequest = Static<typeof FailureSchema>;

export const FaultsSchema = Type.Object(
  {
    /** Per operation or "*"; replaces the latency of the operations named, 0 removes it. */
    latencyMs: Type.Optional(Type.Record(Type.String(), Milliseconds)),
    /** Appended to the rules already active. */
    failures: Type.Optional(Type.Array(FailureSchema)),
  },
  { additionalProperties: false },
);
export type FaultsRequest = Static<typeof FaultsSchema>;

export const DeliverySchema = Type.Object(
  {
    /** true queues deliveries; false sends everything queued, as one batch. */
    hold: Type.Optional(Type.Boolean()),
    order: Type.Optional(
      Type.Union([Type.Literal("in-order"), Type.Literal("reverse"), Type.Literal("shuffle")]),
    ),
    /** How many batches `order` applies to before delivery goes back in order; default every batch. */
    batches: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type DeliveryRequest = Static<typeof DeliverySchema>;

export const RedeliverSchema = Type.Object(
  { endpointId: Type.Optional(Type.String({ pattern: "^we_" })) },
  { additionalProperties: false },
);
export type RedeliverRequest = Static<typeof RedeliverSchema>;

export const CancelSchema = Type.Object(
  {
    /** Set cancel_at_period_end (customer.subscription.updated) instead of ending it now. */
    atPeriodEnd: Type.Optional(Type.Boolean()),
    comment: Type.Optional(Type.String()),
    feedback: Type.Optional(literalUnion(CANCELLATION_FEEDBACK)),
  },
  { additionalProperties: false },
);
export type CancelRequest = Static<typeof CancelSchema>;

/** Statuses a patch may set; canceled only comes from cancelling (customer.subscription.deleted). */
const SETTABLE_STATUSES = ["active", "past_due", "unpaid", "paused", "trialing", "incomplete"] as const;

export const SubscriptionPatchSchema = Type.Object(
  {
    cancelAtPeriodEnd: Type.Optional(Type.Boolean()),
    status: Type.Optional(literalUnion(SETTABLE_STATUSES)),
    /** Merged; an empty string deletes a key, as Stripe's metadata. */
    metadata: Type.Optional(Type.Record(Type.String(), Type.String())),
    /** Switches every item to this price (a plan change made in the portal). */
    price: Type.Optional(Type.String({ pattern: "^price_" })),
  },
  { additionalProperties: false },
);
export type SubscriptionPatchRequest = Static<typeof SubscriptionPatchSchema>;

export const WebhookEndpointSchema = Type.Object(
  {
    url: Type.String({ pattern: "^https?://" }),
    /** Default ["*"]. */
    enabledEvents: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
    /** Default a fresh whsec_…; set one to match an application's configured secret. */
    secret: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type WebhookEndpointRequest = Static<typeof WebhookEndpointSchema>;

export const DeliveriesQuerySchema = Type.Object(
  {
    eventId: Type.Optional(Type.String()),
    eventType: Type.Optional(Type.String()),
    endpointId: Type.Optional(Type.String()),
    status: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type DeliveriesQuery = Static<typeof DeliveriesQuerySchema>;

export const IdParamsSchema = Type.Object({ id: Type.String({ minLength: 1 }) });

// Responses. Timestamps of our own records are ISO 8601 (this is our API, not Stripe's).

/** A Stripe event as stored and delivered. */
export interface EventView extends Omit<Stripe.EventBase, "data"> {
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
}

export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  url: string;
  /** A redelivery asked for through the control API. */
  replay: boolean;
  status: "held" | "pending" | "retrying" | "succeeded" | "failed";
  /** Every attempt: the endpoint's HTTP status, or null with an error when none came. */
  attempts: { at: string; status: number | null; error: string | null; durationMs: number }[];
  createdAt: string;
}

export interface DeliveryControlView {
  held: boolean;
  order: "in-order" | "reverse" | "shuffle";
  orderBatches: number | null;
}

export interface LifecycleResult {
  subscription: Stripe.Subscription;
  invoice: Stripe.Invoice | null;
  /** The events the change emitted, in order. */
  events: EventView[];
}

export interface CheckoutCompletion extends LifecycleResult {
  session: Stripe.Checkout.Session;
}

export interface WebhookEndpointView extends Stripe.WebhookEndpoint {
  secret: string;
}

export interface StateView {
  customers: Stripe.Customer[];
  products: Stripe.Product[];
  prices: Stripe.Price[];
  checkoutSessions: Stripe.Checkout.Session[];
  portalSessions: Stripe.BillingPortal.Session[];
  subscriptions: Stripe.Subscription[];
  invoices: Stripe.Invoice[];
  /** Oldest first. */
  events: EventView[];
  webhookEndpoints: WebhookEndpointView[];
  deliveries: DeliveryView[];
  delivery: DeliveryControlView;
  faults: { latencyMs: Record<string, number>; rules: unknown[] };
  /** Per Stripe operationId: every call and the statuses answered. */
  calls: Record<string, { total: number; byStatus: Record<string, number> }>;
}
