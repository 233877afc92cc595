import { describe, expect, it } from "vitest";
import { FakeClock } from "./fake-clock.ts";
import { TokenBucket } from "./token-bucket.ts";

describe("TokenBucket", () => {
  it("serves a burst immediately, then spaces reservations at the steady rate", () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 3, clock });
    const waits = Array.from({ length: 6 }, () => bucket.reserve());
    expect(waits).toEqual([0, 0, 0, 100, 200, 300]);
  });

  it("refills with time but never above the burst", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 2, clock });
    bucket.reserve();
    bucket.reserve();
    await clock.advance(60_000);
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 0, 100]);
  });

  it("is unlimited with an infinite rate", () => {
    const bucket = new TokenBucket({ ratePerSecond: Infinity, burst: 1, clock: new FakeClock() });
    expect(Array.from({ length: 100 }, () => bucket.reserve()).every((w) => w === 0)).toBe(true);
  });

  it("hands out nothing during a pause, then resumes at the steady rate", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 5, clock });
    bucket.pause(3000);
    // Every reservation waits out the pause; the emptied bucket spaces them after it.
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([3100, 3200, 3300]);
    // A shorter pause does not cut a longer one short.
    bucket.pause(1000);
    await clock.advance(3300);
    expect(bucket.reserve()).toBe(100);
  });

  it("pauses even when the rate is unlimited", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ ratePerSecond: Infinity, burst: 1, clock });
    bucket.pause(2000);
    expect(bucket.reserve()).toBe(2000);
    await clock.advance(2000);
    expect(bucket.reserve()).toBe(0);
  });

  it("rejects nonsensical settings", () => {
    const clock = new FakeClock();
    expect(() => new TokenBucket({ ratePerSecond: 0, burst: 1, clock })).toThrow(RangeError);
    expect(() => new TokenBucket({ ratePerSecond: 1, burst: 0, clock })).toThrow(RangeError);
  });
});
