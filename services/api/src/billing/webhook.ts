// Applies one verified Stripe event inside the webhook's transaction. Objects are read defensively
// (only the fields used, in both the older and the 2025+ API shapes: a subscription's period on its
// items, an invoice's subscription under parent.subscription_details), so an API version bump or
// the emulator's subset does not break billing.
import type { Logger } from "@phoenix/kernel/log";
import type { Tx } from "@phoenix/store";
import { nextSubscriptionState, statusAfterInvoice } from "./events.ts";
import type { Observation } from "./events.ts";
import { linkCustomer, lockSubscription, saveInvoice, saveSubscription, userOfCustomer } from "./store.ts";

type Obj = Record<string, unknown>;

export interface StripeEventLike {
  id: string;
  type: string;
  created: number;
  data: { object: unknown };
}

export const handledEvents = new Set([
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.paid",
  "invoice.payment_failed",
]);

const str = (value: unknown): string | null => (typeof value === "string" && value ? value : null);
const obj = (value: unknown): Obj => (value && typeof value === "object" ? (value as Obj) : {});
const idOf = (value: unknown): string | null => str(value) ?? str(obj(value)["id"]);
const date = (seconds: unknown): Date | null =>
  typeof seconds === "number" ? new Date(seconds * 1000) : null;

function firstItem(subscription: Obj): Obj {
  const items = obj(subscription["items"])["data"];
  return Array.isArray(items) ? obj(items[0]) : {};
}

function observeSubscription(subscription: Obj, userId: string, event: StripeEventLike): Observation {
  const item = firstItem(subscription);
  return {
    id: String(subscription["id"]),
    userId,
    status: str(subscription["status"]) ?? "incomplete",
    priceId: idOf(item["price"]) ?? idOf(obj(subscription["plan"])),
    currentPeriodStart: date(subscription["current_period_start"] ?? item["current_period_start"]),
    currentPeriodEnd: date(subscription["current_period_end"] ?? item["current_period_end"]),
    cancelAtPeriodEnd: subscription["cancel_at_period_end"] === true,
    eventCreated: event.created,
    eventId: event.id,
  };
}

/** Which user an object belongs to: our customer mapping first, then the metadata we set. */
async function userOf(tx: Tx, object: Obj): Promise<string | undefined> {
  const customer = idOf(object["customer"]);
  const mapped = customer ? await userOfCustomer(tx, customer) : undefined;
  return mapped ?? str(obj(object["metadata"])["userId"]) ?? str(object["client_reference_id"]) ?? undefined;
}

async function applyObservation(tx: Tx, seen: Observation): Promise<boolean> {
  const next = nextSubscriptionState(await lockSubscription(tx, seen.id), seen);
  if (next) await saveSubscription(tx, next);
  return next !== undefined;
}

async function onCheckoutCompleted(
  tx: Tx,
  session: Obj,
  event: StripeEventLike,
): Promise<string | undefined> {
  const userId = str(session["client_reference_id"]) ?? (await userOf(tx, session));
  const customer = idOf(session["customer"]);
  if (!userId) return undefined;
  if (customer) await linkCustomer(tx, userId, customer);
  const subscriptionId = idOf(session["subscription"]);
  const paid = session["payment_status"] === "paid" || session["status"] === "complete";
  // Provisional: the subscription events that follow (or came first) carry the real status, and
  // whichever of them is newer wins; a subscription already known is left alone.
  if (subscriptionId && paid && !(await lockSubscription(tx, subscriptionId))) {
    await applyObservation(tx, {
      ...observeSubscription({ id: subscriptionId, status: "active" }, userId, event),
      priceId: null,
    });
  }
  return userId;
}

async function onInvoice(tx: Tx, invoice: Obj, event: StripeEventLike): Promise<string | undefined> {
  const userId = await userOf(tx, invoice);
  if (!userId) return undefined;
  const details = obj(obj(invoice["parent"])["subscription_details"]);
  const subscriptionId = idOf(invoice["subscription"]) ?? idOf(details["subscription"]);
  const paid = event.type === "invoice.paid";
  await saveInvoice(tx, {
    id: String(invoice["id"]),
    userId,
    subscriptionId,
    status: str(invoice["status"]) ?? (paid ? "paid" : "open"),
    amountDue: Number(invoice["amount_due"] ?? 0),
    amountPaid: Number(invoice["amount_paid"] ?? 0),
    currency: str(invoice["currency"]),
    hostedInvoiceUrl: str(invoice["hosted_invoice_url"]),
    periodStart: date(invoice["period_start"]),
    periodEnd: date(invoice["period_end"]),
    eventCreated: event.created,
  });
  const current = subscriptionId ? await lockSubscription(tx, subscriptionId) : undefined;
  const status = current && statusAfterInvoice(current.status, paid);
  if (current && status) {
    await applyObservation(tx, { ...current, status, eventCreated: event.created, eventId: event.id });
  }
  return userId;
}

/** Applies the event; returns the user whose plan may have changed, if any. */
export async function applyEvent(
  tx: Tx,
  event: StripeEventLike,
  logger: Logger,
): Promise<string | undefined> {
  const object = obj(event.data.object);
  let userId: string | undefined;
  if (event.type === "checkout.session.completed") userId = await onCheckoutCompleted(tx, object, event);
  else if (event.type.startsWith("customer.subscription.")) {
    userId = await userOf(tx, object);
    if (userId) await applyObservation(tx, observeSubscription(object, userId, event));
  } else if (event.type.startsWith("invoice.")) userId = await onInvoice(tx, object, event);
  if (!userId && handledEvents.has(event.type)) {
    logger.warn({ eventId: event.id, type: event.type }, "stripe event for an unknown customer; ignored");
  }
  return userId;
}
