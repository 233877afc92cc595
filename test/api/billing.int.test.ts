// Billing through the Stripe emulator with the official client: Checkout upgrades the plan, the
// webhook verifies Stripe-Signature on the raw body, is idempotent on the event id, and ends in
// the right plan whatever order the events arrive in.
import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { startStripeEmulator } from "@phoenix/stripe-emulator/testing";
import type { StripeEmulator } from "@phoenix/stripe-emulator/testing";
import { eventually } from "../support/kube.ts";
import { premiumPrice } from "../support/web-stack.ts";
import { bearer, refresh, signup, startTestApi, stripeEnv } from "./harness.ts";
import type { SignedUp, TestApi } from "./harness.ts";

const WEBHOOK_SECRET = "whsec_phoenix_api_test_0123456789";

describe("billing with the Stripe emulator", () => {
  let stripe: StripeEmulator;
  let api: TestApi;
  let priceId: string;

  beforeAll(async () => {
    stripe = await startStripeEmulator();
    return () => stripe.close();
  });
  beforeAll(async () => {
    priceId = await premiumPrice(stripe);
    api = await startTestApi({
      listen: true,
      env: { ...stripeEnv(stripe, WEBHOOK_SECRET, priceId), RATE_LIMIT_LOGIN_ATTEMPTS: "1000" },
    });
    return () => api.close();
  });
  beforeAll(async () => {
    await stripe.control.createWebhookEndpoint({
      url: `${api.url}/v1/billing/webhook`,
      secret: WEBHOOK_SECRET,
    });
  });

  const plan = async (user: SignedUp) =>
    (await api.asSystem<{ plan: string }>("SELECT plan FROM users WHERE id = $1", [user.userId]))[0]?.plan;
  const eventuallyPlan = (user: SignedUp, expected: string) =>
    eventually(`plan ${expected}`, async () => ((await plan(user)) === expected ? true : undefined), 10_000);

  async function checkout(user: SignedUp): Promise<string> {
    const response = await api.app.inject({
      method: "POST",
      url: "/v1/billing/checkout",
      headers: bearer(user.accessToken),
    });
    expect(response.statusCode, response.body).toBe(201);
    const session = response.json<{ id: string; url: string }>();
    expect(session.url).toMatch(/^https?:\/\//);
    return session.id;
  }

  it("checkout through the emulator upgrades the plan to premium, with subscription and invoice", async () => {
    const user = await signup(api);
    const sessionId = await checkout(user);
    const completion = await stripe.control.completeCheckout(sessionId);
    await eventuallyPlan(user, "premium");
    type Billing = {
      plan: string;
      subscriptions: Array<{ id: string; status: string }>;
      invoices: Array<{ status: string }>;
    };
    // invoice.paid is delivered after the events that make the plan premium.
    const state = await eventually("the paid invoice recorded", async () => {
      const billing = await api.app.inject({
        method: "GET",
        url: "/v1/billing",
        headers: bearer(user.accessToken),
      });
      const view = billing.json<Billing>();
      return view.invoices.some((invoice) => invoice.status === "paid") ? view : undefined;
    });
    expect(state.plan).toBe("premium");
    expect(state.subscriptions).toEqual([
      expect.objectContaining({ id: completion.subscription.id, status: "active" }),
    ]);
    expect(state.invoices.map((invoice) => invoice.status)).toContain("paid");
    // A new access token carries the premium role.
    const refreshed = await refresh(api, user.refreshToken);
    const profile = await api.app.inject({
      method: "GET",
      url: "/v1/me",
      headers: bearer(refreshed.json<{ accessToken: string }>().accessToken),
    });
    expect(profile.json<{ roles: string[] }>().roles).toEqual(["user", "premium"]);
    // A second checkout is refused; the portal opens for the customer.
    expect(
      (
        await api.app.inject({
          method: "POST",
          url: "/v1/billing/checkout",
          headers: bearer(user.accessToken),
        })
      ).statusCode,
    ).toBe(409);
    const portal = await api.app.inject({
      method: "POST",
      url: "/v1/billing/portal",
      headers: bearer(user.accessToken),
    });
    expect(portal.statusCode, portal.body).toBe(201);
    expect(portal.json<{ url: string }>().url).toMatch(/^https?:\/\//);
  });

  it("rejects a forged or unsigned webhook with 400 and records nothing", async () => {
    // Earlier tests' deliveries may still be arriving, so the check is about this event's id.
    const forgedRecorded = async () =>
      (await api.asSystem("SELECT 1 FROM stripe_events WHERE id = 'evt_forged'")).length;
    const payload = JSON.stringify({
      id: "evt_forged",
      object: "event",
      type: "customer.subscription.deleted",
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: "sub_x", object: "subscription", status: "canceled", customer: "cus_x" } },
    });
    const t = Math.floor(Date.now() / 1000);
    const forgedSignature = createHmac("sha256", "whsec_not_the_secret")
      .update(`${t}.${payload}`)
      .digest("hex");
    const forged = await fetch(`${api.url}/v1/billing/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": `t=${t},v1=${forgedSignature}` },
      body: payload,
    });
    expect(forged.status).toBe(400);
    const unsigned = await fetch(`${api.url}/v1/billing/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: payload,
    });
    expect(unsigned.status).toBe(400);
    // Right secret, body changed after signing.
    const signature = createHmac("sha256", WEBHOOK_SECRET).update(`${t}.${payload}`).digest("hex");
    const tampered = await fetch(`${api.url}/v1/billing/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": `t=${t},v1=${signature}` },
      body: payload.replace("canceled", "active"),
    });
    expect(tampered.status).toBe(400);
    expect(await forgedRecorded()).toBe(0);
  });

  it("a replayed event changes nothing: same id is processed once", async () => {
    const user = await signup(api);
    const completion = await stripe.control.completeCheckout(await checkout(user));
    await eventuallyPlan(user, "premium");
    const cancelled = await stripe.control.cancel(completion.subscription.id);
    await eventuallyPlan(user, "free");
    const created = completion.events.find((event) => event.type === "customer.subscription.created");
    expect(created).toBeDefined();
    const recordedTimes = async () =>
      (await api.asSystem("SELECT 1 FROM stripe_events WHERE id = $1", [created!.id])).length;
    expect(await recordedTimes()).toBe(1);
    const deliveries = await stripe.control.redeliver(created!.id);
    await stripe.control.waitForDeliveries(
      { eventId: created!.id },
      {
        accept: (found) => found.length >= 2 && found.every((d) => d.status === "succeeded"),
      },
    );
    expect(deliveries.length).toBeGreaterThan(0);
    expect(await recordedTimes()).toBe(1);
    expect(await plan(user)).toBe("free");
    expect(cancelled.events.map((event) => event.type)).toContain("customer.subscription.deleted");
  });

  it("events delivered in reverse order end in the right plan", async () => {
    // Premium: checkout's events reversed (invoice.paid, subscription.created, session.completed).
    const user = await signup(api);
    await stripe.control.setDelivery({ hold: true, order: "reverse", batches: 1 });
    await stripe.control.completeCheckout(await checkout(user));
    await stripe.control.release();
    await eventuallyPlan(user, "premium");

    // Free: payment fails, then cancel — delivered newest first.
    const [subscription] = await api.asSystem<{ id: string }>(
      "SELECT id FROM subscriptions WHERE user_id = $1",
      [user.userId],
    );
    await stripe.control.setDelivery({ hold: true, order: "reverse", batches: 1 });
    await stripe.control.failPayment(subscription!.id);
    await stripe.control.cancel(subscription!.id);
    await stripe.control.release();
    await eventually(
      "the subscription canceled",
      async () => {
        const [row] = await api.asSystem<{ status: string }>(
          "SELECT status FROM subscriptions WHERE id = $1",
          [subscription!.id],
        );
        return row?.status === "canceled" ? true : undefined;
      },
      10_000,
    );
    // Give the older (past_due) events time to arrive after the cancellation: they must not revive it.
    await stripe.control.waitForDeliveries(
      {},
      { accept: (found) => found.every((d) => d.status !== "pending") },
    );
    expect(await plan(user)).toBe("free");
  });

  it("a failed payment keeps premium while Stripe retries (past_due); the recovery stays premium", async () => {
    const user = await signup(api);
    const completion = await stripe.control.completeCheckout(await checkout(user));
    await eventuallyPlan(user, "premium");
    await stripe.control.failPayment(completion.subscription.id);
    await eventually(
      "past_due",
      async () => {
        const [row] = await api.asSystem<{ status: string }>(
          "SELECT status FROM subscriptions WHERE id = $1",
          [completion.subscription.id],
        );
        return row?.status === "past_due" ? true : undefined;
      },
      10_000,
    );
    expect(await plan(user)).toBe("premium");
    await stripe.control.renew(completion.subscription.id);
    await eventually(
      "active again",
      async () => {
        const [row] = await api.asSystem<{ status: string }>(
          "SELECT status FROM subscriptions WHERE id = $1",
          [completion.subscription.id],
        );
        return row?.status === "active" ? true : undefined;
      },
      10_000,
    );
    expect(await plan(user)).toBe("premium");
  });
});

describe("account deletion with billing", () => {
  it("cancels the user's subscription at Stripe before the rows go", async () => {
    const stripe = await startStripeEmulator();
    const client = stripe.client();
    const price = { id: await premiumPrice(stripe) };
    const api = await startTestApi({
      env: {
        STRIPE_SECRET_KEY: stripe.secretKey,
        STRIPE_API_URL: stripe.url,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_PREMIUM_PRICE_ID: price.id,
      },
    });
    try {
      const user = await signup(api);
      const session = await api.app.inject({
        method: "POST",
        url: "/v1/billing/checkout",
        headers: bearer(user.accessToken),
      });
      const { subscription } = await stripe.control.completeCheckout(session.json<{ id: string }>().id);
      const deleted = await api.app.inject({
        method: "DELETE",
        url: "/v1/me",
        headers: bearer(user.accessToken),
        payload: { password: user.password },
      });
      expect(deleted.statusCode, deleted.body).toBe(200);
      expect((await client.subscriptions.retrieve(subscription.id)).status).toBe("canceled");
      expect(await api.asSystem("SELECT 1 FROM billing_customers WHERE user_id = $1", [user.userId])).toEqual(
        [],
      );
    } finally {
      await api.close();
      await stripe.close();
    }
  });
});

describe("billing not configured", () => {
  it("answers 503 on billing routes", async () => {
    const api = await startTestApi();
    try {
      const user = await signup(api);
      const response = await api.app.inject({
        method: "POST",
        url: "/v1/billing/checkout",
        headers: bearer(user.accessToken),
      });
      expect(response.statusCode).toBe(503);
    } finally {
      await api.close();
    }
  });
});
