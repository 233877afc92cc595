// Plans and entitlements, read from Stripe in Stripe's own model (ADR 0053): a plan is an active
// recurring price of an active product; what it gives is the product's features
// (entitlements.feature, attached as product_feature), each naming in its metadata the Phoenix
// product it covers and the quota: { product: sms|letters|cv|iris, limit: <n>|unlimited,
// period: day|month }. A customer's entitlements are Stripe's active entitlements for them (the
// features of the products they hold live subscriptions to). The free plan is Phoenix's own: no
// Stripe object, the free quotas of the configuration. The catalogue is cached (the API: a minute).
// Moved here from services/api (ADR 0082) so career enforces its quotas from the same reading.
import { HttpError } from "@phoenix/kernel/http";
import type Stripe from "stripe";
import Type from "typebox";
import type { Static } from "typebox";

export const PRODUCTS = ["sms", "letters", "cv", "iris"] as const;
export type Product = (typeof PRODUCTS)[number];

export const Entitlement = Type.Object({
  limit: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: "null: unlimited." }),
  period: Type.Union([Type.Literal("day"), Type.Literal("month")]),
});
export type EntitlementValue = Static<typeof Entitlement>;
export const Entitlements = Type.Object(
  Object.fromEntries(PRODUCTS.map((product) => [product, Type.Optional(Entitlement)])) as Record<
    Product,
    Type.TOptional<typeof Entitlement>
  >,
  {
    $id: "Entitlements",
    description: "Per product: the quota the plan gives; a product absent is not included.",
  },
);
export type EntitlementMap = Partial<Record<Product, EntitlementValue>>;

export const Plan = Type.Object(
  {
    id: Type.String({ description: "The Stripe price id, or 'free'." }),
    name: Type.String(),
    amount: Type.Integer({ minimum: 0, description: "In the currency's minor unit (cents)." }),
    currency: Type.String({ minLength: 3, maxLength: 3 }),
    interval: Type.Union([Type.Literal("month"), Type.Literal("year"), Type.Null()]),
    entitlements: Type.Ref("Entitlements"),
  },
  { $id: "Plan" },
);
export type PlanValue = Static<typeof Plan>;

interface Catalogue {
  plans: PlanValue[];
  /** Feature id → what it entitles to. */
  features: Features;
}

/** What a feature entitles to, from its metadata; undefined for a feature that is not Phoenix's. */
export function entitlementOf(
  metadata: Record<string, string>,
): { product: Product; value: EntitlementValue } | undefined {
  const product = PRODUCTS.find((name) => name === metadata["product"]);
  const period = metadata["period"];
  const limit = metadata["limit"];
  if (!product || (period !== "day" && period !== "month") || limit === undefined) return undefined;
  if (limit === "unlimited") return { product, value: { limit: null, period } };
  const count = Number(limit);
  return Number.isInteger(count) && count >= 0 ? { product, value: { limit: count, period } } : undefined;
}

/** Per product, the larger of two entitlements (unlimited beats any number; a day's beats a month's count). */
export function mergeEntitlements(...maps: EntitlementMap[]): EntitlementMap {
  const merged: EntitlementMap = {};
  for (const map of maps) {
    for (const product of PRODUCTS) {
      const next = map[product];
      const current = merged[product];
      if (next && (!current || daily(next) > daily(current))) merged[product] = next;
    }
  }
  return merged;
}

const daily = (value: EntitlementValue): number =>
  value.limit === null ? Infinity : value.period === "day" ? value.limit : value.limit / 31;

/**
 * Reads for a page the user waits on: a short timeout and one retry, then a 503 (the kernel answers
 * service_unavailable and logs the cause), not the client's default 3 × 10 s.
 */
export const QUICK = { timeout: 5000, maxNetworkRetries: 1 };

export type StripeRequestOptions = typeof QUICK;

export async function fromStripe<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw Object.assign(new HttpError(503, "billing_unavailable", "Stripe did not answer"), { cause: err });
  }
}

type Features = Map<string, { product: Product; value: EntitlementValue }>;

