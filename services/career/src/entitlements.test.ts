import type { BillingCatalogue, EntitlementMap } from "@phoenix/billing";
import { describe, expect, it } from "vitest";
import { careerView, createEntitlements } from "./entitlements.ts";
import type { BillingState } from "./entitlements.ts";

const free = { letters: { limit: 3, period: "month" as const }, cv: { limit: 1, period: "month" as const } };
const unlimited = { limit: null, period: "month" as const };
const silent = { warn: () => undefined };

/** A catalogue whose grants the test sets (or makes fail), counting Stripe reads. */
function fakeCatalogue(grants: () => EntitlementMap) {
  const calls: string[] = [];
  const catalogue = {
    plans: () => Promise.resolve([]),
    grantsOf: (customer: string | undefined) => {
      calls.push(customer ?? "");
      return Promise.resolve().then(grants);
    },
    entitlementsOf: () => Promise.resolve({}),
  } satisfies BillingCatalogue;
  return { catalogue, calls };
}

function billing(initial: BillingState) {
  const state = { ...initial };
  return { state, billingOf: () => Promise.resolve({ ...state }) };
}

describe("careerView (a user's letters and cv from their Stripe grants)", () => {
  it("is the free plan without grants, with the premium templates closed", () => {
    expect(careerView(free, {}, "free")).toEqual({
      letters: { limit: 3, period: "month", premium: false },
      cv: { limit: 1, period: "month", premium: false },
      source: "free",
    });
  });

  it("raises a product Stripe grants and opens its premium templates, the other product untouched", () => {
    const view = careerView(free, { letters: unlimited, sms: { limit: null, period: "day" } }, "stripe");
    expect(view.letters).toEqual({ limit: null, period: "month", premium: true });
    expect(view.cv).toEqual({ limit: 1, period: "month", premium: false });
  });

  it("keeps the free quota when a paid feature gives less, but the feature still opens the templates", () => {
    expect(careerView(free, { letters: { limit: 1, period: "month" } }, "stripe").letters).toEqual({
      limit: 3,
      period: "month",
      premium: true,
    });
  });
});

describe("createEntitlements", () => {
  it("does not ask Stripe for a user with no Stripe customer", async () => {
    const { catalogue, calls } = fakeCatalogue(() => ({ letters: unlimited }));
    const { billingOf } = billing({ customer: null, fingerprint: "none" });
    const entitlements = createEntitlements({ billingOf, logger: silent, catalogue, free, cacheMs: 60_000 });
    expect((await entitlements.of("u1")).source).toBe("free");
    expect(calls).toEqual([]);
  });

  it("caches per user until the TTL ends or the billing rows change (the webhook landed)", async () => {
    let granted: EntitlementMap = {};
    const { catalogue, calls } = fakeCatalogue(() => granted);
    const user = billing({ customer: "cus_1", fingerprint: "cus_1|free|" });
    let clock = 0;
    const entitlements = createEntitlements({
      billingOf: user.billingOf,
      logger: silent,
      catalogue,
      free,
      cacheMs: 60_000,
      now: () => clock,
    });
    expect((await entitlements.of("u1")).letters.limit).toBe(3);
    granted = { letters: unlimited, cv: unlimited };
    clock = 59_000;
    expect((await entitlements.of("u1")).letters.limit).toBe(3);
    expect(calls).toHaveLength(1);
    user.state.fingerprint = "cus_1|premium|sub_1:active:evt_1";
    expect((await entitlements.of("u1")).letters).toEqual({ limit: null, period: "month", premium: true });
    expect(calls).toHaveLength(2);
    clock = 59_000 + 60_000;
    await entitlements.of("u1");
    expect(calls).toHaveLength(3);
  });

  it("shares one Stripe read between concurrent requests of a user", async () => {
    const { catalogue, calls } = fakeCatalogue(() => ({ cv: unlimited }));
    const { billingOf } = billing({ customer: "cus_1", fingerprint: "a" });
    const entitlements = createEntitlements({ billingOf, logger: silent, catalogue, free, cacheMs: 60_000 });
    const views = await Promise.all([entitlements.of("u1"), entitlements.of("u1"), entitlements.of("u1")]);
    expect(views.map((view) => view.cv.premium)).toEqual([true, true, true]);
    expect(calls).toHaveLength(1);
  });

  it("falls back to the free plan when Stripe fails — no premium given away, the free quota kept — and asks again soon", async () => {
    let down = true;
    const { catalogue, calls } = fakeCatalogue(() => {
      if (down) throw new Error("Stripe did not answer");
      return { letters: unlimited };
    });
    const { billingOf } = billing({ customer: "cus_1", fingerprint: "cus_1|premium|sub_1:active:evt_1" });
    const warned: unknown[] = [];
    let clock = 0;
    const entitlements = createEntitlements({
      billingOf,
      logger: { warn: (...args: unknown[]) => void warned.push(args) },
      catalogue,
      free,
      cacheMs: 60_000,
      failureCacheMs: 5000,
      now: () => clock,
    });
    expect(await entitlements.of("u1")).toEqual({
      letters: { limit: 3, period: "month", premium: false },
      cv: { limit: 1, period: "month", premium: false },
      source: "fallback",
    });
    expect(warned).toHaveLength(1);
    down = false;
    clock = 4000;
    expect((await entitlements.of("u1")).source).toBe("fallback");
    clock = 5000;
    expect((await entitlements.of("u1")).letters.premium).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it("is the free plan for everyone when Stripe is not configured", async () => {
    const { billingOf } = billing({ customer: "cus_1", fingerprint: "x" });
    const entitlements = createEntitlements({
      billingOf,
      logger: silent,
      catalogue: undefined,
      free,
      cacheMs: 60_000,
    });
    expect((await entitlements.of("u1")).letters).toEqual({ limit: 3, period: "month", premium: false });
  });
});
