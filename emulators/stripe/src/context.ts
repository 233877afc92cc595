// What every part of the emulator shares: its state, time, webhook settings and timers.
import type { Logger } from "@phoenix/kernel/log";
import type { StripeState } from "./state.ts";

export interface Clock {
  /** Milliseconds since the epoch; objects' `created` and periods derive from it. */
  now(): number;
}

export const realClock: Clock = { now: () => Date.now() };

export interface WebhookSettings {
  /** Waits between attempts after a failed delivery; its length is the number of retries. */
  retryDelaysMs: readonly number[];
  /** How long an endpoint may take to answer before the attempt counts as failed. */
  timeoutMs: number;
}

/**
 * Timers and requests owned by one emulator: a reset or close cancels pending retries and aborts
 * deliveries in flight, so nothing reaches an application after its test has moved on.
 */
export interface Lifetime {
  after(ms: number, callback: () => void): void;
  sleep(ms: number): Promise<void>;
  readonly signal: AbortSignal;
  /** Cancels timers and aborts what is in flight; the lifetime stays usable afterwards. */
  renew(): void;
}

export function createLifetime(): Lifetime {
  const timers = new Set<NodeJS.Timeout>();
  let controller = new AbortController();
  return {
    after(ms, callback) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        callback();
      }, ms);
      // Unref'd: a pending retry must not keep a test process alive.
      timer.unref();
      timers.add(timer);
    },
    // Not cancelled by renew: a request waiting out injected latency must still be answered.
    sleep: (ms) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()),
    get signal() {
      return controller.signal;
    },
    renew() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      controller.abort();
      controller = new AbortController();
    },
  };
}

export interface EmulatorContext {
  state: StripeState;
  clock: Clock;
  lifetime: Lifetime;
  webhooks: WebhookSettings;
  /** Per webhook endpoint: the tail of its delivery queue (deliveries go out one at a time). */
  deliveryQueues: Map<string, Promise<void>>;
  /** Where checkout and portal pages are served, as users' browsers reach them; default from Host. */
  publicBaseUrl: string | null;
  log: Logger;
}

/** Who caused a change: stamped on events as `request`, and the origin for hosted page URLs. */
export interface Actor {
  /** Base URL of the emulator as the caller reached it. */
  origin: string;
  /** The API request that caused the change; null for changes made through the control API. */
  request: { id: string; idempotencyKey: string | null } | null;
}
