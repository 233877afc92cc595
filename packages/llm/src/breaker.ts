// A circuit breaker per provider. closed: calls go through, consecutive failures are counted;
// `failureThreshold` of them in a row open it. open: calls are refused until `coolDownMs` has
// passed, then it is half-open: up to `halfOpenProbes` calls at once may try; the first success
// closes it, a failure opens it again for another cool-down. Time comes from the injected clock.
// A call takes a permit and settles it exactly once: success, failure, or release (neither —
// e.g. the user cancelled — which gives a half-open probe slot back).

export type BreakerState = "closed" | "open" | "half_open";

export interface Clock {
  now(): number;
}

export interface BreakerOptions {
  /** Consecutive failures that open the breaker; default 3. */
  failureThreshold?: number;
  /** How long it stays open before probing; default 30000 ms. */
  coolDownMs?: number;
  /** Calls allowed at once while half-open; default 1. */
  halfOpenProbes?: number;
  clock: Clock;
  /** Called on every transition (for the state gauge). */
  onChange?: (state: BreakerState) => void;
}

export interface Permit {
  success(): void;
  failure(): void;
  release(): void;
}

export interface Breaker {
  /** The state now (an open breaker whose cool-down has passed reads half_open). */
  state(): BreakerState;
  /** A permit to call, or null when the breaker refuses. */
  acquire(): Permit | null;
}

export function createBreaker(options: BreakerOptions): Breaker {
  const { failureThreshold = 3, coolDownMs = 30_000, halfOpenProbes = 1, clock, onChange } = options;
  let state: BreakerState = "closed";
  let failures = 0;
  let openedAt = 0;
  let probes = 0;

  const move = (next: BreakerState): void => {
    if (next === state) return;
    state = next;
    onChange?.(next);
  };
  const current = (): BreakerState => {
    if (state === "open" && clock.now() - openedAt >= coolDownMs) {
      probes = 0;
      move("half_open");
    }
    return state;
  };
  const open = (): void => {
    openedAt = clock.now();
    failures = 0;
    move("open");
  };

  function permit(probe: boolean): Permit {
    let settled = false;
    const settle = (run: () => void) => () => {
      if (settled) return;
      settled = true;
      if (probe) probes -= 1;
      run();
    };
    return {
      success: settle(() => {
        failures = 0;
        move("closed");
      }),
      failure: settle(() => {
        if (state === "half_open") open();
        else if (state === "closed" && ++failures >= failureThreshold) open();
      }),
      release: settle(() => undefined),
    };
  }

  return {
    state: current,
    acquire() {
      const now = current();
      if (now === "closed") return permit(false);
      if (now === "open" || probes >= halfOpenProbes) return null;
      probes += 1;
      return permit(true);
    },
  };
}

/** The breaker state as a number, for a gauge: 0 closed, 1 half-open, 2 open. */
export const BREAKER_STATE_VALUE: Readonly<Record<BreakerState, number>> = {
  closed: 0,
  half_open: 1,
  open: 2,
};
