// Stripe events → subscription state, as pure functions. Stripe delivers at least once and in no
// particular order (its docs say so), and `created` has one-second resolution. The rules
// (docs/decisions/0043):
// 1. a processed event id is never applied again (the caller records ids in stripe_events);
// 2. an event older than the one that last changed a subscription is ignored;
// 3. a terminal status (canceled, incomplete_expired) is never left — Stripe never revives one;
// 4. the plan is derived from all of the user's subscriptions, not from the last event.

export const terminalStatuses = new Set(["canceled", "incomplete_expired"]);
/** Statuses that grant the premium plan; past_due keeps it while Stripe retries the payment. */
export const premiumStatuses = new Set(["active", "trialing", "past_due"]);

export interface SubscriptionState {
  id: string;
  userId: string;
  status: string;
  priceId: string | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  /** `created` (Unix seconds) of the event that last changed this row. */
  lastEventCreated: number;
  lastEventId: string;
}

export type Observation = Omit<SubscriptionState, "lastEventCreated" | "lastEventId"> & {
  eventCreated: number;
  eventId: string;
};

/** The state after an observation, or undefined when it must be ignored (stale or after the end). */
export function nextSubscriptionState(
  current: SubscriptionState | undefined,
  seen: Observation,
): SubscriptionState | undefined {
  const { eventCreated, eventId, ...observed } = seen;
  const next = { ...observed, lastEventCreated: eventCreated, lastEventId: eventId };
  if (!current) return next;
  // Rule 3 first: even a "newer" event cannot bring a canceled subscription back.
  if (terminalStatuses.has(current.status)) return undefined;
  // Rule 2; an event from the same second is applied (delivery order is all that is left).
  if (eventCreated < current.lastEventCreated) return undefined;
  return next;
}

/**
 * An invoice event's effect on its subscription: a failed payment makes a live subscription
 * past_due, a paid invoice brings a past_due/unpaid/incomplete one back to active. Undefined when
 * the invoice says nothing new about the subscription.
 */
export function statusAfterInvoice(currentStatus: string, paid: boolean): string | undefined {
  if (paid) return ["past_due", "unpaid", "incomplete"].includes(currentStatus) ? "active" : undefined;
  return ["active", "trialing"].includes(currentStatus) ? "past_due" : undefined;
}

/** premium while any subscription is in a premium status for the premium price (or any, if unset). */
export function planOf(
  subscriptions: Pick<SubscriptionState, "status" | "priceId">[],
  premiumPriceId: string | undefined,
): "free" | "premium" {
  const grants = subscriptions.some(
    (s) => premiumStatuses.has(s.status) && (!premiumPriceId || !s.priceId || s.priceId === premiumPriceId),
  );
  return grants ? "premium" : "free";
}
