import { describe, expect, it } from "vitest";
import { MAX_TIMER_MS, longTimeout } from "./clock.ts";

/** Records the delays asked of setTimeout and fires them on demand. */
function fakeTimers() {
  const pending: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
  const set = ((fn: () => void, ms: number) => {
    const timer = { fn, ms, cleared: false };
    pending.push(timer);
    return timer;
  }) as unknown as typeof setTimeout;
  const clear = ((timer: { cleared: boolean }) => {
    timer.cleared = true;
  }) as unknown as typeof clearTimeout;
  return { set, clear, pending };
}

describe("longTimeout", () => {
  it("never asks setTimeout for more than it can hold, and fires after the whole delay", () => {
    const timers = fakeTimers();
    let fired = false;
    const thirtyDays = 30 * 24 * 3600 * 1000;
    longTimeout(() => (fired = true), thirtyDays, timers);
    expect(timers.pending[0]?.ms).toBe(MAX_TIMER_MS);
    timers.pending[0]?.fn();
    expect(fired).toBe(false);
    expect(timers.pending[1]?.ms).toBe(thirtyDays - MAX_TIMER_MS);
    timers.pending[1]?.fn();
    expect(fired).toBe(true);
  });

  it("cancels whichever step is pending", () => {
    const timers = fakeTimers();
    const cancel = longTimeout(() => undefined, MAX_TIMER_MS * 2 + 5, timers);
    timers.pending[0]?.fn();
    cancel();
    expect(timers.pending[1]?.cleared).toBe(true);
  });

  it("passes a short delay straight through", () => {
    const timers = fakeTimers();
    longTimeout(() => undefined, 250, timers);
    expect(timers.pending.map((t) => t.ms)).toEqual([250]);
  });
});
