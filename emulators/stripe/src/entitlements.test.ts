import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StripeEmulator } from "./testing.ts";
import { startStripeEmulator, subscribedCustomer } from "./testing.ts";

let emulator: StripeEmulator;
let stripe: Stripe;

beforeEach(async () => {
  emulator = await startStripeEmulator();
  stripe = emulator.client();
});
afterEach(async () => {
  await emulator.close();
});

const feature = (lookupKey: string) =>
  stripe.entitlements.features.create({
    name: lookupKey,
    lookup_key: lookupKey,
    metadata: { product: "sms" },
  });

describe("entitlements", () => {
  it("creates features in Stripe's format and lists them newest first, by lookup key", async () => {
    const first = await feature("sms-unlimited");
    const second = await feature("letters-30");
    expect(first).toMatchObject({
      object: "entitlements.feature",
      active: true,
      livemode: false,
      lookup_key: "sms-unlimited",
      metadata: { product: "sms" },
    });
    expect(first.id).toMatch(/^feat_/);
    expect((await stripe.entitlements.features.list()).data.map((f) => f.id)).toEqual([second.id, first.id]);
    const byKey = await stripe.entitlements.features.list({ lookup_key: "letters-30" });
    expect(byKey.data.map((f) => f.id)).toEqual([second.id]);
    await expect(feature("sms-unlimited")).rejects.toMatchObject({ type: "StripeInvalidRequestError" });
  });

  it("attaches a feature to a product once, and lists the product's features", async () => {
    const product = await stripe.products.create({ name: "Premium" });
    const sms = await feature("sms-unlimited");
    const attached = await stripe.products.createFeature(product.id, { entitlement_feature: sms.id });
    expect(attached).toMatchObject({ object: "product_feature", entitlement_feature: { id: sms.id } });
    await expect(
      stripe.products.createFeature(product.id, { entitlement_feature: sms.id }),
    ).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
    });
    await expect(
      stripe.products.createFeature(product.id, { entitlement_feature: "feat_nope" }),
    ).rejects.toMatchObject({ code: "resource_missing" });
    expect((await stripe.products.listFeatures(product.id)).data.map((f) => f.id)).toEqual([attached.id]);
  });

  it("derives a customer's active entitlements from their live subscriptions, none once cancelled", async () => {
    const { customer, price, subscription } = await subscribedCustomer(emulator);
    const sms = await feature("sms-unlimited");
    await stripe.products.createFeature(price.product as string, { entitlement_feature: sms.id });
    const active = await stripe.entitlements.activeEntitlements.list({ customer: customer.id });
    expect(active.data).toEqual([
      expect.objectContaining({
        object: "entitlements.active_entitlement",
        feature: sms.id,
        lookup_key: "sms-unlimited",
        livemode: false,
      }),
    ]);
    await emulator.control.cancel(subscription.id);
    expect((await stripe.entitlements.activeEntitlements.list({ customer: customer.id })).data).toEqual([]);
    await expect(stripe.entitlements.activeEntitlements.list({ customer: "cus_nope" })).rejects.toMatchObject(
      {
        code: "resource_missing",
      },
    );
  });
});
