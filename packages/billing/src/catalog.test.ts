import { describe, expect, it } from "vitest";
import { entitlementOf, mergeEntitlements } from "./catalog.ts";

describe("entitlementOf (a Stripe feature's metadata)", () => {
  it("reads a product, a limit and a period", () => {
    expect(entitlementOf({ product: "letters", limit: "30", period: "month" })).toEqual({
      product: "letters",
      value: { limit: 30, period: "month" },
    });
    expect(entitlementOf({ product: "sms", limit: "unlimited", period: "day" })).toEqual({
      product: "sms",
      value: { limit: null, period: "day" },
    });
  });

  it("ignores a feature that is not Phoenix's or is malformed", () => {
    expect(entitlementOf({})).toBeUndefined();
    expect(entitlementOf({ product: "video", limit: "1", period: "day" })).toBeUndefined();
    expect(entitlementOf({ product: "sms", limit: "1", period: "week" })).toBeUndefined();
    expect(entitlementOf({ product: "sms", limit: "-1", period: "day" })).toBeUndefined();
    expect(entitlementOf({ product: "sms", limit: "2.5", period: "day" })).toBeUndefined();
    expect(entitlementOf({ product: "sms", period: "day" })).toBeUndefined();
  });
});

describe("mergeEntitlements", () => {
  it("keeps per product the larger grant: unlimited beats any number, a day's count beats a month's", () => {
    expect(
      mergeEntitlements(
        { sms: { limit: 20, period: "day" }, letters: { limit: 3, period: "month" } },
        { sms: { limit: null, period: "day" } },
        { letters: { limit: 2, period: "day" }, cv: { limit: 1, period: "month" } },
        { sms: { limit: 500, period: "day" } },
      ),
    ).toEqual({
      sms: { limit: null, period: "day" },
      letters: { limit: 2, period: "day" },
      cv: { limit: 1, period: "month" },
    });
  });

  it("is empty for nothing", () => {
    expect(mergeEntitlements()).toEqual({});
  });
});
