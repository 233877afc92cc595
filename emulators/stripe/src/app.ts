// Builds the emulator as a fastify app from an injected state, clock and options, so tests build
// exactly what server.ts serves. The kernel supplies /healthz, /readyz and /metrics.
import { mountApis } from "@phoenix/kernel/emulator";
import { createHttpServer } from "@phoenix/kernel/http";
import { createLogger } from "@phoenix/kernel/log";
import type { Logger } from "@phoenix/kernel/log";
import { createMetrics } from "@phoenix/kernel/metrics";
import type { Metrics } from "@phoenix/kernel/metrics";
import type { FastifyInstance } from "fastify";
import type { Clock, EmulatorContext } from "./context.ts";
import { createLifetime, realClock } from "./context.ts";
import { CONTROL_PREFIX, registerControlApi } from "./control.ts";
import { registerHostedPages } from "./hosted-pages.ts";
import { REST_PREFIX, registerRestApi } from "./rest-api.ts";
import { createState } from "./state.ts";
import type { StripeState } from "./state.ts";

export interface EmulatorOptions {
  /** Default: a fresh state with the default secret key and no webhook endpoints. */
  state?: StripeState;
  /** Default: the real clock. */
  clock?: Clock;
  /**
   * Waits between webhook attempts after a failure; its length is the number of retries.
   * Default [1000, 4000, 16000]: four attempts in about 21 s (Stripe spreads test-mode retries
   * over hours).
   */
  webhookRetryDelaysMs?: readonly number[];
  /** How long an endpoint may take to answer a delivery; default 10000 ms. */
  webhookTimeoutMs?: number;
  /** The emulator's URL as browsers reach it, for checkout and portal URLs; default each request's Host. */
  publicBaseUrl?: string;
  /** Default: a silent logger. */
  logger?: Logger;
  /** Default: a fresh registry. */
  metrics?: Metrics;
  shutdown?: { isShuttingDown(): boolean };
}

export const SERVICE_NAME = "stripe-emulator";
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1000, 4000, 16_000];

export function buildApp(options: EmulatorOptions = {}): FastifyInstance {
  const clock = options.clock ?? realClock;
  const ctx: EmulatorContext = {
    state: options.state ?? createState({}, clock.now()),
    clock,
    lifetime: createLifetime(),
    webhooks: {
      retryDelaysMs: options.webhookRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
      timeoutMs: options.webhookTimeoutMs ?? 10_000,
    },
    deliveryQueues: new Map(),
    publicBaseUrl: options.publicBaseUrl?.replace(/\/+$/, "") ?? null,
    log: options.logger ?? createLogger({ name: SERVICE_NAME, level: "silent" }),
  };
  const app = createHttpServer({
    logger: ctx.log,
    metrics: options.metrics ?? createMetrics({ service: SERVICE_NAME }),
    ...(options.shutdown ? { shutdown: options.shutdown } : {}),
  });
  mountApis(app, {
    rest: [
      REST_PREFIX,
      (scope) => {
        registerRestApi(scope, ctx);
      },
    ],
    control: [
      CONTROL_PREFIX,
      (scope) => {
        registerControlApi(scope, ctx);
      },
    ],
  });
  app.register((scope, _options, done) => {
    // The hosted pages' forms post urlencoded bodies they do not read.
    scope.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string" },
      (_request, _body, parsed) => {
        parsed(null, {});
      },
    );
    registerHostedPages(scope, ctx);
    done();
  });
  app.addHook("onClose", (_instance, done) => {
    ctx.lifetime.renew();
    done();
  });
  return app;
}
