// What every part of the emulator shares: its state, its clock, and the lifetime that a reset or
// close ends — stalled streams and injected waits end with it, so nothing hangs a test's teardown.
import type { Logger } from "@phoenix/kernel/log";
import type { LlmState } from "./state.ts";

export interface Clock {
  /** Milliseconds since the epoch; `created` and `receivedAt` derive from it. */
  now(): number;
}

export const realClock: Clock = { now: () => Date.now() };

export interface Lifetime {
  readonly signal: AbortSignal;
  /** Aborts what waits on the current signal and starts a fresh one. */
  renew(): void;
}

export function createLifetime(): Lifetime {
  let controller = new AbortController();
  return {
    get signal() {
      return controller.signal;
    },
    renew() {
      controller.abort();
      controller = new AbortController();
    },
  };
}

export interface EmulatorContext {
  state: LlmState;
  clock: Clock;
  lifetime: Lifetime;
  log: Logger;
}
