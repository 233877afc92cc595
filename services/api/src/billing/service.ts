// Billing through the official `stripe` client (pointed at the emulator in tests): Checkout for the
// premium plan, the Customer Portal, and the webhook — signature checked on the raw body by the
// SDK's verifyHeader, the event checked before use (webhook.ts), idempotent on the event id, safe
// out of order (events.ts).
import { HttpError } from "@phoenix/kernel/http";
import type { Logger } from "@phoenix/kernel/log";
import type { Metrics } from "@phoenix/kernel/metrics";
import { withSystem, withUser } from "@phoenix/store";
import type pg from "pg";
import { Counter } from "prom-client";
import type Stripe from "stripe";
import { QUICK, createCatalogue, fromStripe, stripeClient } from "@phoenix/billing";
import type { CatalogueOptions } from "@phoenix/billing";
import { customerOfUser, linkCustomer, markProcessed, refreshPlan } from "./store.ts";
import { applyEvent, parseStripeEvent } from "./webhook.ts";
import type { StripeEventLike } from "./webhook.ts";

export interface BillingOptions {
  pool: pg.Pool;
  logger: Logger;
  metrics?: Metrics;
  secretKey: string;
  webhookSecret: string;
  premiumPriceId: string;
  /** Default Stripe's API; e.g. the emulator's http://127.0.0.1:port. */
  apiUrl?: string;
  /** Where Checkout and the Customer Portal send the browser back (the web app's billing page). */
  urls: { success: string; cancel: string; portalReturn: string };
  toleranceSeconds: number;
  /** The free plan's quotas, the free plan's currency, and how long plans read from Stripe are kept. */
  catalogue: Omit<CatalogueOptions, "stripe">;
}

export type WebhookOutcome = "processed" | "duplicate";

/** The SDK's signature check alone: the body is parsed and checked by parseStripeEvent. */
function verifier(stripe: Stripe) {
  const { signature } = stripe.webhooks;
  if (!signature) throw new Error("the stripe client has no webhook signature helper");
  return signature;
}

/** The event in a delivery whose signature verifies and whose body applyEvent can read, or why not. */
function readDelivery(
  stripe: Stripe,
  options: Pick<BillingOptions, "webhookSecret" | "toleranceSeconds">,
  rawBody: Buffer,
  signature: string | undefined,
): { event: StripeEventLike } | { code: string; message: string; reason: string } {
  try {
    verifier(stripe).verifyHeader(rawBody, signature ?? "", options.webhookSecret, options.toleranceSeconds);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { code: "invalid_signature", message: "Stripe-Signature header does not verify", reason };
  }
  const parsed = parseStripeEvent(rawBody);
  if ("problem" in parsed) return { code: "invalid_event", message: parsed.problem, reason: parsed.problem };
  return parsed;
}

/** Cancels every live subscription of a customer now; returns how many. */
async function cancelSubscriptions(stripe: Stripe, customer: string): Promise<number> {
  let cancelled = 0;
  for await (const subscription of stripe.subscriptions.list({ customer, status: "all", limit: 100 })) {
    if (["canceled", "incomplete_expired"].includes(subscription.status)) continue;
    await stripe.subscriptions.cancel(subscription.id);
    cancelled += 1;
  }
  return cancelled;
}

async function invoicesOf(stripe: Stripe, customer: string | undefined): Promise<Stripe.Invoice[]> {
  if (!customer) return [];
  return fromStripe(async () => (await stripe.invoices.list({ customer, limit: 100 }, QUICK)).data);
}

