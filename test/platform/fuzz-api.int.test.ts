// The API fuzzed with malformed requests on every route (issue 16; docs/decisions/0044): the real
// app (createApiContext + apiRoutes on the kernel's server, as the harness builds it) on the real
// Postgres and Redis, billing on so Stripe's webhook verifies and checks events. The routes come
// from the API's OpenAPI document, so a new route is fuzzed without touching this file. Every case
// must be a 4xx (never a 5xx), no table may change, and the app must stay healthy and ready. The
// cases are a bounded set drawn from a seeded source: FUZZ_SEED=<n> replays or explores another.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  expectHealthy,
  fuzzSeed,
  kernelCases,
  runCases,
  seededRandom,
  statusCounts,
  tableFingerprints,
  unexpected,
} from "../support/fuzz.ts";
import { operationCases, operationsOf } from "../support/fuzz-openapi.ts";
import type { Callers, OpenApiDocument } from "../support/fuzz-openapi.ts";
import { stripeCases, stripeSignature } from "../support/fuzz-stripe.ts";
import { signup, signupAdmin, startTestApi } from "../api/harness.ts";
import type { TestApi } from "../api/harness.ts";

const SEED = fuzzSeed(20_261_116);
const STRIPE_SECRET = "whsec_fuzz_0123456789abcdef";
/** fastify's default, which the API keeps (and the webhook's scope repeats). */
const BODY_LIMIT = 1024 * 1024;

describe("API under malformed requests to every route", () => {
  let api: TestApi;
  let callers: Callers;

  beforeAll(async () => {
    api = await startTestApi({
      env: {
        RATE_LIMIT_API_PER_MINUTE: "1000000",
        RATE_LIMIT_GLOBAL_PER_SECOND: "1000000",
        RATE_LIMIT_LOGIN_ATTEMPTS: "1000000",
        // Billing on, so the webhook verifies and checks events; no case gets as far as calling Stripe.
        STRIPE_SECRET_KEY: "sk_test_fuzz",
        STRIPE_WEBHOOK_SECRET: STRIPE_SECRET,
        STRIPE_PREMIUM_PRICE_ID: "price_fuzz",
        STRIPE_API_URL: "http://127.0.0.1:9",
      },
    });
    return () => api.close();
  });
  beforeAll(async () => {
    const user = await signup(api);
    const { token: adminToken } = await signupAdmin(api);
    callers = { user, adminToken };
  });

  it("answers every case with a 4xx, writes nothing and stays ready", async () => {
    const random = seededRandom(SEED);
    const document = (
      await api.app.inject({ method: "GET", url: "/docs/openapi.json" })
    ).json<OpenApiDocument>();
    const operations = operationsOf(document);
    // The document is the list: were routes to go missing from it, the fuzz would quietly cover less.
    expect(operations.length).toBeGreaterThanOrEqual(30);
    expect(operations.map(({ method, path }) => `${method} ${path}`)).toEqual(
      expect.arrayContaining(["POST /v1/billing/webhook", "POST /v1/auth/signup", "DELETE /v1/me"]),
    );
    const cases = [
      ...operations.flatMap((operation) => operationCases(operation, callers, random, BODY_LIMIT)),
      ...stripeCases(random, STRIPE_SECRET, callers.user.userId),
      ...kernelCases(random),
    ];
    const before = await tableFingerprints(api.pool);
    const started = performance.now();

    const outcomes = await runCases(api.app, cases);

    const elapsed = Math.round(performance.now() - started);
    const summary = `api fuzz: ${operations.length} routes, ${cases.length} cases in ${elapsed} ms, seed ${SEED}`;
    console.info(summary, statusCounts(outcomes));
    expect(unexpected(outcomes), `seed ${SEED}`).toEqual([]);
    expect(await tableFingerprints(api.pool)).toEqual(before);
    await expectHealthy(api.app);
  });

  it("records and ignores a signed event for an account that no longer exists (was an FK violation, a 500)", async () => {
    const gone = randomUUID();
    const payload = JSON.stringify({
      id: `evt_gone_${gone.slice(0, 8)}`,
      object: "event",
      type: "customer.subscription.deleted",
      created: Math.floor(Date.now() / 1000),
      data: {
        object: { id: "sub_gone", status: "canceled", customer: "cus_gone", metadata: { userId: gone } },
      },
    });
    const response = await api.app.inject({
      method: "POST",
      url: "/v1/billing/webhook",
      payload,
      headers: {
        "content-type": "application/json",
        "stripe-signature": stripeSignature(payload, STRIPE_SECRET),
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(await api.asSystem("SELECT id FROM subscriptions WHERE id = 'sub_gone'")).toEqual([]);
    expect(
      await api.asSystem("SELECT id FROM stripe_events WHERE id = $1", [`evt_gone_${gone.slice(0, 8)}`]),
    ).toHaveLength(1);
  });
});
