// What every part of the emulator shares: its state, time, and how it delivers webhooks.
import type { Logger } from "@phoenix/kernel/log";
import type { Clock, Scheduler } from "./clock.ts";
import type { EmulatorState } from "./state.ts";
import type { WebhookOptions } from "./webhooks.ts";

export interface MessageTiming {
  /** queued → sent (or failed); default 20 ms. */
  sendDelayMs: number;
  /** sent → delivered (or undelivered); default 30 ms. */
  deliverDelayMs: number;
}

export interface EmulatorContext {
  state: EmulatorState;
  clock: Clock;
  scheduler: Scheduler;
  timing: MessageTiming;
  webhooks: WebhookOptions;
  log: Logger;
}
