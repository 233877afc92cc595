// Time as a dependency: every runtime piece takes a Clock, so tests drive timers by hand
// instead of sleeping or mocking modules.

/** Cancels a timer; calling it after the timer fired is harmless. */
export type CancelTimer = () => void;

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds. */
  setTimer(fn: () => void, ms: number): CancelTimer;
}

/** setTimeout's limit (2^31 - 1 ms, ~24.8 days): Node fires a longer timer after 1 ms instead. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * setTimeout for any delay: a longer one (a KeyRotation due in 30 days) is chained in steps of
 * MAX_TIMER_MS, because Node would otherwise clamp it to 1 ms and the controller would hot-loop.
 */
export function longTimeout(
  fn: () => void,
  ms: number,
  timers: { set: typeof setTimeout; clear: typeof clearTimeout } = { set: setTimeout, clear: clearTimeout },
): CancelTimer {
  let handle: ReturnType<typeof setTimeout>;
  const arm = (remaining: number): void => {
    if (remaining > MAX_TIMER_MS)
      handle = timers.set(() => {
        arm(remaining - MAX_TIMER_MS);
      }, MAX_TIMER_MS);
    else handle = timers.set(fn, Math.max(0, remaining));
  };
  arm(ms);
  return () => {
    timers.clear(handle);
  };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => longTimeout(fn, ms),
};

/** Resolves after `ms`, or as soon as `signal` aborts (never rejects). */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const onAbort = () => {
      cancel();
      resolve();
    };
    const cancel = clock.setTimer(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
