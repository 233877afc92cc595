import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StripeEmulator } from "./testing.ts";
import { startStripeEmulator, waitUntil } from "./testing.ts";

let emulator: StripeEmulator;

beforeEach(async () => {
  emulator = await startStripeEmulator();
});
afterEach(async () => {
  await emulator.close();
});

describe("injected faults", () => {
  it("answers the Nth call with Stripe's 429 rate_limit_error, then recovers", async () => {
    const stripe = emulator.client({ maxNetworkRetries: 0 });
    await emulator.control.addFaults({
      failures: [{ operation: "GetCustomers", status: 429, nth: 2, count: 2 }],
    });

    await expect(stripe.customers.list()).resolves.toMatchObject({ object: "list" });
    const limited = await stripe.customers.list().catch((err: unknown) => err);
    expect(limited).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(limited).toMatchObject({ statusCode: 429, rawType: "rate_limit_error", code: "rate_limit" });
    await expect(stripe.customers.list()).rejects.toMatchObject({ statusCode: 429 });
    await expect(stripe.customers.list()).resolves.toMatchObject({ object: "list" });
    expect((await emulator.control.state()).calls["GetCustomers"]).toEqual({
      total: 4,
      byStatus: { 200: 2, 429: 2 },
    });
  });

  it("answers a 5xx burst with api_error, without counting it against other operations", async () => {
    const stripe = emulator.client({ maxNetworkRetries: 0 });
    await emulator.control.addFaults({ failures: [{ operation: "PostCheckoutSessions", status: 503 }] });

    await expect(stripe.customers.create({})).resolves.toMatchObject({ object: "customer" });
    const error = await stripe.checkout.sessions
      .create({ mode: "subscription" })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(error).toMatchObject({ statusCode: 503, rawType: "api_error" });
  });

  it("lets the official client's retry, with the same Idempotency-Key, succeed exactly once", async () => {
    const stripe = emulator.client({ maxNetworkRetries: 1 });
    await emulator.control.addFaults({ failures: [{ operation: "PostCustomers", status: 500 }] });

    const customer = await stripe.customers.create({ email: "retry@phoenix.test" });

    expect(customer.email).toBe("retry@phoenix.test");
    const state = await emulator.control.state();
    expect(state.customers).toHaveLength(1);
    expect(state.calls["PostCustomers"]).toEqual({ total: 2, byStatus: { 200: 1, 500: 1 } });
  });

  it("holds a call back for the injected latency", async () => {
    const stripe = emulator.client();
    await emulator.control.addFaults({ latencyMs: { GetCustomers: 150 } });
    const started = performance.now();
    await stripe.customers.list();
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);

    await emulator.control.clearFaults();
    const again = performance.now();
    await stripe.customers.list();
    expect(performance.now() - again).toBeLessThan(145);
  });

  it("answers 409 idempotency_key_in_use while the first request with the key is still running", async () => {
    const stripe = emulator.client({ maxNetworkRetries: 0 });
    await emulator.control.addFaults({ latencyMs: { PostCustomers: 100 } });
    const first = stripe.customers.create({ email: "a@phoenix.test" }, { idempotencyKey: "same" });
    // The first request has claimed the key (before its latency) and is still running.
    await waitUntil(() => emulator.state.idempotency.get("same")?.response === null);
    await emulator.control.addFaults({ latencyMs: { PostCustomers: 0 } });

    await expect(
      stripe.customers.create({ email: "a@phoenix.test" }, { idempotencyKey: "same" }),
    ).rejects.toMatchObject({ statusCode: 409, code: "idempotency_key_in_use" });
    await expect(first).resolves.toMatchObject({ email: "a@phoenix.test" });
  });
});
