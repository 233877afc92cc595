// Builds career: its resources from config (createCareerContext) and its routes (careerRoutes).
// The server wires them into the kernel's startService; tests build exactly the same.
import { authenticate, rejectBadToken } from "@phoenix/kernel/access-guard";
import { createPool, pgReadiness } from "@phoenix/kernel/db";
import type { ReadinessCheck } from "@phoenix/kernel/http";
import type { Logger } from "@phoenix/kernel/log";
import type { Metrics } from "@phoenix/kernel/metrics";
import { closeRedis, createRedis, redisReadiness } from "@phoenix/kernel/redis";
import type { Shutdown } from "@phoenix/kernel/shutdown";
import { registerOpenApi } from "@phoenix/kernel/openapi";
import { createTokenVerifier, keyringReadiness } from "@phoenix/kernel/token-verifier";
import { providersOf, routerFromConfig } from "@phoenix/llm";
import { createCatalogue, stripeClient } from "@phoenix/billing";
import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import type { CareerConfig } from "./config.ts";
import type { CareerContext } from "./context.ts";
import { cvRoutes, cvSchemas } from "./cv/routes.ts";
import { letterExportRoutes } from "./letters/export.ts";
import { REWRITE_TASK, routerRewriter } from "./letters/rewrite.ts";
import { letterRoutes, letterSchemas } from "./letters/routes.ts";
import { offerRoutes, offerSchemas } from "./offers/routes.ts";
import { exportRoutes } from "./render/routes.ts";
import { uploadRoutes } from "./upload/routes.ts";
import { createQuota, QuotaState } from "./quota.ts";
import { billingStateOf, createEntitlements } from "./entitlements.ts";
import { CareerError, localizeErrors } from "./reasons.ts";

export interface Base {
  logger: Logger;
  metrics: Metrics;
  shutdown: Pick<Shutdown, "add">;
}

export interface Overrides {
  /** Career's clock (tests move it, e.g. into next month). */
  now?: () => Date;
}

export async function createCareerContext(
  config: CareerConfig,
  base: Base,
  overrides: Overrides = {},
): Promise<CareerContext> {
  const { logger, shutdown } = base;
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    applicationName: "career",
    logger,
    max: 10,
  });
  shutdown.add("postgres", () => pool.end());
  // Career only verifies the API's access tokens (same key set, issuer and audience); it signs none.
  const { jwtKeys, tokens } = await createTokenVerifier(config, {
    logger,
    shutdown,
    registry: base.metrics.registry,
  });
  const redis = createRedis(config, { role: "client", name: "career", logger });
  shutdown.add("redis", () => closeRedis(redis));
  const now = overrides.now ?? (() => new Date());
  const router = routerFromConfig(config, {
    providers: providersOf(config),
    task: REWRITE_TASK,
    redis,
    registry: base.metrics.registry,
    budgetPrefix: "career:llm-budget",
  });
  if (router === null) logger.info("no LLM provider configured: letters are not rewritten");
  return {
    config,
    pool,
    logger,
    jwtKeys,
    tokens,
    redis,
    quota: createQuota({
      redis,
      prefix: config.CAREER_QUOTA_PREFIX,
      failMode: config.CAREER_QUOTA_FAIL_MODE,
      timeoutMs: config.CAREER_QUOTA_TIMEOUT_MS,
      now,
    }),
    entitlements: entitlementsOf(config, pool, logger),
    rewriter: router && routerRewriter(router),
    now,
  };
}

/** The free plan's letters and CVs raised by Stripe's entitlements; the free plan alone without Stripe. */
function entitlementsOf(config: CareerConfig, pool: CareerContext["pool"], logger: Logger) {
  const free = {
    letters: { limit: config.CAREER_FREE_LETTERS_PER_MONTH, period: "month" as const },
    cv: { limit: config.CAREER_FREE_CVS_PER_MONTH, period: "month" as const },
  };
  const cacheMs = config.CAREER_ENTITLEMENTS_CACHE_SECONDS * 1000;
  if (!config.STRIPE_SECRET_KEY)
    logger.warn("STRIPE_SECRET_KEY is not set: every user has the free plan's letters and CVs");
  const catalogue =
    config.STRIPE_SECRET_KEY === undefined
      ? undefined
      : createCatalogue({
          stripe: stripeClient(config.STRIPE_SECRET_KEY, config.STRIPE_API_URL),
          freeEntitlements: free,
          // Career lists no plans: the free plan's currency is never shown.
          currency: "eur",
          cacheMs,
          requestOptions: { timeout: config.CAREER_STRIPE_TIMEOUT_MS, maxNetworkRetries: 0 },
        });
  return createEntitlements({ billingOf: billingStateOf(pool), logger, catalogue, free, cacheMs });
}

export function careerReadiness(context: CareerContext): Record<string, ReadinessCheck> {
  return {
    postgres: pgReadiness(context.pool),
    redis: redisReadiness(context.redis),
    "jwt-keys": keyringReadiness(context.jwtKeys),
  };
}

function documentation(app: FastifyInstance): Promise<void> {
  return registerOpenApi(app, {
    title: "Phoenix Career",
    description:
      "CVs (JSON Resume in and out), Mirror Match (a job offer against a CV: an explained score, matched and missing keywords, advice) and cover letters from templates that state only the CV's facts. Access tokens are the API's.",
    schemas: [CareerError, QuotaState, ...cvSchemas, ...offerSchemas, ...letterSchemas],
  });
}

export function careerRoutes(context: CareerContext): FastifyPluginAsync {
  return async (app) => {
    await documentation(app);
    await app.register(
      async (v1) => {
        v1.setErrorHandler(localizeErrors);
        v1.addHook("onRequest", authenticate(context.tokens));
        v1.addHook("onRequest", rejectBadToken);
        await v1.register(cvRoutes(context), { prefix: "/cv" });
        await v1.register(exportRoutes(context), { prefix: "/cv" });
        await v1.register(uploadRoutes(context), { prefix: "/cv" });
        await v1.register(offerRoutes(context), { prefix: "/job-offers" });
        await v1.register(letterRoutes(context), { prefix: "/letters" });
        await v1.register(letterExportRoutes(context), { prefix: "/letters" });
      },
      { prefix: "/v1" },
    );
  };
}
