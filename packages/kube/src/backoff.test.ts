import { describe, expect, it } from "vitest";
import { backoffCeiling, backoffDelay } from "./backoff.ts";

const policy = { baseMs: 100, capMs: 10_000 };

describe("backoff", () => {
  it("doubles the ceiling with each attempt", () => {
    expect([0, 1, 2, 3].map((a) => backoffCeiling(a, policy))).toEqual([100, 200, 400, 800]);
  });

  it("never exceeds the cap, even for huge attempt numbers", () => {
    expect(backoffCeiling(7, policy)).toBe(10_000);
    expect(backoffCeiling(5000, policy)).toBe(10_000);
    expect(backoffDelay(5000, policy, () => 0.999_999)).toBeLessThanOrEqual(10_000);
  });

  it("draws the delay uniformly below the ceiling (full jitter)", () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(400);
    expect(backoffDelay(3, policy, () => 0.999)).toBe(799);
  });

  it("honours a custom growth factor", () => {
    expect(backoffCeiling(2, { ...policy, factor: 3 })).toBe(900);
  });

  it("treats negative or fractional attempts as the first retry", () => {
    expect(backoffCeiling(-4, policy)).toBe(100);
    expect(backoffCeiling(0.7, policy)).toBe(100);
  });
});
