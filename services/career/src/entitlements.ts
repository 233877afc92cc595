// What a user may do in career, from the same entitlements as the API's (ADR 0082, @phoenix/billing):
// per product (letters, cv) the free plan's quota raised by what Stripe grants their customer, and
// the product's premium templates when Stripe grants the product at all (any paid feature covering
// it). No plan flag is read: a plan is whatever its Stripe features say.
//
// Kept per replica for CAREER_ENTITLEMENTS_CACHE_SECONDS, under a key made of what the billing
// webhook writes (the user's Stripe customer, plan and subscriptions' statuses, one small query): a
// user back from Checkout is read again as soon as the webhook has landed, not a minute later.
// When Stripe does not answer, the free plan's entitlements are used (and kept only briefly):
// nobody gets Premium for free, nobody loses the free quota.
import { mergeEntitlements } from "@phoenix/billing";
import type { BillingCatalogue, EntitlementMap, EntitlementValue } from "@phoenix/billing";
import type { Logger } from "@phoenix/kernel/log";
import { withUser } from "@phoenix/store";
import type pg from "pg";

/** Career's products, as @phoenix/billing names them. */
export const products = ["letters", "cv"] as const;
export type CareerProduct = (typeof products)[number];

export interface ProductEntitlement extends EntitlementValue {
  /** Stripe grants the product (a paid feature covers it): its premium templates are open. */
  premium: boolean;
}

export interface CareerEntitlements {
  letters: ProductEntitlement;
  cv: ProductEntitlement;
  /** stripe: read from Stripe (or cached); free: no Stripe customer or no Stripe configured; fallback: Stripe failed. */
  source: "stripe" | "free" | "fallback";
}

export interface EntitlementsOptions {
  /** The user's billing rows as the webhook keeps them (billingStateOf(pool) in the service). */
  billingOf: (userId: string) => Promise<BillingState>;
  logger: Pick<Logger, "warn">;
  /** Stripe's catalogue; undefined when Stripe is not configured (everyone has the free plan). */
  catalogue: BillingCatalogue | undefined;
  /** The free plan's quotas of career's products. */
  free: Record<CareerProduct, EntitlementValue>;
  cacheMs: number;
  /** How long the free fallback is kept after Stripe failed; default min(5 s, cacheMs). */
  failureCacheMs?: number;
  /** Entries kept at most (the oldest go first); default 10,000. */
  maxEntries?: number;
  now?: () => number;
}

/** Career's view of a user's entitlements: per product the quota and whether Stripe grants it. */
export function careerView(
  free: Record<CareerProduct, EntitlementValue>,
  grants: EntitlementMap,
  source: CareerEntitlements["source"],
): CareerEntitlements {
  const merged = mergeEntitlements(free, grants);
  const view = (product: CareerProduct): ProductEntitlement => ({
    ...(merged[product] ?? free[product]),
    premium: grants[product] !== undefined,
  });
  return { letters: view("letters"), cv: view("cv"), source };
}

export interface BillingState {
  customer: string | null;
  /** Changes whenever the billing webhook changes something of the user's. */
  fingerprint: string;
}

export const billingStateOf =
  (pool: pg.Pool) =>
  (userId: string): Promise<BillingState> =>
    withUser(pool, userId, async (tx) => {
      const { rows } = await tx.query<{
        customer: string | null;
        plan: string | null;
        subscriptions: string | null;
      }>(
        `SELECT c.stripe_customer_id AS customer, u.plan,
              (SELECT string_agg(s.id || ':' || s.status || ':' || s.last_event_id, ',' ORDER BY s.id)
                 FROM subscriptions s WHERE s.user_id = u.id) AS subscriptions
         FROM users u LEFT JOIN billing_customers c ON c.user_id = u.id
        WHERE u.id = $1`,
        [userId],
      );
      const row = rows[0];
      const customer = row?.customer ?? null;
      return { customer, fingerprint: [customer, row?.plan, row?.subscriptions].join("|") };
    });

interface Entry {
  fingerprint: string;
  until: number;
  value: Promise<CareerEntitlements>;
}

export function createEntitlements(options: EntitlementsOptions) {
  const { billingOf, logger, catalogue, free, cacheMs, maxEntries = 10_000, now = Date.now } = options;
  const failureCacheMs = options.failureCacheMs ?? Math.min(5000, cacheMs);
  const freeView = careerView(free, {}, "free");
  const cache = new Map<string, Entry>();

  const read = async (
    userId: string,
    customer: string,
  ): Promise<{ value: CareerEntitlements; ok: boolean }> => {
    if (!catalogue) return { value: freeView, ok: true };
    try {
      return { value: careerView(free, await catalogue.grantsOf(customer), "stripe"), ok: true };
    } catch (err) {
      logger.warn({ err, userId }, "Stripe did not answer: the free plan's entitlements apply for now");
      return { value: careerView(free, {}, "fallback"), ok: false };
    }
  };

  const remember = (userId: string, entry: Entry) => {
    cache.delete(userId);
    cache.set(userId, entry);
    if (cache.size > maxEntries) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
  };

  return {
    /** The user's career entitlements now (cached; never throws for Stripe's sake). */
    async of(userId: string): Promise<CareerEntitlements> {
      const { customer, fingerprint } = await billingOf(userId);
      if (!customer || !catalogue) return freeView;
      const cached = cache.get(userId);
      if (cached && cached.fingerprint === fingerprint && now() < cached.until) return cached.value;
      // Concurrent requests of one user share one read.
      const entry: Entry = { fingerprint, until: now() + cacheMs, value: Promise.resolve(freeView) };
      entry.value = read(userId, customer).then(({ value, ok }) => {
        if (!ok) entry.until = Math.min(entry.until, now() + failureCacheMs);
        return value;
      });
      remember(userId, entry);
      return entry.value;
    },
  };
}
export type Entitlements = ReturnType<typeof createEntitlements>;
