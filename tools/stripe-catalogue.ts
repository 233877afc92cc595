// What Phoenix sells, as Stripe objects (Stripe's model, ADR 0053): the Premium product, its
// monthly price and the entitlement features it grants (each names in its metadata the Phoenix
// product it covers and the quota). Created once at a Stripe (the emulator locally, with the
// official client) and found again by lookup key on later runs. The local platform (make demo)
// and the browser-test stack sell the same catalogue.
//   STRIPE_API_URL=http://127.0.0.1:26498 STRIPE_SECRET_KEY=sk_test_… node tools/stripe-catalogue.ts
// prints the Premium price id (the API's STRIPE_PREMIUM_PRICE_ID).
import Stripe from "stripe";

export const PREMIUM_LOOKUP_KEY = "phoenix_premium_monthly";

/** Premium's features: lookup key → what it entitles to. */
export const premiumFeatures = [
  {
    lookupKey: "phoenix-sms-unlimited",
    name: "SMS assistant, no daily limit",
    product: "sms",
    limit: "unlimited",
    period: "day",
  },
  {
    lookupKey: "phoenix-letters-unlimited",
    name: "Cover letters, unlimited",
    product: "letters",
    limit: "unlimited",
    period: "month",
  },
  {
    lookupKey: "phoenix-cv-unlimited",
    name: "CVs and premium templates",
    product: "cv",
    limit: "unlimited",
    period: "month",
  },
  {
    lookupKey: "phoenix-iris-200",
    name: "Coach Alessio, 200 messages a day",
    product: "iris",
    limit: "200",
    period: "day",
  },
] as const;

/** The Premium price id, creating the product, price and features first when they are missing. */
export async function ensurePremium(stripe: Stripe): Promise<string> {
  const existing = await stripe.prices.list({ lookup_keys: [PREMIUM_LOOKUP_KEY], limit: 1 });
  if (existing.data[0]) return existing.data[0].id;
  const product = await stripe.products.create({
    name: "Phoenix Premium",
    description: "SMS assistant without daily limit, unlimited letters and CVs, the coach Alessio",
  });
  const price = await stripe.prices.create({
    product: product.id,
    currency: "eur",
    unit_amount: 990,
    recurring: { interval: "month" },
    lookup_key: PREMIUM_LOOKUP_KEY,
  });
  for (const { lookupKey, name, product: covers, limit, period } of premiumFeatures) {
    const feature = await stripe.entitlements.features.create({
      name,
      lookup_key: lookupKey,
      metadata: { product: covers, limit, period },
    });
    await stripe.products.createFeature(product.id, { entitlement_feature: feature.id });
  }
  return price.id;
}

/** The official client pointed at a Stripe API base URL (the emulator's locally). */
export function stripeAt(apiUrl: string, secretKey: string): Stripe {
  const url = new URL(apiUrl);
  return new Stripe(secretKey, {
    host: url.hostname,
    port: Number(url.port),
    protocol: url.protocol === "https:" ? "https" : "http",
  });
}

if (process.argv[1] === import.meta.filename) {
  const stripe = stripeAt(
    process.env["STRIPE_API_URL"] ?? "http://127.0.0.1:26498",
    process.env["STRIPE_SECRET_KEY"] ?? "",
  );
  process.stdout.write(await ensurePremium(stripe));
}
