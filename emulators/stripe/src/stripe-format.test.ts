import { describe, expect, it } from "vitest";
import { addInterval, newId, unixSeconds } from "./stripe-format.ts";

const at = (iso: string): number => unixSeconds(Date.parse(iso));
const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

describe("billing periods", () => {
  it("keeps the anchor's day of month, clamped to short months", () => {
    const anchor = at("2026-01-31T10:15:00Z");
    const monthly = { interval: "month", interval_count: 1 };
    const february = addInterval(anchor, monthly, anchor);
    const march = addInterval(february, monthly, anchor);
    expect(iso(february)).toBe("2026-02-28T10:15:00.000Z");
    expect(iso(march)).toBe("2026-03-31T10:15:00.000Z");
  });

  it("adds years, weeks and days", () => {
    const start = at("2028-02-29T00:00:00Z");
    expect(iso(addInterval(start, { interval: "year", interval_count: 1 }))).toBe("2029-02-28T00:00:00.000Z");
    expect(iso(addInterval(start, { interval: "week", interval_count: 2 }))).toBe("2028-03-14T00:00:00.000Z");
    expect(iso(addInterval(start, { interval: "day", interval_count: 1 }))).toBe("2028-03-01T00:00:00.000Z");
  });
});

describe("ids", () => {
  it("uses Stripe's prefixes and lengths", () => {
    expect(newId("cus")).toMatch(/^cus_[0-9A-Za-z]{14}$/);
    expect(newId("sub")).toMatch(/^sub_[0-9A-Za-z]{24}$/);
    expect(newId("cs_test")).toMatch(/^cs_test_[0-9A-Za-z]{58}$/);
    expect(newId("cus")).not.toBe(newId("cus"));
  });
});
