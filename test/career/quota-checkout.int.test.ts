// Freemium by entitlement (ADR 0082), end to end: the API (signup, its Checkout route, Stripe's
// webhook) and career on one database and key set, both reading the Stripe emulator that sells the
// local catalogue (tools/stripe-catalogue.ts). A free user's fourth letter of the month and a premium
// template are refused with what to do; after a real Checkout — the emulator completes the session
// and signs the webhook to the API — career lets both through, without waiting for a cache.
import { startStripeEmulator } from "@phoenix/stripe-emulator/testing";
import type { StripeEmulator } from "@phoenix/stripe-emulator/testing";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toJsonResume } from "../../services/career/src/cv/json-resume.ts";
import { sampleCv } from "../../services/career/src/cv/samples.ts";
import { ensurePremium } from "../../tools/stripe-catalogue.ts";
import { bearer, signup, startTestApi, stripeEnv } from "../api/harness.ts";
import type { SignedUp, TestApi } from "../api/harness.ts";
import { eventually } from "../support/kube.ts";
import { startTestCareer } from "./harness.ts";
import type { TestCareer } from "./harness.ts";

const WEBHOOK_SECRET = "whsec_phoenix_career_quota_0123456789";

let stripe: StripeEmulator;
let api: TestApi;
let career: TestCareer;

beforeAll(async () => {
  stripe = await startStripeEmulator();
  const priceId = await ensurePremium(stripe.client());
  api = await startTestApi({ listen: true, env: stripeEnv(stripe, WEBHOOK_SECRET, priceId) });
  await stripe.control.createWebhookEndpoint({
    url: `${api.url}/v1/billing/webhook`,
    secret: WEBHOOK_SECRET,
  });
  // Career on the API's database and key set, reading the same Stripe.
  career = await startTestCareer({
    env: {
      DATABASE_URL: api.env["DATABASE_URL"]!,
      JWT_KEYSET_DIR: api.jwtKeys.dir,
      STRIPE_API_URL: stripe.url,
      STRIPE_SECRET_KEY: stripe.secretKey,
    },
  });
});
afterAll(async () => {
  await career.close();
  await api.close();
  await stripe.close();
});

const asUser = (user: SignedUp, call: InjectOptions): Promise<LightMyRequestResponse> =>
  career.app.inject({ ...call, headers: bearer(user.accessToken) });

const upgrade = { page: "/app/billing", plans: "/v1/plans", checkout: "/v1/billing/checkout" };

async function written(user: SignedUp) {
  const [row] = await api.asSystem<{ letters: number; events: number }>(
    `SELECT (SELECT count(*)::int FROM letters WHERE user_id = $1) AS letters,
            (SELECT count(*)::int FROM events WHERE user_id = $1 AND type = 'letter.generated') AS events`,
    [user.userId],
  );
  return row;
}

/** The API's Checkout route, the emulator completing the session, the signed webhook applied by the API. */
async function checkout(user: SignedUp): Promise<void> {
  const session = await api.app.inject({
    method: "POST",
    url: "/v1/billing/checkout",
    headers: bearer(user.accessToken),
  });
  expect(session.statusCode, session.body).toBe(201);
  await stripe.control.completeCheckout(session.json<{ id: string }>().id);
  await eventually("the webhook made the subscription active", async () => {
    const rows = await api.asSystem("SELECT 1 FROM subscriptions WHERE user_id = $1 AND status = 'active'", [
      user.userId,
    ]);
    return rows.length > 0 ? true : undefined;
  });
}

