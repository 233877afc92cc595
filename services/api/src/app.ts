// Builds the API: its resources from config (createApiContext) and its routes (apiRoutes). The
// server wires them into the kernel's startService; tests build exactly the same and call inject.
import cookie from "@fastify/cookie";
import { createPool, pgReadiness } from "@phoenix/kernel/db";
import type { ReadinessCheck } from "@phoenix/kernel/http";
import { createKeyring } from "@phoenix/kernel/keyring";
import type { Logger } from "@phoenix/kernel/log";
import type { Metrics } from "@phoenix/kernel/metrics";
import { closeRedis, connectRedis, createRedis, redisOptions } from "@phoenix/kernel/redis";
import type { Shutdown } from "@phoenix/kernel/shutdown";
import { closeQueues, createQueues } from "@phoenix/store";
import { KubeClient } from "@phoenix/kube/kube-client";
import { loadKubeConfig } from "@phoenix/kube/kube-config";
import { registerOpenApi } from "@phoenix/kernel/openapi";
import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import type { Redis } from "ioredis";
import { createKeyRotationClient } from "./admin/key-rotations.ts";
import { eventAdminRoutes } from "./admin/events.ts";
import { adminRoutes } from "./admin/routes.ts";
import { authenticate, rejectBadToken } from "@phoenix/kernel/access-guard";
import { createMfa } from "./auth/mfa.ts";
import { mfaRoutes } from "./auth/mfa-routes.ts";
import { createPasswords } from "./auth/passwords.ts";
import { passwordRoutes } from "./auth/reauth.ts";
import { authRoutes } from "./auth/routes.ts";
import { createSecretBox } from "./auth/secret-box.ts";
import { createTokens } from "@phoenix/kernel/access-tokens";
import { freePlanEntitlements } from "@phoenix/billing";
import { billingRoutes, billingSchemas, planRoutes, webhookRoutes } from "./billing/routes.ts";
import { createBilling } from "./billing/service.ts";
import type { ApiConfig } from "./config.ts";
import { clientIp } from "./client-ip.ts";
import type { ApiContext } from "./context.ts";
import { gdprRoutes } from "./gdpr/routes.ts";
import { meRoutes, Profile } from "./me.ts";
import { NumberBody, numberRoutes } from "./numbers/routes.ts";
import { createNumberClient } from "./numbers/twilio-numbers.ts";
import type { NumberClient } from "./numbers/twilio-numbers.ts";
import { enforce } from "./rate-limit/http.ts";
import type { RateConfig } from "./rate-limit/http.ts";
import { createLimiter } from "./rate-limit/limiter.ts";
import { ErrorBody } from "./schemas.ts";
import { todayRoutes } from "./today/routes.ts";
import { todaySchemas } from "./today/view.ts";

export interface Base {
  logger: Logger;
  metrics: Metrics;
  shutdown: Pick<Shutdown, "add">;
}

export interface Overrides {
  /** The limiter's Redis (tests point it at a closed port). */
  limiterRedis?: Redis;
  numbers?: NumberClient;
  /** The API's clock (tests move it, e.g. to a user's local midnight). */
  now?: () => Date;
}

/**
 * The limiter's own connection: no offline queue and a command timeout, so while Redis is away a
 * decision fails at once and the fail mode applies, instead of requests queueing behind a reconnect.
 */
export function limiterRedis(config: ApiConfig, logger: Logger): Redis {
  const options = redisOptions(config, { role: "client", name: "api-rate-limit" });
  const tuned = {
    ...options,
    enableOfflineQueue: false,
    commandTimeout: config.RATE_LIMIT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
  };
  const redis = connectRedis(config, tuned);
  redis.on("error", (err) => {
    logger.debug({ err }, "rate-limit redis connection error");
  });
  return redis;
}

export async function createApiContext(
  config: ApiConfig,
  base: Base,
  overrides: Overrides = {},
): Promise<ApiContext> {
  const { logger, metrics, shutdown } = base;
  const pool = createPool({ connectionString: config.DATABASE_URL, applicationName: "api", logger, max: 20 });
  shutdown.add("postgres", () => pool.end());
  const keyringOptions = { logger, pollIntervalMs: config.KEYSET_POLL_INTERVAL_MS };
  // keyset="jwt" as in iris and career (token-verifier), so their signing keys compare across services.
  const jwtKeys = createKeyring({
    dir: config.JWT_KEYSET_DIR,
    ...keyringOptions,
    metrics: { registry: metrics.registry, keyset: "jwt" },
  });
  shutdown.add("jwt keyring", () => {
    jwtKeys.close();
  });
  const internalKeys = createKeyring({
    dir: config.INTERNAL_KEYSET_DIR,
    ...keyringOptions,
    metrics: { registry: metrics.registry, keyset: "internal" },
  });
  shutdown.add("internal keyring", () => {
    internalKeys.close();
  });
  await Promise.all([jwtKeys.ready, internalKeys.ready]);

  const redis = createRedis(config, { role: "bullmq-queue", name: "api", logger });
  shutdown.add("redis", () => closeRedis(redis));
  const queues = createQueues(redis, config.QUEUE_PREFIX);
  shutdown.add("queues", () => closeQueues(queues));
  const rateRedis = overrides.limiterRedis ?? limiterRedis(config, logger);
  shutdown.add("rate-limit redis", () => closeRedis(rateRedis));

  const box = createSecretBox(internalKeys, "mfa-totp");
  // Users' TwilioNumbers and the KeyRotations, on the repo's one Kubernetes client (@phoenix/kube).
  const kube = new KubeClient(loadKubeConfig(config.KUBECONFIG));
  return {
    config,
    pool,
    logger,
    metrics,
    jwtKeys,
    internalKeys,
    tokens: createTokens({
      keyring: jwtKeys,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      accessTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      registry: metrics.registry,
    }),
    passwords: createPasswords({ memoryKib: config.ARGON2_MEMORY_KIB, timeCost: config.ARGON2_TIME_COST }),
    mfa: createMfa({ pool, box, issuer: "Phoenix" }),
    limiter: createLimiter({
      redis: rateRedis,
      prefix: config.RATE_LIMIT_PREFIX,
      failMode: config.RATE_LIMIT_FAIL_MODE,
      timeoutMs: config.RATE_LIMIT_TIMEOUT_MS,
      metrics,
      limits: {
        apiPerMinute: config.RATE_LIMIT_API_PER_MINUTE,
        globalPerSecond: config.RATE_LIMIT_GLOBAL_PER_SECOND,
        loginAttempts: config.RATE_LIMIT_LOGIN_ATTEMPTS,
        loginWindowMs: config.RATE_LIMIT_LOGIN_WINDOW_SECONDS * 1000,
      },
    }),
    queues,
    numbers: overrides.numbers ?? createNumberClient(kube, config.NUMBERS_NAMESPACE),
    keyRotations: createKeyRotationClient(kube, config.KEY_ROTATION_NAMESPACE),
    billing: billingOf(config, { pool, logger, metrics }),
    now: overrides.now ?? (() => new Date()),
  };
}