/** A recurring price as a plan, or undefined when it is not one (inactive product, metered, weekly). */
async function planOf(
  stripe: Stripe,
  price: Stripe.Price,
  features: Features,
  quick: StripeRequestOptions,
): Promise<PlanValue | undefined> {
  const productId = typeof price.product === "string" ? price.product : price.product.id;
  const product = await stripe.products.retrieve(productId, {}, quick);
  const interval = price.recurring?.interval;
  const billed = interval === "month" ? "month" : interval === "year" ? "year" : undefined;
  if (!product.active || price.unit_amount === null || billed === undefined) return undefined;
  const granted: EntitlementMap[] = [];
  for await (const attached of stripe.products.listFeatures(productId, { limit: 100 }, quick)) {
    const entitles = features.get(attached.entitlement_feature.id);
    if (entitles) granted.push({ [entitles.product]: entitles.value });
  }
  return {
    id: price.id,
    name: product.name,
    amount: price.unit_amount,
    currency: price.currency,
    interval: billed,
    entitlements: mergeEntitlements(...granted),
  };
}

async function readCatalogue(
  stripe: Stripe,
  free: () => PlanValue,
  quick: StripeRequestOptions,
): Promise<Catalogue> {
  const features: Features = new Map();
  for await (const feature of stripe.entitlements.features.list({ limit: 100 }, quick)) {
    const entitles = entitlementOf(feature.metadata);
    if (entitles) features.set(feature.id, entitles);
  }
  const plans: PlanValue[] = [free()];
  for await (const price of stripe.prices.list({ active: true, type: "recurring", limit: 100 }, quick)) {
    const plan = await planOf(stripe, price, features, quick);
    if (plan) plans.push(plan);
  }
  return { plans: plans.sort((a, b) => a.amount - b.amount), features };
}

export interface CatalogueOptions {
  stripe: Stripe;
  /** The free plan's quotas (the configuration's). */
  freeEntitlements: EntitlementMap;
  currency: string;
  cacheMs: number;
  now?: () => number;
  /** Timeout and retries of each Stripe read; default QUICK (5 s, one retry). */
  requestOptions?: StripeRequestOptions;
}

export function createCatalogue(options: CatalogueOptions) {
  const { stripe, freeEntitlements, cacheMs, now = Date.now, requestOptions: quick = QUICK } = options;
  const free = (): PlanValue => ({
    id: "free",
    name: "Free",
    amount: 0,
    currency: options.currency,
    interval: null,
    entitlements: freeEntitlements,
  });
  let cached: { at: number; catalogue: Promise<Catalogue> } | undefined;
  // Concurrent callers share one read; a failed read is not kept.
  const catalogue = (): Promise<Catalogue> => {
    if (cached && now() - cached.at < cacheMs) return cached.catalogue;
    const reading = fromStripe(() => readCatalogue(stripe, free, quick));
    const entry = { at: now(), catalogue: reading };
    cached = entry;
    reading.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return reading;
  };

  async function grantsOf(customer: string | undefined): Promise<EntitlementMap> {
    if (!customer) return {};
    const { features } = await catalogue();
    const granted = await fromStripe(async () => {
      const found: EntitlementMap[] = [];
      for await (const active of stripe.entitlements.activeEntitlements.list(
        { customer, limit: 100 },
        quick,
      )) {
        const featureId = typeof active.feature === "string" ? active.feature : active.feature.id;
        const entitles = features.get(featureId);
        if (entitles) found.push({ [entitles.product]: entitles.value });
      }
      return found;
    });
    return mergeEntitlements(...granted);
  }

  return {
    plans: async (): Promise<PlanValue[]> => (await catalogue()).plans,

    /** What Stripe grants the customer (their active entitlements), without the free plan's. */
    grantsOf,

    /** The customer's entitlements: the free plan's, raised by their active Stripe entitlements. */
    async entitlementsOf(customer: string | undefined): Promise<EntitlementMap> {
      return mergeEntitlements(freeEntitlements, await grantsOf(customer));
    },
  };
}
export type BillingCatalogue = ReturnType<typeof createCatalogue>;