describe("freemium by entitlement", () => {
  it("the fourth letter of a free user is refused with what to do; after Checkout it goes through", async () => {
    const user = await signup(api);
    const cv = await asUser(user, {
      method: "POST",
      url: "/v1/cv/json-resume",
      payload: toJsonResume(sampleCv("fr")),
    });
    expect(cv.statusCode, cv.body).toBe(201);
    const letter = {
      cvId: cv.json<{ id: string }>().id,
      role: "chef de projet digital",
      company: "Agence Exemple",
      template: "classic",
      tone: "warm",
      length: "standard",
    };
    expect((await asUser(user, { method: "GET", url: "/v1/letters/quota" })).json()).toMatchObject({
      product: "letters",
      plan: "free",
      limit: 3,
      period: "month",
      used: 0,
      remaining: 3,
    });
    for (const remaining of [2, 1, 0]) {
      const made = await asUser(user, { method: "POST", url: "/v1/letters", payload: letter });
      expect(made.statusCode, made.body).toBe(201);
      expect(made.json()).toMatchObject({ quota: { plan: "free", limit: 3, remaining } });
    }
    expect((await asUser(user, { method: "GET", url: "/v1/letters/quota" })).json()).toMatchObject({
      limit: 3,
      used: 3,
      remaining: 0,
    });

    const fourth = await asUser(user, { method: "POST", url: "/v1/letters", payload: letter });
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json()).toMatchObject({
      error: "letters_quota_exhausted",
      quota: { plan: "free", limit: 3, used: 3, remaining: 0 },
      upgrade,
    });
    expect(fourth.json<{ reason: string }>().reason).toBe(
      "Vous avez utilisé toutes vos lettres gratuites de ce mois-ci. Passez à Premium pour des lettres illimitées, ou attendez le 1er du mois prochain. Vos lettres déjà écrites restent modifiables.",
    );
    expect(await written(user)).toEqual({ letters: 3, events: 3 });
    expect((await asUser(user, { method: "GET", url: "/v1/letters/quota" })).json()).toMatchObject({
      used: 3,
    });

    await checkout(user);

    const afterCheckout = await asUser(user, { method: "POST", url: "/v1/letters", payload: letter });
    expect(afterCheckout.statusCode, afterCheckout.body).toBe(201);
    expect(afterCheckout.json()).toMatchObject({
      quota: { plan: "premium", limit: null, remaining: null, used: 4 },
    });
    expect((await asUser(user, { method: "GET", url: "/v1/letters/quota" })).json()).toMatchObject({
      plan: "premium",
      limit: null,
      remaining: null,
    });
    expect((await asUser(user, { method: "GET", url: "/v1/cv/quota" })).json()).toMatchObject({
      plan: "premium",
      limit: null,
      used: 1,
    });
    expect(await written(user)).toEqual({ letters: 4, events: 4 });
  });

  it("a premium template is refused to a free user with what to do, and accepted after Checkout", async () => {
    const user = await signup(api);
    const made = await asUser(user, {
      method: "POST",
      url: "/v1/cv/json-resume",
      payload: toJsonResume(sampleCv("fr")),
    });
    const cvId = made.json<{ id: string }>().id;
    const letter = { cvId, role: "analyste", template: "impact", tone: "bold", length: "short" };
    const templates = async () =>
      (await asUser(user, { method: "GET", url: "/v1/letters/templates" })).json<{
        templates: { id: string; locked: boolean }[];
      }>().templates;
    expect((await templates()).find((t) => t.id === "impact")).toMatchObject({ locked: true });

    const refused = await asUser(user, { method: "POST", url: "/v1/letters", payload: letter });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: "premium_template", upgrade });
    expect(refused.json<{ reason: string }>().reason).toContain("passez à Premium");
    const pdf = await asUser(user, { method: "GET", url: `/v1/cv/${cvId}/pdf?template=modern` });
    expect(pdf.statusCode).toBe(403);
    expect(pdf.json()).toMatchObject({ error: "premium_template", upgrade });
    // Nothing was written and no unit was taken.
    expect(await written(user)).toEqual({ letters: 0, events: 0 });
    expect((await asUser(user, { method: "GET", url: "/v1/letters/quota" })).json()).toMatchObject({
      used: 0,
    });

    await checkout(user);

    expect((await templates()).find((t) => t.id === "impact")).toMatchObject({ locked: false });
    const accepted = await asUser(user, { method: "POST", url: "/v1/letters", payload: letter });
    expect(accepted.statusCode, accepted.body).toBe(201);
    const modern = await asUser(user, { method: "GET", url: `/v1/cv/${cvId}/pdf?template=modern` });
    expect(modern.statusCode).toBe(200);
    expect(modern.headers["content-type"]).toContain("application/pdf");
  });

  it("while Stripe does not answer, a subscriber gets the free plan: the free quota works, premium is not given away", async () => {
    const user = await signup(api);
    await checkout(user);
    await stripe.control.addFaults({
      failures: [{ operation: "GetEntitlementsActiveEntitlements", status: 500, count: 1000 }],
    });
    try {
      const made = await asUser(user, {
        method: "POST",
        url: "/v1/cv/json-resume",
        payload: toJsonResume(sampleCv("en")),
      });
      expect(made.statusCode, made.body).toBe(201);
      expect(made.json()).toMatchObject({ quota: { plan: "free", limit: 1, remaining: 0 } });
      const cvId = made.json<{ id: string }>().id;
      const letter = { cvId, role: "analyst", tone: "bold", length: "short" };
      const premium = await asUser(user, {
        method: "POST",
        url: "/v1/letters",
        payload: { ...letter, template: "impact" },
      });
      expect(premium.statusCode).toBe(403);
      const free = await asUser(user, {
        method: "POST",
        url: "/v1/letters",
        payload: { ...letter, template: "classic" },
      });
      expect(free.statusCode, free.body).toBe(201);
      expect(free.json()).toMatchObject({ quota: { plan: "free", limit: 3, remaining: 2 } });
    } finally {
      await stripe.control.clearFaults();
    }
  });
});
