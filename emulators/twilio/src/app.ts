// Builds the emulator as a fastify app from an injected state, clock and options, so tests
// build exactly what server.ts serves. The kernel supplies /healthz, /readyz and /metrics.
import { mountApis } from "@phoenix/kernel/emulator";
import { createHttpServer } from "@phoenix/kernel/http";
import { createLogger } from "@phoenix/kernel/log";
import type { Logger } from "@phoenix/kernel/log";
import { createMetrics } from "@phoenix/kernel/metrics";
import type { Metrics } from "@phoenix/kernel/metrics";
import type { FastifyInstance } from "fastify";
import { createScheduler, realClock } from "./clock.ts";
import type { Clock } from "./clock.ts";
import type { EmulatorContext } from "./context.ts";
import { CONTROL_PREFIX, registerControlApi } from "./control.ts";
import { PRICING_PREFIX, REST_PREFIX, registerPricingApi, registerRestApi } from "./rest-api.ts";
import { createState } from "./state.ts";
import type { EmulatorState } from "./state.ts";
import type { WebhookRewrite } from "./webhooks.ts";

export interface EmulatorOptions {
  /** Default: a fresh state with the default account, token and inventory. */
  state?: EmulatorState;
  /** Default: the real clock (timers). */
  clock?: Clock;
  /** queued → sent; default 20 ms. */
  sendDelayMs?: number;
  /** sent → delivered; default 30 ms. */
  deliverDelayMs?: number;
  /** How long a webhook may take before it counts as failed; default 15000 ms, as Twilio. */
  webhookTimeoutMs?: number;
  /** Deliver these public URL prefixes elsewhere, still signing the public URL; default none. */
  webhookRewrites?: readonly WebhookRewrite[];
  /** Default: a silent logger. */
  logger?: Logger;
  /** Default: a fresh registry. */
  metrics?: Metrics;
  shutdown?: { isShuttingDown(): boolean };
}

export const SERVICE_NAME = "twilio-emulator";

export function buildApp(options: EmulatorOptions = {}): FastifyInstance {
  const clock = options.clock ?? realClock;
  const log = options.logger ?? createLogger({ name: SERVICE_NAME, level: "silent" });
  const ctx: EmulatorContext = {
    state: options.state ?? createState({}, clock.now()),
    clock,
    scheduler: createScheduler(clock),
    timing: { sendDelayMs: options.sendDelayMs ?? 20, deliverDelayMs: options.deliverDelayMs ?? 30 },
    webhooks: { timeoutMs: options.webhookTimeoutMs ?? 15_000, rewrites: options.webhookRewrites ?? [] },
    log,
  };
  const app = createHttpServer({
    logger: log,
    metrics: options.metrics ?? createMetrics({ service: SERVICE_NAME }),
    ...(options.shutdown ? { shutdown: options.shutdown } : {}),
    // Twilio accepts large forms; the body limit only has to cover a 1600-character message.
    bodyLimit: 1024 * 1024,
  });
  mountApis(app, {
    rest: [
      REST_PREFIX,
      (scope) => {
        registerRestApi(scope, ctx);
      },
    ],
    // Twilio serves pricing on its own host (pricing.twilio.com/v1/…); here the same paths share
    // the port, so a client reaches both by pointing its pricing base URL at the emulator too.
    pricing: [
      PRICING_PREFIX,
      (scope) => {
        registerPricingApi(scope, ctx);
      },
    ],
    control: [
      CONTROL_PREFIX,
      (scope) => {
        registerControlApi(scope, ctx);
      },
    ],
  });
  app.addHook("onClose", (_instance, done) => {
    ctx.scheduler.cancelAll();
    done();
  });
  return app;
}
