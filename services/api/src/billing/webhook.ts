// Applies one verified Stripe event inside the webhook's transaction. Objects are read defensively
// (only the fields used, in both the older and the 2025+ API shapes: a subscription's period on its
// items, an invoice's subscription under parent.subscription_details), so an API version bump or
// the emulator's subset does not break billing. Before anything is written the event is checked
// (parseStripeEvent): the envelope, and every field used of the objects applied, with the types
// and ranges the tables hold — a malformed event is a 400, never a 500 (docs/decisions/0044).
import type { Logger } from "@phoenix/kernel/log";
import type { Tx } from "@phoenix/store";
import Type from "typebox";
import type { TSchema } from "typebox";
import Value from "typebox/value";
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

// Postgres text cannot hold NUL; a Stripe id or text never has one.
const NO_NUL = "^[^\\u0000]*$";
const Text = Type.String({ pattern: NO_NUL });
const Id = Type.String({ minLength: 1, maxLength: 255, pattern: NO_NUL });
/** Unix seconds that to_timestamp and a Date hold: 1970 to 9999. */
const Seconds = Type.Integer({ minimum: 0, maximum: 253_402_300_799 });
/** Minor units in a bigint column, exactly representable in JavaScript. */
const Amount = Type.Integer({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER });
const Nullable = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));
/** A reference to another object: its id, or the object expanded. */
const Ref = Nullable(Type.Union([Id, Type.Object({ id: Id })]));
const Owner = {
  customer: Ref,
  metadata: Nullable(Type.Object({ userId: Type.Optional(Text) })),
  client_reference_id: Nullable(Text),
};
const Period = { current_period_start: Nullable(Seconds), current_period_end: Nullable(Seconds) };

const EventEnvelope = Type.Object({
  id: Id,
  type: Type.String({ minLength: 1, maxLength: 255, pattern: "^[A-Za-z0-9_.]+$" }),
  created: Seconds,
  data: Type.Object({ object: Type.Object({}) }),
});

/** The fields applyEvent reads, for the events it applies; Stripe's objects carry many more. */
const objectSchemas: ReadonlyArray<[(type: string) => boolean, TSchema]> = [
  [
    (type) => type === "checkout.session.completed",
    Type.Object({ ...Owner, subscription: Ref, payment_status: Nullable(Text), status: Nullable(Text) }),
  ],
  [
    (type) => type.startsWith("customer.subscription."),
    Type.Object({
      ...Owner,
      ...Period,
      id: Id,
      status: Nullable(Text),
      cancel_at_period_end: Nullable(Type.Boolean()),
      plan: Nullable(Type.Object({ id: Type.Optional(Id) })),
      items: Nullable(
        Type.Object({ data: Type.Optional(Type.Array(Type.Object({ ...Period, price: Ref }))) }),
      ),
    }),
  ],
  [
    appliesInvoice,
    Type.Object({
      ...Owner,
      id: Id,
      subscription: Ref,
      parent: Nullable(Type.Object({ subscription_details: Nullable(Type.Object({ subscription: Ref })) })),
      status: Nullable(Text),
      amount_due: Nullable(Amount),
      amount_paid: Nullable(Amount),
      currency: Nullable(Text),
      hosted_invoice_url: Nullable(Text),
      period_start: Nullable(Seconds),
      period_end: Nullable(Seconds),
    }),
  ],
];

/** invoice.upcoming is a preview without an id, not an invoice: it is recorded, not applied. */
function appliesInvoice(type: string): boolean {
  return type.startsWith("invoice.") && type !== "invoice.upcoming";
}

function firstProblem(schema: TSchema, value: unknown, at: string): string | undefined {
  const [error] = Value.Errors(schema, value);
  return error && `${at}${error.instancePath} ${error.message}`;
}

/**
 * A verified webhook body as an event, or what is wrong with it: not JSON, no event envelope, or a
 * field applyEvent would use that is missing, of another type or out of the column's range.
 */
export function parseStripeEvent(rawBody: Buffer): { event: StripeEventLike } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return { problem: "the body is not JSON" };
  }
  const envelope = firstProblem(EventEnvelope, json, "event");
  if (envelope) return { problem: envelope };
  const event = json as StripeEventLike;
  const schema = objectSchemas.find(([applies]) => applies(event.type))?.[1];
  const object = schema && firstProblem(schema, event.data.object, "event/data/object");
  return object ? { problem: object } : { event };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `candidate` if it is one of our users; a foreign reference or a deleted account is no one. */
async function existingUser(tx: Tx, candidate: string | null): Promise<string | undefined> {
  if (!candidate || !UUID.test(candidate)) return undefined;
  const { rowCount } = await tx.query("SELECT 1 FROM users WHERE id = $1", [candidate]);
  return rowCount ? candidate : undefined;
}

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
  return (
    mapped ??
    (await existingUser(tx, str(obj(object["metadata"])["userId"]) ?? str(object["client_reference_id"])))
  );
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
  const userId = (await existingUser(tx, str(session["client_reference_id"]))) ?? (await userOf(tx, session));
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
  } else if (appliesInvoice(event.type)) userId = await onInvoice(tx, object, event);
  if (!userId && handledEvents.has(event.type)) {
    logger.warn({ eventId: event.id, type: event.type }, "stripe event for an unknown customer; ignored");
  }
  return userId;
}
