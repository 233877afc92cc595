// The subscription lifecycle, shared by the REST API and the control API: completing a checkout
// session, renewing (paid), a failed renewal payment, cancelling and updating. Each change
// happens at once and emits its events as one batch, in the order Phoenix relies on.
import type Stripe from "stripe";
import type { Actor, EmulatorContext } from "./context.ts";
import { findCustomer } from "./customers.ts";
import { createCustomer } from "./customers.ts";
import { StripeError, resourceMissing } from "./errors.ts";
import type { EventSpec } from "./events.ts";
import { emitEvents } from "./events.ts";
import { createInvoice, payInvoice } from "./invoices.ts";
import { previousAttributes } from "./previous-attributes.ts";
import type { EventRecord } from "./state.ts";
import { idOf, unixSeconds } from "./stripe-format.ts";
import { buildSubscription, currentPeriod, findSubscription, nextPeriod } from "./subscriptions.ts";

export interface Outcome {
  subscription: Stripe.Subscription;
  invoice: Stripe.Invoice | null;
  events: EventRecord[];
}

/** A lifecycle step the object's state does not allow (only the control API can ask for one). */
export const conflict = (message: string): StripeError =>
  new StripeError(409, "invalid_request_error", message);

export function openSubscription(ctx: EmulatorContext, id: string): Stripe.Subscription {
  const subscription = findSubscription(ctx.state, id);
  if (subscription.status === "canceled") throw conflict(`Subscription ${id} is canceled.`);
  return subscription;
}

function customerOf(ctx: EmulatorContext, subscription: Stripe.Subscription): Stripe.Customer {
  return findCustomer(ctx.state, idOf(subscription.customer));
}

/**
 * The customer pays: the subscription starts (active, first period from now), its first invoice
 * is paid, and checkout.session.completed, customer.subscription.created and invoice.paid follow.
 */
export function completeCheckout(
  ctx: EmulatorContext,
  actor: Actor,
  sessionId: string,
): Outcome & { session: Stripe.Checkout.Session } {
  const record = ctx.state.checkoutSessions.get(sessionId);
  if (!record) throw resourceMissing("checkout.session", sessionId);
  const { session, lineItems, subscriptionData } = record;
  if (session.status !== "open")
    throw conflict(`Checkout session ${sessionId} is ${String(session.status)}.`);
  const now = ctx.clock.now();
  const customer = session.customer
    ? findCustomer(ctx.state, idOf(session.customer))
    : createCustomer(ctx.state, session.customer_email ? { email: session.customer_email } : {}, now);
  const subscription = buildSubscription(ctx, {
    customer: customer.id,
    items: lineItems.map((item) => ({ price: item.price as Stripe.Price, quantity: item.quantity ?? 1 })),
    metadata: subscriptionData.metadata,
    description: subscriptionData.description,
    start: unixSeconds(now),
  });
  const invoice = createInvoice(ctx, {
    subscription,
    customer,
    reason: "subscription_create",
    paid: true,
    period: currentPeriod(subscription),
    origin: actor.origin,
  });
  subscription.latest_invoice = invoice.id;
  session.status = "complete";
  session.payment_status = "paid";
  session.customer = customer.id;
  session.subscription = subscription.id;
  session.customer_details = {
    address: null,
    business_name: null,
    email: customer.email,
    individual_name: null,
    name: customer.name ?? null,
    phone: customer.phone ?? null,
    tax_exempt: "none",
    tax_ids: [],
  };
  const events = emitEvents(ctx, actor, [
    { type: "checkout.session.completed", object: session },
    { type: "customer.subscription.created", object: subscription },
    { type: "invoice.paid", object: invoice },
  ]);
  return { session, subscription, invoice, events };
}

/** Moves every item to the next billing period; returns the new period. */
function advancePeriod(subscription: Stripe.Subscription): { start: number; end: number } {
  let period = currentPeriod(subscription);
  for (const item of subscription.items.data) {
    period = nextPeriod(item.price, { end: item.current_period_end }, subscription.billing_cycle_anchor);
    item.current_period_start = period.start;
    item.current_period_end = period.end;
  }
  return period;
}

/** The next billing period begins, invoiced: paid, or open after a failed attempt. */
function startNextPeriod(
  ctx: EmulatorContext,
  actor: Actor,
  subscription: Stripe.Subscription,
  { paid }: { paid: boolean },
): Stripe.Invoice {
  const period = advancePeriod(subscription);
  const invoice = createInvoice(ctx, {
    subscription,
    customer: customerOf(ctx, subscription),
    reason: "subscription_cycle",
    paid,
    period,
    origin: actor.origin,
  });
  subscription.latest_invoice = invoice.id;
  return invoice;
}

