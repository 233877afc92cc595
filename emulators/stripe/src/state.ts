// Everything the emulator remembers, in one object that tests create and inject. Stripe objects
// are kept in their wire shape, typed by the official client's declarations (a type-only import
// of the stripe devDependency), so a missing or misspelt field fails type checking, not a user.
// Maps keep creation order; lists are served newest first, as Stripe's are.
import type Stripe from "stripe";
import { createFaults } from "./faults.ts";
import type { Faults } from "./faults.ts";
import type { Metadata } from "./params.ts";
import { API_VERSION, newId, unixSeconds } from "./stripe-format.ts";

export interface CheckoutSessionRecord {
  session: Stripe.Checkout.Session;
  /** Served only when `line_items` is expanded, as Stripe's includable field. */
  lineItems: Stripe.LineItem[];
  /** subscription_data, copied onto the subscription when the session completes. */
  subscriptionData: { metadata: Metadata; description: string | null };
}

export interface WebhookEndpointRecord {
  /** As listed and retrieved: without its secret, which only the create response carries. */
  endpoint: Stripe.WebhookEndpoint;
  secret: string;
}

/** An event as stored and delivered: data.object is a snapshot taken when it happened. */
export interface EventRecord extends Omit<Stripe.EventBase, "data"> {
  data: { object: object; previous_attributes?: Record<string, unknown> };
}

export type DeliveryStatus = "held" | "pending" | "retrying" | "succeeded" | "failed";

export interface DeliveryAttempt {
  at: number;
  /** null when no HTTP response arrived (refused, timed out). */
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface DeliveryRecord {
  id: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  url: string;
  /** A redelivery asked for through the control API. */
  replay: boolean;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  createdAt: number;
}

export type DeliveryOrder = "in-order" | "reverse" | "shuffle";

export interface DeliveryControl {
  /** While held, deliveries queue up instead of going out. */
  held: boolean;
  order: DeliveryOrder;
  /** Batches still to send in `order`; null = every batch. Back to in-order at 0. */
  orderBatches: number | null;
}

export interface IdempotentResult {
  method: string;
  path: string;
  /** Canonical JSON of the parameters, to tell a retry from a different request. */
  fingerprint: string;
  /** null while the first request is still executing. */
  response: { status: number; body: unknown; requestId: string } | null;
  at: number;
}

export interface CallStats {
  total: number;
  byStatus: Record<string, number>;
}

export interface SeedEndpoint {
  url: string;
  /** Default a fresh whsec_…; set it to match an application's configured signing secret. */
  secret?: string;
  /** Default ["*"]. */
  enabledEvents?: string[];
}

export interface StateSeed {
  secretKey: string;
  /** The account's default API version: stamps events. */
  apiVersion: string;
  /** Registered at start and again after every reset. */
  webhookEndpoints: SeedEndpoint[];
}

/** A feature attached to a product (entitlements.ts). */
export interface ProductFeatureRecord {
  product: string;
  feature: Stripe.ProductFeature;
  created: number;
}

export interface StripeState {
  readonly seed: StateSeed;
  customers: Map<string, Stripe.Customer>;
  products: Map<string, Stripe.Product>;
  prices: Map<string, Stripe.Price>;
  /** Entitlement features, and their attachments to products (entitlements.ts). */
  features: Map<string, Stripe.Entitlements.Feature>;
  productFeatures: Map<string, ProductFeatureRecord>;
  checkoutSessions: Map<string, CheckoutSessionRecord>;
  portalSessions: Map<string, Stripe.BillingPortal.Session>;
  subscriptions: Map<string, Stripe.Subscription>;
  invoices: Map<string, Stripe.Invoice>;
  events: Map<string, EventRecord>;
  webhookEndpoints: Map<string, WebhookEndpointRecord>;
  deliveries: DeliveryRecord[];
  delivery: DeliveryControl;
  /** By Idempotency-Key. */
  idempotency: Map<string, IdempotentResult>;
  /** Per Stripe operationId (PostCustomers, GetPrices…). */
  calls: Map<string, CallStats>;
  faults: Faults;
  /** The default billing portal configuration every portal session names. */
  portalConfigurationId: string;
}

export const DEFAULT_SECRET_KEY = "sk_test_emulator_0000000000000000000000";

/** Deliveries kept for inspection; older ones are dropped. */
export const DELIVERY_HISTORY = 1000;

export function createState(seed: Partial<StateSeed> = {}, now = Date.now()): StripeState {
  const full: StateSeed = {
    secretKey: seed.secretKey ?? DEFAULT_SECRET_KEY,
    apiVersion: seed.apiVersion ?? API_VERSION,
    webhookEndpoints: seed.webhookEndpoints ?? [],
  };
  return { seed: full, ...freshState(full, now) };
}

/** Forgets every object, event, delivery, idempotency key and fault: back to the seed. */
export function resetState(state: StripeState, now = Date.now()): void {
  Object.assign(state, freshState(state.seed, now));
}

function freshState(seed: StateSeed, now: number): Omit<StripeState, "seed"> {
  const webhookEndpoints = new Map<string, WebhookEndpointRecord>();
  for (const endpoint of seed.webhookEndpoints) {
    const record = endpointRecord(endpoint, now);
    webhookEndpoints.set(record.endpoint.id, record);
  }
  return {
    customers: new Map(),
    products: new Map(),
    prices: new Map(),
    features: new Map(),
    productFeatures: new Map(),
    checkoutSessions: new Map(),
    portalSessions: new Map(),
    subscriptions: new Map(),
    invoices: new Map(),
    events: new Map(),
    webhookEndpoints,
    deliveries: [],
    delivery: { held: false, order: "in-order", orderBatches: null },
    idempotency: new Map(),
    calls: new Map(),
    faults: createFaults(),
    portalConfigurationId: newId("bpc"),
  };
}

/** A webhook endpoint registered out of band (seed or control API), as if created over the API. */
export function endpointRecord(spec: SeedEndpoint, now: number): WebhookEndpointRecord {
  const endpoint: Stripe.WebhookEndpoint = {
    id: newId("we"),
    object: "webhook_endpoint",
    api_version: null,
    application: null,
    created: unixSeconds(now),
    description: null,
    enabled_events: spec.enabledEvents ?? ["*"],
    livemode: false,
    metadata: {},
    status: "enabled",
    url: spec.url,
  };
  return { endpoint, secret: spec.secret ?? newId("whsec") };
}

export function recordCall(state: StripeState, operation: string, status: number): void {
  const stats = state.calls.get(operation) ?? { total: 0, byStatus: {} };
  stats.total += 1;
  stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
  state.calls.set(operation, stats);
}

/** Newest first, as every Stripe list. */
export function newestFirst<T>(items: Iterable<T>): T[] {
  return [...items].reverse();
}
