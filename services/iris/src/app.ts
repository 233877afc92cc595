// Builds iris: its resources from config (createIrisContext) and its routes (irisRoutes). The
// server wires them into the kernel's startService; tests build exactly the same.
import { authenticate, rejectBadToken } from "@phoenix/kernel/access-guard";
import type { Tokens } from "@phoenix/kernel/access-tokens";
import { createPool, pgReadiness } from "@phoenix/kernel/db";
import type { ReadinessCheck } from "@phoenix/kernel/http";
import type { Keyring } from "@phoenix/kernel/keyring";
import type { Logger } from "@phoenix/kernel/log";
import type { Metrics } from "@phoenix/kernel/metrics";
import { closeRedis, createRedis, redisReadiness } from "@phoenix/kernel/redis";
import type { Shutdown } from "@phoenix/kernel/shutdown";
import { createBudget, createRedisCounterStore, providersOf } from "@phoenix/llm";
import type { Router } from "@phoenix/llm";
import { closeQueues, createQueues } from "@phoenix/store";
import { registerOpenApi } from "@phoenix/kernel/openapi";
import { createTokenVerifier, keyringReadiness } from "@phoenix/kernel/token-verifier";
import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import type { Redis } from "ioredis";
import type pg from "pg";
import type { ChatDeps } from "./chat/answer.ts";
import { chatRoutes, chatSchemas } from "./chat/routes.ts";
import { createCoachRouter } from "./coach/llm.ts";
import type { IrisConfig } from "./config.ts";
import { journalRoutes, journalSchemas } from "./journal/routes.ts";
import { IrisError, localizeErrors } from "./reasons.ts";

export interface Base {
  logger: Logger;
  metrics: Metrics;
  shutdown: Pick<Shutdown, "add">;
}

export interface IrisContext extends ChatDeps {
  config: IrisConfig;
  jwtKeys: Keyring;
  tokens: Tokens;
  redis: Redis;
  router: Router | null;
}

export interface Overrides {
  /** Iris's clock (tests move it). */
  now?: () => Date;
}

export async function createIrisContext(
  config: IrisConfig,
  base: Base,
  overrides: Overrides = {},
): Promise<IrisContext> {
  const { logger, metrics, shutdown } = base;
  const providers = providersOf(config);
  const pool: pg.Pool = createPool({
    connectionString: config.DATABASE_URL,
    applicationName: "iris",
    logger,
    max: 20,
  });
  shutdown.add("postgres", () => pool.end());
  // Iris only verifies the API's access tokens (same key set, issuer and audience); it signs none.
  const { jwtKeys, tokens } = await createTokenVerifier(config, {
    logger,
    shutdown,
    registry: metrics.registry,
  });
  const redis = createRedis(config, { role: "bullmq-queue", name: "iris", logger });
  shutdown.add("redis", () => closeRedis(redis));
  const queues = createQueues(redis, config.QUEUE_PREFIX);
  shutdown.add("queues", () => closeQueues(queues));
  const clock = { now: () => (overrides.now?.() ?? new Date()).getTime() };
  if (providers.length === 0)
    logger.info("no LLM provider configured: the coach answers from its scripted flows");
  return {
    config,
    pool,
    logger,
    jwtKeys,
    tokens,
    redis,
    queues,
    router: createCoachRouter(config, { providers, redis, registry: metrics.registry }),
    quota: createBudget({
      store: createRedisCounterStore(redis),
      limits: {
        perUserDaily: { free: config.IRIS_QUOTA_FREE_PER_DAY, premium: config.IRIS_QUOTA_PREMIUM_PER_DAY },
      },
      clock,
      prefix: config.IRIS_QUOTA_PREFIX,
    }),
    now: overrides.now ?? (() => new Date()),
  };
}

export function irisReadiness(context: IrisContext): Record<string, ReadinessCheck> {
  return {
    postgres: pgReadiness(context.pool),
    redis: redisReadiness(context.redis),
    "jwt-keys": keyringReadiness(context.jwtKeys),
  };
}

function documentation(app: FastifyInstance): Promise<void> {
  return registerOpenApi(app, {
    title: "Phoenix Iris",
    description:
      "The coach Alessio in chat (answers streamed as server-sent events; the assistant's commands work in chat) and the journal with its narrative analyzer. Access tokens are the API's.",
    schemas: [IrisError, ...chatSchemas, ...journalSchemas],
  });
}

export function irisRoutes(context: IrisContext): FastifyPluginAsync {
  return async (app) => {
    await documentation(app);
    await app.register(
      async (v1) => {
        v1.setErrorHandler(localizeErrors);
        v1.addHook("onRequest", authenticate(context.tokens));
        v1.addHook("onRequest", rejectBadToken);
        await v1.register(chatRoutes(context), { prefix: "/chat" });
        await v1.register(journalRoutes(context), { prefix: "/journal" });
      },
      { prefix: "/v1" },
    );
  };
}