function openInvoiceOf(ctx: EmulatorContext, subscription: Stripe.Subscription): Stripe.Invoice | undefined {
  const invoice = subscription.latest_invoice
    ? ctx.state.invoices.get(idOf(subscription.latest_invoice))
    : undefined;
  return invoice?.status === "open" ? invoice : undefined;
}

/**
 * The period ends and the renewal payment succeeds. A past_due subscription pays its open
 * invoice and becomes active again; one set to cancel at period end ends instead.
 */
export function renewSubscription(ctx: EmulatorContext, actor: Actor, id: string): Outcome {
  const subscription = openSubscription(ctx, id);
  if (subscription.cancel_at_period_end) {
    return cancelSubscription(ctx, actor, id, {
      at: currentPeriod(subscription).end,
      reason: "cancellation_requested",
    });
  }
  const before = structuredClone(subscription);
  const open = openInvoiceOf(ctx, subscription);
  let invoice: Stripe.Invoice;
  if (open) {
    payInvoice(open, ctx.clock.now());
    invoice = open;
  } else {
    invoice = startNextPeriod(ctx, actor, subscription, { paid: true });
  }
  subscription.status = "active";
  const events = emitEvents(ctx, actor, [
    updatedEvent(before, subscription),
    { type: "invoice.paid", object: invoice },
  ]);
  return { subscription, invoice, events };
}

/**
 * The next renewal payment fails: a new period starts with an open invoice and the subscription
 * goes past_due. On a subscription already past_due, the open invoice's retry fails again.
 */
export function failPayment(ctx: EmulatorContext, actor: Actor, id: string): Outcome {
  const subscription = openSubscription(ctx, id);
  const before = structuredClone(subscription);
  let invoice = openInvoiceOf(ctx, subscription);
  if (invoice) {
    invoice.attempt_count += 1;
    invoice.next_payment_attempt = unixSeconds(ctx.clock.now()) + 3 * 86_400;
  } else {
    invoice = startNextPeriod(ctx, actor, subscription, { paid: false });
  }
  subscription.status = "past_due";
  const specs: EventSpec[] = [{ type: "invoice.payment_failed", object: invoice }];
  const updated = updatedEvent(before, subscription);
  if (updated.previousAttributes && Object.keys(updated.previousAttributes).length > 0) specs.push(updated);
  return { subscription, invoice, events: emitEvents(ctx, actor, specs) };
}

export interface Cancellation {
  /** Unix seconds; default now. */
  at?: number;
  reason?: Stripe.Subscription.CancellationDetails.Reason;
  comment?: string | null;
  feedback?: Stripe.Subscription.CancellationDetails.Feedback | null;
}

/** The subscription ends now: canceled, with customer.subscription.deleted. */
export function cancelSubscription(
  ctx: EmulatorContext,
  actor: Actor,
  id: string,
  details: Cancellation = {},
): Outcome {
  const subscription = openSubscription(ctx, id);
  const at = details.at ?? unixSeconds(ctx.clock.now());
  subscription.status = "canceled";
  subscription.canceled_at ??= at;
  subscription.ended_at = at;
  subscription.cancellation_details = {
    comment: details.comment ?? subscription.cancellation_details?.comment ?? null,
    feedback: details.feedback ?? subscription.cancellation_details?.feedback ?? null,
    feedback_option: null,
    reason: details.reason ?? "cancellation_requested",
  };
  const events = emitEvents(ctx, actor, [{ type: "customer.subscription.deleted", object: subscription }]);
  return { subscription, invoice: null, events };
}

/**
 * Applies `change` and emits customer.subscription.updated with what changed, unless nothing did.
 */
export function updateSubscription(
  ctx: EmulatorContext,
  actor: Actor,
  subscription: Stripe.Subscription,
  change: (subscription: Stripe.Subscription) => void,
): Outcome {
  const before = structuredClone(subscription);
  change(subscription);
  const spec = updatedEvent(before, subscription);
  const changed = Object.keys(spec.previousAttributes ?? {}).length > 0;
  return { subscription, invoice: null, events: changed ? emitEvents(ctx, actor, [spec]) : [] };
}

/** cancel_at_period_end as Stripe sets it: cancel_at becomes the period end, canceled_at the request time. */
export function scheduleCancellation(
  subscription: Stripe.Subscription,
  atPeriodEnd: boolean,
  nowSeconds: number,
): void {
  subscription.cancel_at_period_end = atPeriodEnd;
  subscription.cancel_at = atPeriodEnd ? currentPeriod(subscription).end : null;
  subscription.canceled_at = atPeriodEnd ? nowSeconds : null;
}

function updatedEvent(before: Stripe.Subscription, after: Stripe.Subscription): EventSpec {
  return {
    type: "customer.subscription.updated",
    object: after,
    previousAttributes: previousAttributes(before, after),
  };
}