function billingOf(config: ApiConfig, deps: { pool: ApiContext["pool"]; logger: Logger; metrics: Metrics }) {
  const {
    STRIPE_SECRET_KEY: secretKey,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_PREMIUM_PRICE_ID: priceId,
  } = config;
  if (!secretKey || !webhookSecret || !priceId) {
    deps.logger.warn(
      "billing is off: STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and STRIPE_PREMIUM_PRICE_ID are needed",
    );
    return undefined;
  }
  const appUrl = config.PUBLIC_APP_URL.replace(/\/+$/, "");
  return createBilling({
    ...deps,
    secretKey,
    webhookSecret,
    premiumPriceId: priceId,
    ...(config.STRIPE_API_URL && { apiUrl: config.STRIPE_API_URL }),
    // Concatenated, not resolved: Stripe fills {CHECKOUT_SESSION_ID} in, URL would escape it.
    urls: {
      success: appUrl + config.BILLING_SUCCESS_PATH,
      cancel: appUrl + config.BILLING_CANCEL_PATH,
      portalReturn: appUrl + config.BILLING_PORTAL_RETURN_PATH,
    },
    toleranceSeconds: config.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
    catalogue: {
      freeEntitlements: freePlanEntitlements(config),
      currency: config.BILLING_CURRENCY,
      cacheMs: config.PLANS_CACHE_SECONDS * 1000,
    },
  });
}

export function apiReadiness(context: ApiContext): Record<string, ReadinessCheck> {
  return {
    postgres: pgReadiness(context.pool),
    // A replica that cannot sign must not take traffic.
    // eslint-disable-next-line @typescript-eslint/require-await
    "jwt-keys": async () => {
      context.jwtKeys.signingKey();
    },
  };
}

function documentation(app: FastifyInstance): Promise<void> {
  return registerOpenApi(app, {
    title: "Phoenix API",
    description: "Accounts, numbers, Today (tasks, reminders, focus, energy), billing, GDPR and admin.",
    schemas: [ErrorBody, NumberBody, Profile, ...todaySchemas, ...billingSchemas],
  });
}

export function apiRoutes(context: ApiContext): FastifyPluginAsync {
  return async (app) => {
    await documentation(app);
    // Parses Cookie for the browser's refresh cookie (auth/browser-session.ts); nothing else reads cookies.
    await app.register(cookie);
    await app.register(webhookRoutes(context), { prefix: "/v1/billing" });
    await app.register(
      async (v1) => {
        v1.addHook("onRequest", authenticate(context.tokens));
        v1.addHook("onRequest", async (request, reply) => {
          const subject =
            request.principal?.userId ?? `ip:${clientIp(request, context.config.TRUST_PROXY_HOPS)}`;
          // A route that pages poll counts in a bucket of its own: polling never starves the user's actions.
          const { rateBucket } = request.routeOptions.config as RateConfig;
          enforce(reply, await context.limiter.api(rateBucket ? `${subject}:${rateBucket}` : subject));
        });
        v1.addHook("onRequest", rejectBadToken);
        await v1.register(authRoutes(context), { prefix: "/auth" });
        await v1.register(meRoutes(context), { prefix: "/me" });
        await v1.register(gdprRoutes(context), { prefix: "/me" });
        await v1.register(mfaRoutes(context), { prefix: "/me/mfa" });
        await v1.register(passwordRoutes(context), { prefix: "/me/password" });
        await v1.register(numberRoutes(context), { prefix: "/me/number" });
        await v1.register(todayRoutes(context), { prefix: "/today" });
        await v1.register(billingRoutes(context), { prefix: "/billing" });
        await v1.register(planRoutes(context), { prefix: "/plans" });
        await v1.register(adminRoutes(context), { prefix: "/admin" });
        await v1.register(eventAdminRoutes(context), { prefix: "/admin/events" });
      },
      { prefix: "/v1" },
    );
  };
}