export function createBilling(options: BillingOptions) {
  const { pool, logger, premiumPriceId } = options;
  const stripe = stripeClient(options.secretKey, options.apiUrl);
  const webhooks = options.metrics && webhookCounter(options.metrics);

  async function ensureCustomer(userId: string, email: string | null): Promise<string> {
    const known = await withUser(pool, userId, (tx) => customerOfUser(tx, userId));
    if (known) return known;
    // The idempotency key makes a retried (or concurrent) first checkout create one customer.
    const customer = await stripe.customers.create(
      { ...(email && { email }), metadata: { userId } },
      { idempotencyKey: `phoenix-customer-${userId}` },
    );
    await withUser(pool, userId, (tx) => linkCustomer(tx, userId, customer.id));
    return (await withUser(pool, userId, (tx) => customerOfUser(tx, userId))) ?? customer.id;
  }

  const catalogue = createCatalogue({ stripe, ...options.catalogue });
  const customerOf = (userId: string) => withUser(pool, userId, (tx) => customerOfUser(tx, userId));

  return {
    stripe,
    /** The plans with their prices and entitlements, from Stripe (cached). */
    plans: () => catalogue.plans(),
    /** The user's entitlements per product: the free plan's, raised by their subscriptions'. */
    entitlements: async (userId: string) => catalogue.entitlementsOf(await customerOf(userId)),

    /** The user's invoices at Stripe, newest first (none before a first checkout). */
    invoices: async (userId: string) => invoicesOf(stripe, await customerOf(userId)),

    async checkout(user: {
      id: string;
      email: string | null;
      plan: string;
    }): Promise<{ id: string; url: string }> {
      if (user.plan === "premium")
        throw new HttpError(409, "already_premium", "the premium plan is already active");
      const customer = await ensureCustomer(user.id, user.email);
      const session = await stripe.checkout.sessions.create({
        mode: "subscription",
        customer,
        client_reference_id: user.id,
        line_items: [{ price: premiumPriceId, quantity: 1 }],
        subscription_data: { metadata: { userId: user.id } },
        metadata: { userId: user.id },
        success_url: options.urls.success,
        cancel_url: options.urls.cancel,
      });
      if (!session.url) throw new Error(`checkout session ${session.id} has no url`);
      return { id: session.id, url: session.url };
    },

    async portal(userId: string): Promise<{ url: string }> {
      const customer = await withUser(pool, userId, (tx) => customerOfUser(tx, userId));
      if (!customer)
        throw new HttpError(404, "no_billing_account", "no billing account yet: start a checkout first");
      const session = await stripe.billingPortal.sessions.create({
        customer,
        return_url: options.urls.portalReturn,
      });
      return { url: session.url };
    },

    /**
     * On account deletion: cancels every live subscription of the user's customer now, so nobody is
     * charged for a deleted account. The customer and its invoices stay at Stripe (bookkeeping);
     * nothing here links them to a person any more.
     */
    async closeCustomer(userId: string): Promise<number> {
      const customer = await withUser(pool, userId, (tx) => customerOfUser(tx, userId));
      if (!customer) return 0;
      return cancelSubscriptions(stripe, customer);
    },

    /**
     * Verifies and applies one webhook delivery; 400 for a bad signature, then for a body that is
     * not an event applyEvent can read (parseStripeEvent) — either way before anything is written.
     */
    async webhook(rawBody: Buffer, signature: string | undefined): Promise<WebhookOutcome> {
      const delivery = readDelivery(stripe, options, rawBody, signature);
      if (!("event" in delivery)) {
        webhooks?.inc({ type: "unknown", outcome: "rejected" });
        logger.warn({ reason: delivery.reason }, "stripe webhook rejected");
        throw new HttpError(400, delivery.code, delivery.message);
      }
      const { event } = delivery;
      const outcome = await withSystem(pool, async (tx): Promise<WebhookOutcome> => {
        if (!(await markProcessed(tx, event))) return "duplicate";
        const userId = await applyEvent(tx, event, logger);
        const plan = userId ? await refreshPlan(tx, userId, premiumPriceId) : undefined;
        if (plan && plan.before !== plan.after) {
          logger.info({ eventId: event.id, type: event.type, plan: plan.after }, "plan changed by billing");
        }
        return "processed";
      });
      webhooks?.inc({ type: event.type, outcome });
      return outcome;
    },
  };
}
export type Billing = ReturnType<typeof createBilling>;

function webhookCounter(metrics: Metrics) {
  return new Counter({
    name: "stripe_webhooks_total",
    help: "Stripe webhook deliveries by event type and outcome (processed, duplicate, rejected)",
    labelNames: ["type", "outcome"],
    registers: [metrics.registry],
  });
}
