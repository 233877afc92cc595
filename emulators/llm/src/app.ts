// Builds the emulator as a fastify app from an injected state and clock, so tests build exactly
// what server.ts serves. The kernel supplies /healthz, /readyz and /metrics.
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
import { REST_PREFIX, registerRestApi } from "./rest-api.ts";
import { createState } from "./state.ts";
import type { LlmState } from "./state.ts";

export interface EmulatorOptions {
  /** Default: a fresh state with the default key and models. */
  state?: LlmState;
  /** Default: the real clock. */
  clock?: Clock;
  /** Default: a silent logger. */
  logger?: Logger;
  /** Default: a fresh registry. */
  metrics?: Metrics;
  shutdown?: { isShuttingDown(): boolean };
}

export const SERVICE_NAME = "llm-emulator";

export function buildApp(options: EmulatorOptions = {}): FastifyInstance {
  const clock = options.clock ?? realClock;
  const ctx: EmulatorContext = {
    state: options.state ?? createState({}, clock.now()),
    clock,
    lifetime: createLifetime(),
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
  // Stalled streams would hold close() until their clients give up: end them first.
  app.addHook("preClose", (done) => {
    ctx.lifetime.renew();
    done();
  });
  return app;
}
