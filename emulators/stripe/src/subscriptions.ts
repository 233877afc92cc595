// Subscriptions: built when a checkout session completes; retrieved, listed by customer, updated
// (cancel_at_period_end, cancel_at, metadata, the price of an item) and cancelled over REST. What
// a change does to the lifecycle, and the events it emits, lives in billing.ts.
import type Stripe from "stripe";
import type { EmulatorContext } from "./context.ts";
import { resourceMissing } from "./errors.ts";
import type { StripeRoute } from "./operation.ts";
import { listRoute, retrieveRoute } from "./operation.ts";
import { listObject } from "./pagination.ts";
import type { ParamTree } from "./params.ts";
import { optionalEnum, optionalString } from "./params.ts";
import type { StripeState } from "./state.ts";
import { newestFirst } from "./state.ts";
import { addInterval, newId, unixSeconds } from "./stripe-format.ts";

export interface NewSubscription {
  customer: string;
  items: { price: Stripe.Price; quantity: number }[];
  metadata: Record<string, string>;
  description: string | null;
  /** Unix seconds: the billing cycle anchor. */
  start: number;
}

export function findSubscription(state: StripeState, id: string, param?: string): Stripe.Subscription {
  const subscription = state.subscriptions.get(id);
  if (!subscription) throw resourceMissing("subscription", id, param);
  return subscription;
}

/** The legacy plan every subscription item still carries, mirroring its price. */
function planOf(price: Stripe.Price): Stripe.Plan {
  const recurring = price.recurring ?? { interval: "month", interval_count: 1, usage_type: "licensed" };
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: recurring.interval,
    interval_count: recurring.interval_count,
    livemode: false,
    metadata: { ...price.metadata },
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: recurring.usage_type,
  };
}

export function subscriptionItem(
  subscriptionId: string,
  { price, quantity }: { price: Stripe.Price; quantity: number },
  period: { start: number; end: number },
): Stripe.SubscriptionItem {
  return {
    id: newId("si"),
    object: "subscription_item",
    billing_thresholds: null,
    created: period.start,
    current_period_end: period.end,
    current_period_start: period.start,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: planOf(price),
    price: structuredClone(price),
    quantity,
    subscription: subscriptionId,
    tax_rates: [],
  };
}

/** Switches an item to `price` (and `quantity`) for the rest of its period; no proration is modelled. */
export function switchItem(
  subscriptionId: string,
  item: Stripe.SubscriptionItem,
  change: { price: Stripe.Price; quantity: number },
): void {
  const period = { start: item.current_period_start, end: item.current_period_end };
  Object.assign(item, {
    ...subscriptionItem(subscriptionId, change, period),
    id: item.id,
    created: item.created,
  });
}

/** The period after `current` for `price`, anchored on the subscription's billing cycle anchor. */
export function nextPeriod(
  price: Stripe.Price,
  current: { end: number },
  anchor: number,
): { start: number; end: number } {
  const recurring = price.recurring ?? { interval: "month" as const, interval_count: 1 };
  return { start: current.end, end: addInterval(current.end, recurring, anchor) };
}

export function buildSubscription(ctx: EmulatorContext, spec: NewSubscription): Stripe.Subscription {
  const id = newId("sub");
  const first = spec.items[0];
  const currency = first?.price.currency ?? "usd";
  const items = spec.items.map((item) => {
    const recurring = item.price.recurring ?? { interval: "month" as const, interval_count: 1 };
    return subscriptionItem(id, item, { start: spec.start, end: addInterval(spec.start, recurring) });
  });
  const subscription: Stripe.Subscription = {
    id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: spec.start,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: "charge_automatically",
    created: unixSeconds(ctx.clock.now()),
    currency,
    customer: spec.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: spec.description,
    discounts: [],
    ended_at: null,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: "self" },
    },
    items: listObject(items, `/v1/subscription_items?subscription=${id}`, false),
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: { ...spec.metadata },
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: {
      payment_method_options: null,
      payment_method_types: null,
      save_default_payment_method: "off",
    },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: spec.start,
    status: "active",
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: {
      end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" },
    },
    trial_start: null,
  };
  ctx.state.subscriptions.set(id, subscription);
  return subscription;
}

/** The current period, as the first item reports it (all items share the cycle). */
export function currentPeriod(subscription: Stripe.Subscription): { start: number; end: number } {
  const item = subscription.items.data[0];
  return { start: item?.current_period_start ?? 0, end: item?.current_period_end ?? 0 };
}

const STATUSES = [
  "active",
  "all",
  "canceled",
  "ended",
  "incomplete",
  "incomplete_expired",
  "past_due",
  "paused",
  "trialing",
  "unpaid",
] as const;

/** Stripe leaves cancelled subscriptions out unless `status` asks for them. */
function statusMatcher(status: (typeof STATUSES)[number] | undefined): (value: string) => boolean {
  if (status === "all") return () => true;
  if (status === "ended") return (value) => value === "canceled" || value === "incomplete_expired";
  if (status === undefined) return (value) => value !== "canceled";
  return (value) => value === status;
}

function listSubscriptions(state: StripeState, params: ParamTree): Stripe.Subscription[] {
  const customer = optionalString(params, "customer");
  const price = optionalString(params, "price");
  const statusMatches = statusMatcher(optionalEnum(params, "status", STATUSES));
  return newestFirst(state.subscriptions.values()).filter(
    (subscription) =>
      (!customer || subscription.customer === customer) &&
      (!price || subscription.items.data.some((item) => item.price.id === price)) &&
      statusMatches(subscription.status),
  );
}

export function subscriptionReadRoutes(ctx: EmulatorContext): StripeRoute[] {
  const { state } = ctx;
  return [
    listRoute({
      url: "/subscriptions",
      operation: "GetSubscriptions",
      filters: ["customer", "price", "status"],
      objectName: "subscription",
      list: (params) => listSubscriptions(state, params),
    }),
    retrieveRoute({
      url: "/subscriptions/:subscription_exposed_id",
      operation: "GetSubscriptionsSubscriptionExposedId",
      find: (id) => findSubscription(state, id),
    }),
  ];
}
