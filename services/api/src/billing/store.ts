// Billing rows (0002): customers, subscriptions, invoices and processed event ids. All of it runs
// inside the webhook's one system-scope transaction, so an event's effects and its "processed"
// mark commit together: a crash in between makes Stripe's retry apply it, never half of it.
import type { Tx } from "@phoenix/store";
import { planOf } from "./events.ts";
import type { SubscriptionState } from "./events.ts";

/** Records the event id; false when it was processed before (a replay or a second delivery). */
export async function markProcessed(
  tx: Tx,
  event: { id: string; type: string; created: number },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    "INSERT INTO stripe_events (id, type, created) VALUES ($1, $2, to_timestamp($3)) ON CONFLICT (id) DO NOTHING",
    [event.id, event.type, event.created],
  );
  return rowCount === 1;
}

export async function userOfCustomer(tx: Tx, customerId: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ user_id: string }>(
    "SELECT user_id FROM billing_customers WHERE stripe_customer_id = $1",
    [customerId],
  );
  return rows[0]?.user_id;
}

export async function customerOfUser(tx: Tx, userId: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ stripe_customer_id: string }>(
    "SELECT stripe_customer_id FROM billing_customers WHERE user_id = $1",
    [userId],
  );
  return rows[0]?.stripe_customer_id;
}

export async function linkCustomer(tx: Tx, userId: string, customerId: string): Promise<void> {
  await tx.query(
    `INSERT INTO billing_customers (user_id, stripe_customer_id) SELECT $1, $2
      WHERE EXISTS (SELECT 1 FROM users WHERE id = $1) ON CONFLICT DO NOTHING`,
    [userId, customerId],
  );
}

interface SubscriptionRow {
  id: string;
  user_id: string;
  status: string;
  price_id: string | null;
  current_period_start: Date | null;
  current_period_end: Date | null;
  cancel_at_period_end: boolean;
  last_event_created: string;
  last_event_id: string;
}

const toState = (row: SubscriptionRow): SubscriptionState => ({
  id: row.id,
  userId: row.user_id,
  status: row.status,
  priceId: row.price_id,
  currentPeriodStart: row.current_period_start,
  currentPeriodEnd: row.current_period_end,
  cancelAtPeriodEnd: row.cancel_at_period_end,
  lastEventCreated: Number(row.last_event_created),
  lastEventId: row.last_event_id,
});

/** The subscription row, locked until the transaction ends (two events of one subscription serialise). */
export async function lockSubscription(tx: Tx, id: string): Promise<SubscriptionState | undefined> {
  const { rows } = await tx.query<SubscriptionRow>("SELECT * FROM subscriptions WHERE id = $1 FOR UPDATE", [
    id,
  ]);
  return rows[0] && toState(rows[0]);
}

export async function saveSubscription(tx: Tx, state: SubscriptionState): Promise<void> {
  await tx.query(
    `INSERT INTO subscriptions (id, user_id, status, price_id, current_period_start, current_period_end,
       cancel_at_period_end, last_event_created, last_event_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (id) DO UPDATE SET status = $3, price_id = coalesce($4, subscriptions.price_id),
       current_period_start = coalesce($5, subscriptions.current_period_start),
       current_period_end = coalesce($6, subscriptions.current_period_end), cancel_at_period_end = $7,
       last_event_created = $8, last_event_id = $9, updated_at = now()`,
    [
      state.id,
      state.userId,
      state.status,
      state.priceId,
      state.currentPeriodStart,
      state.currentPeriodEnd,
      state.cancelAtPeriodEnd,
      state.lastEventCreated,
      state.lastEventId,
    ],
  );
}

export interface InvoiceRecord {
  id: string;
  userId: string;
  subscriptionId: string | null;
  status: string;
  amountDue: number;
  amountPaid: number;
  currency: string | null;
  hostedInvoiceUrl: string | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  eventCreated: number;
}

/** Upserts the invoice unless a newer event already wrote it. */
export async function saveInvoice(tx: Tx, invoice: InvoiceRecord): Promise<void> {
  await tx.query(
    `INSERT INTO invoices (id, user_id, subscription_id, status, amount_due, amount_paid, currency,
       hosted_invoice_url, period_start, period_end, last_event_created)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (id) DO UPDATE SET status = $4, amount_due = $5, amount_paid = $6, hosted_invoice_url = $8,
       last_event_created = $11, updated_at = now()
     WHERE invoices.last_event_created <= $11 AND invoices.status <> 'paid'`,
    [
      invoice.id,
      invoice.userId,
      invoice.subscriptionId,
      invoice.status,
      invoice.amountDue,
      invoice.amountPaid,
      invoice.currency,
      invoice.hostedInvoiceUrl,
      invoice.periodStart,
      invoice.periodEnd,
      invoice.eventCreated,
    ],
  );
}

/** Recomputes users.plan from the user's subscriptions; returns the plan before and after. */
export async function refreshPlan(
  tx: Tx,
  userId: string,
  premiumPriceId: string | undefined,
): Promise<{ before: string; after: string } | undefined> {
  const user = await tx.query<{ plan: string }>("SELECT plan FROM users WHERE id = $1 FOR UPDATE", [userId]);
  if (!user.rows[0]) return undefined;
  const { rows } = await tx.query<{ status: string; price_id: string | null }>(
    "SELECT status, price_id FROM subscriptions WHERE user_id = $1",
    [userId],
  );
  const after = planOf(
    rows.map((row) => ({ status: row.status, priceId: row.price_id })),
    premiumPriceId,
  );
  const before = user.rows[0].plan;
  if (after !== before)
    await tx.query("UPDATE users SET plan = $2, updated_at = now() WHERE id = $1", [userId, after]);
  return { before, after };
}
