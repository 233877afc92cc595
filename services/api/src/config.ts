import { baseConfig } from "@phoenix/kernel/config";
import { redisConfig } from "@phoenix/kernel/redis";
import { smsQuotaConfig } from "@phoenix/store";
import { careerFreeConfig, irisFreeConfig } from "@phoenix/billing";
import Type from "typebox";
import type { Static } from "typebox";

const positive = (fallback: number, description?: string) =>
  Type.Integer({ minimum: 1, default: fallback, ...(description && { description }) });

export const apiConfigSchema = Type.Object({
  ...baseConfig,
  ...redisConfig,
  SERVICE_NAME: Type.String({ default: "api" }),
  HTTP_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8000 }),
  DATABASE_URL: Type.String({ format: "uri" }),
  QUEUE_PREFIX: Type.String({ minLength: 1, default: "phoenix" }),

  /** Mount directory of the KeyRotation-managed JWT key set (<dir>/keyset.json), chart contract (ADR 0022). */
  JWT_KEYSET_DIR: Type.String({ minLength: 1 }),
  /** Mount directory of the internal key set (HMAC/APIToken); encrypts TOTP secrets at rest. */
  INTERNAL_KEYSET_DIR: Type.String({ minLength: 1 }),
  KEYSET_POLL_INTERVAL_MS: Type.Integer({ minimum: 100, default: 2000 }),
  JWT_ISSUER: Type.String({ minLength: 1, default: "phoenix-api" }),
  JWT_AUDIENCE: Type.String({ minLength: 1, default: "phoenix" }),
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 900 }),
  REFRESH_TOKEN_TTL_SECONDS: positive(30 * 24 * 3600),
  /** A used refresh token presented again within this many seconds gets a successor, not a revocation (0: never). */
  REFRESH_REUSE_GRACE_SECONDS: Type.Integer({ minimum: 0, maximum: 60, default: 10 }),
  /** argon2id cost: memory in KiB (OWASP: 19 MiB, t=2, p=1 minimum). */
  ARGON2_MEMORY_KIB: Type.Integer({ minimum: 1024, default: 19_456 }),
  ARGON2_TIME_COST: Type.Integer({ minimum: 1, default: 2 }),

  /** Admin routes need a session that passed the second factor (amr otp or recovery). */
  ADMIN_REQUIRE_MFA: Type.Boolean({ default: true }),
  /** Proxies in front of the API (gateway, ingress) whose X-Forwarded-For entries are trusted; 0 = none. */
  TRUST_PROXY_HOPS: Type.Integer({ minimum: 0, maximum: 5, default: 0 }),
  /** "open": serve requests when Redis cannot decide; "closed": answer 503. */
  RATE_LIMIT_FAIL_MODE: Type.Union([Type.Literal("open"), Type.Literal("closed")], { default: "open" }),
  /** A limiter call slower than this counts as Redis unreachable. */
  RATE_LIMIT_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 250 }),
  RATE_LIMIT_PREFIX: Type.String({ minLength: 1, default: "rl" }),
  RATE_LIMIT_API_PER_MINUTE: positive(100),
  RATE_LIMIT_LOGIN_ATTEMPTS: positive(5),
  RATE_LIMIT_LOGIN_WINDOW_SECONDS: positive(15 * 60),
  /** Every /v1 request of every user and IP together, per second (a flood guard, not fairness). */
  RATE_LIMIT_GLOBAL_PER_SECOND: positive(5000),
  /** QUOTA_FREE_PER_DAY, QUOTA_PREMIUM_PER_DAY: the agent's SMS quota, reported by GET /v1/me/quota. */
  ...smsQuotaConfig,
  /** The free plan's career and coach quotas, listed in GET /v1/plans (career and iris enforce them). */
  ...careerFreeConfig,
  ...irisFreeConfig,

  /** Namespace of the users' TwilioNumber resources. */
  NUMBERS_NAMESPACE: Type.String({ minLength: 1, default: "phoenix" }),
  /** Where the KeyRotation resources of the two key sets live, and their names (chart: phoenix-jwt, phoenix-internal). */
  KEY_ROTATION_NAMESPACE: Type.String({ minLength: 1, default: "phoenix" }),
  KEY_ROTATION_JWT: Type.String({ minLength: 1, default: "phoenix-jwt" }),
  KEY_ROTATION_INTERNAL: Type.String({ minLength: 1, default: "phoenix-internal" }),
  /** Default: in-cluster ServiceAccount, or $KUBECONFIG / ~/.kube/config. */
  KUBECONFIG: Type.Optional(Type.String({ minLength: 1 })),

  /** Billing is off (routes answer 503) until a secret key is set. */
  STRIPE_SECRET_KEY: Type.Optional(Type.String({ minLength: 1 })),
  STRIPE_WEBHOOK_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  /** Default Stripe's own API; the emulator's URL in tests. */
  STRIPE_API_URL: Type.Optional(Type.String({ format: "uri" })),
  STRIPE_PREMIUM_PRICE_ID: Type.Optional(Type.String({ minLength: 1 })),
  /** Where Checkout and the Customer Portal send the user back. */
  PUBLIC_APP_URL: Type.String({ format: "uri", default: "http://localhost:3000" }),
  /**
   * Origins (comma-separated, e.g. "http://127.0.0.1:8080") whose pages may use the refresh cookie,
   * besides the request's own host and PUBLIC_APP_URL's origin (ADR 0049).
   */
  WEB_ORIGINS: Type.String({ default: "" }),
  /** Checkout's and the Customer Portal's ways back, relative to PUBLIC_APP_URL (the web app's billing page). */
  BILLING_SUCCESS_PATH: Type.String({
    pattern: "^/",
    default: "/app/billing/success?session_id={CHECKOUT_SESSION_ID}",
  }),
  BILLING_CANCEL_PATH: Type.String({ pattern: "^/", default: "/app/billing/cancelled" }),
  BILLING_PORTAL_RETURN_PATH: Type.String({ pattern: "^/", default: "/app/billing" }),
  /** The free plan's currency on GET /v1/plans (ISO 4217, lower case as Stripe writes it). */
  BILLING_CURRENCY: Type.String({ pattern: "^[a-z]{3}$", default: "eur" }),
  /** How long plans and features read from Stripe are kept. */
  PLANS_CACHE_SECONDS: Type.Integer({ minimum: 0, default: 60 }),
  /** Max age of a Stripe webhook's signature timestamp. */
  STRIPE_WEBHOOK_TOLERANCE_SECONDS: positive(300),

  /** 0 turns the API's retention timer off (e.g. when a CronJob runs it). */
  RETENTION_INTERVAL_MS: Type.Integer({ minimum: 0, default: 3_600_000 }),
  RETENTION_MESSAGES_DAYS: positive(365),
  RETENTION_EVENTS_DAYS: positive(180),
  RETENTION_TOKENS_DAYS: positive(30),
  RETENTION_AUDIT_DAYS: positive(730),
  RETENTION_STRIPE_EVENTS_DAYS: positive(90),
});
export type ApiConfig = Static<typeof apiConfigSchema>;
