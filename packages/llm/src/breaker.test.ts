import { describe, expect, it } from "vitest";
import { createBreaker } from "./breaker.ts";
import type { BreakerState } from "./breaker.ts";

function setup(options: { failureThreshold?: number; halfOpenProbes?: number } = {}) {
  let now = 1_000_000;
  const transitions: BreakerState[] = [];
  const breaker = createBreaker({
    failureThreshold: 3,
    coolDownMs: 10_000,
    halfOpenProbes: 1,
    ...options,
    clock: { now: () => now },
    onChange: (state) => transitions.push(state),
  });
  const fail = (times: number) => {
    for (let i = 0; i < times; i += 1) breaker.acquire()!.failure();
  };
  return { breaker, transitions, fail, advance: (ms: number) => (now += ms) };
}

describe("circuit breaker", () => {
  it("opens after N consecutive failures, not after N failures with a success between", () => {
    const { breaker, fail } = setup();
    fail(2);
    breaker.acquire()!.success();
    fail(2);
    expect(breaker.state()).toBe("closed");
    fail(1);
    expect(breaker.state()).toBe("open");
    expect(breaker.acquire()).toBeNull();
  });

  it("half-opens after the cool-down with a limited number of probes, and closes on success", () => {
    const { breaker, fail, advance, transitions } = setup({ halfOpenProbes: 2 });
    fail(3);
    advance(9_999);
    expect(breaker.acquire()).toBeNull();
    advance(1);
    expect(breaker.state()).toBe("half_open");
    const first = breaker.acquire()!;
    const second = breaker.acquire()!;
    expect(breaker.acquire()).toBeNull();
    first.success();
    expect(breaker.state()).toBe("closed");
    second.failure(); // a probe that was already in flight fails after the close: counted as one failure
    expect(breaker.state()).toBe("closed");
    expect(transitions).toEqual(["open", "half_open", "closed"]);
  });

  it("opens again for a full cool-down when a probe fails", () => {
    const { breaker, fail, advance } = setup();
    fail(3);
    advance(10_000);
    breaker.acquire()!.failure();
    expect(breaker.state()).toBe("open");
    advance(9_000);
    expect(breaker.acquire()).toBeNull();
    advance(1_000);
    expect(breaker.acquire()).not.toBeNull();
  });

  it("gives a probe slot back when the call is released (cancelled), and counts a permit once", () => {
    const { breaker, fail, advance } = setup();
    fail(3);
    advance(10_000);
    const probe = breaker.acquire()!;
    expect(breaker.acquire()).toBeNull();
    probe.release();
    probe.failure(); // already settled: ignored
    expect(breaker.state()).toBe("half_open");
    expect(breaker.acquire()).not.toBeNull();
  });
});
