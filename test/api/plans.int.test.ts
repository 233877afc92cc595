// Plans and entitlements in Stripe's model, through the Stripe emulator and the official client:
// GET /v1/plans reads prices, products and their features (cached); a user's entitlements are the
// free plan's until a subscription's product features raise them; invoices come from Stripe;
// Checkout sends the browser back to the web app's billing page.
import { startStripeEmulator } from "@phoenix/stripe-emulator/testing";
import type { StripeEmulator } from "@phoenix/stripe-emulator/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/kube.ts";
import { bearer, signup, startTestApi, stripeEnv } from "./harness.ts";
import type { SignedUp, TestApi } from "./harness.ts";

const WEBHOOK_SECRET = "whsec_phoenix_plans_test_0123456789";

/** Premium at 9 €/month: SMS unlimited per day, 30 letters a month. */
async function premiumCatalogue(stripe: StripeEmulator): Promise<string> {
  const client = stripe.client();
  const product = await client.products.create({ name: "Phoenix Premium" });
  const price = await client.prices.create({
    product: product.id,
    currency: "eur",
    unit_amount: 900,
    recurring: { interval: "month" },
  });
  const sms = await client.entitlements.features.create({
    name: "SMS, unlimited",
    lookup_key: "sms-unlimited",
    metadata: { product: "sms", limit: "unlimited", period: "day" },
  });
  const letters = await client.entitlements.features.create({
    name: "30 letters a month",
    lookup_key: "letters-30",
    metadata: { product: "letters", limit: "30", period: "month" },
  });
  // A feature of some other system: not Phoenix's, ignored.
  const other = await client.entitlements.features.create({ name: "Other", lookup_key: "other" });
  for (const feature of [sms, letters, other])
    await client.products.createFeature(product.id, { entitlement_feature: feature.id });
  return price.id;
}

describe("plans and entitlements from Stripe", () => {
  let stripe: StripeEmulator;
  let api: TestApi;
  let priceId: string;

  beforeAll(async () => {
    stripe = await startStripeEmulator();
    priceId = await premiumCatalogue(stripe);
    api = await startTestApi({
      listen: true,
      env: {
        ...stripeEnv(stripe, WEBHOOK_SECRET, priceId),
        PUBLIC_APP_URL: "http://127.0.0.1:8080/",
        QUOTA_FREE_PER_DAY: "20",
      },
    });
    await stripe.control.createWebhookEndpoint({
      url: `${api.url}/v1/billing/webhook`,
      secret: WEBHOOK_SECRET,
    });
    return async () => {
      await api.close();
      await stripe.close();
    };
  });

  // The free plan as the services enforce it: the harness's SMS quota (20 a day), career's and
  // iris's defaults (one definition in @phoenix/billing free-plan.ts).
  const freePlan = {
    sms: { limit: 20, period: "day" },
    letters: { limit: 3, period: "month" },
    cv: { limit: 1, period: "month" },
    iris: { limit: 30, period: "day" },
  };

  const get = (url: string, user?: SignedUp) =>
    api.app.inject({ method: "GET", url, ...(user && { headers: bearer(user.accessToken) }) });

  it("lists the free plan and Stripe's plans with their entitlements, without authentication, cached", async () => {
    const response = await get("/v1/plans");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      plans: [
        {
          id: "free",
          name: "Free",
          amount: 0,
          currency: "eur",
          interval: null,
          entitlements: freePlan,
        },
        {
          id: priceId,
          name: "Phoenix Premium",
          amount: 900,
          currency: "eur",
          interval: "month",
          entitlements: { sms: { limit: null, period: "day" }, letters: { limit: 30, period: "month" } },
        },
      ],
    });
    // A plan added at Stripe shows once the cache (60 s) expires, not on the next request.
    const client = stripe.client();
    const product = await client.products.create({ name: "Phoenix Yearly" });
    await client.prices.create({
      product: product.id,
      currency: "eur",
      unit_amount: 9000,
      recurring: { interval: "year" },
    });
    expect((await get("/v1/plans")).json<{ plans: unknown[] }>().plans).toHaveLength(2);
  });

  it("derives a user's entitlements from their subscription's product features, and lists Stripe's invoices", async () => {
    const user = await signup(api);
    expect((await get("/v1/billing/entitlements", user)).json()).toEqual({
      plan: "free",
      entitlements: freePlan,
    });
    expect((await get("/v1/billing/invoices", user)).json()).toEqual({ invoices: [] });

    const checkout = await api.app.inject({
      method: "POST",
      url: "/v1/billing/checkout",
      headers: bearer(user.accessToken),
    });
    const { id: sessionId } = checkout.json<{ id: string }>();
    const session = await stripe.client().checkout.sessions.retrieve(sessionId);
    expect(session.success_url).toBe(
      "http://127.0.0.1:8080/app/billing/success?session_id={CHECKOUT_SESSION_ID}",
    );
    expect(session.cancel_url).toBe("http://127.0.0.1:8080/app/billing/cancelled");
    const { subscription } = await stripe.control.completeCheckout(sessionId);
    await eventually(
      "premium",
      async () =>
        (await get("/v1/billing/entitlements", user)).json<{ plan: string }>().plan === "premium"
          ? true
          : undefined,
      10_000,
    );
    expect((await get("/v1/billing/entitlements", user)).json()).toEqual({
      plan: "premium",
      // The free plan's, raised product by product by the subscription's features.
      entitlements: {
        ...freePlan,
        sms: { limit: null, period: "day" },
        letters: { limit: 30, period: "month" },
      },
    });
    const invoices = (await get("/v1/billing/invoices", user)).json<{
      invoices: Array<{ status: string; amountPaid: number; currency: string }>;
    }>().invoices;
    expect(invoices).toEqual([expect.objectContaining({ status: "paid", amountPaid: 900, currency: "eur" })]);

    const portal = await api.app.inject({
      method: "POST",
      url: "/v1/billing/portal",
      headers: bearer(user.accessToken),
    });
    expect(portal.statusCode).toBe(201);
    const state = await stripe.control.state();
    expect(JSON.stringify(state)).toContain('"return_url":"http://127.0.0.1:8080/app/billing"');

    // Cancelled at Stripe: its features are no longer active, the free quotas are back.
    await stripe.control.cancel(subscription.id);
    expect(
      (await get("/v1/billing/entitlements", user)).json<{ entitlements: unknown }>().entitlements,
    ).toEqual(freePlan);
  });

  it("answers 401 for entitlements and invoices without a token", async () => {
    for (const url of ["/v1/billing/entitlements", "/v1/billing/invoices"]) {
      const response = await get(url);
      expect(response.statusCode).toBe(401);
      expect(response.json<{ error: string }>().error).toBe("unauthenticated");
    }
  });
});

describe("plans while Stripe does not answer", () => {
  it("answers 503 service_unavailable within seconds, not after the client's retries", async () => {
    const api = await startTestApi({
      env: stripeEnv({ secretKey: "sk_test_down", url: "http://127.0.0.1:9" }, WEBHOOK_SECRET, "price_down"),
    });
    try {
      const started = Date.now();
      const response = await api.app.inject({ method: "GET", url: "/v1/plans" });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ error: "service_unavailable", message: "Service Unavailable" });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await api.close();
    }
  });
});
