import { baseConfig } from "@phoenix/kernel/config";
import { redisConfig } from "@phoenix/kernel/redis";
import { tokenVerifierConfig } from "@phoenix/kernel/token-verifier";
import { careerFreeConfig } from "@phoenix/billing";
import { llmConfig } from "@phoenix/llm";
import Type from "typebox";
import type { Static } from "typebox";

export const careerConfigSchema = Type.Object({
  ...baseConfig,
  ...redisConfig,
  SERVICE_NAME: Type.String({ default: "career" }),
  /** cdk8s/src/ports.ts: career is 8006. */
  HTTP_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8006 }),
  DATABASE_URL: Type.String({ format: "uri" }),

  /** The API's JWT key set, issuer and audience: career verifies the API's access tokens. */
  ...tokenVerifierConfig,

  /** The free plan, per calendar month (UTC); Stripe's entitlements raise it (ADR 0082). */
  ...careerFreeConfig,
  CAREER_QUOTA_PREFIX: Type.String({ minLength: 1, default: "career:quota" }),
  /** "open": serve when Redis cannot count; "closed": refuse with 503. */
  CAREER_QUOTA_FAIL_MODE: Type.Union([Type.Literal("open"), Type.Literal("closed")], { default: "closed" }),
  CAREER_QUOTA_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 250 }),

  /**
   * Stripe, read for the user's entitlements (ADR 0082) with the API's key (read-only use). Without
   * a key every user has the free plan's entitlements. STRIPE_API_URL: default Stripe's API (the
   * emulator's URL locally).
   */
  STRIPE_SECRET_KEY: Type.Optional(Type.String({ minLength: 1 })),
  STRIPE_API_URL: Type.Optional(Type.String({ format: "uri" })),
  /** How long a user's entitlements and Stripe's features are kept per replica. */
  CAREER_ENTITLEMENTS_CACHE_SECONDS: Type.Integer({ minimum: 0, default: 60 }),
  /** Each Stripe read's timeout (no retry): past it, the free plan's entitlements apply. */
  CAREER_STRIPE_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 2000 }),

  /**
   * The optional rewrite of a letter through the LLM gateway (packages/llm config.ts): providers in
   * order, timeouts, daily token budgets; no provider, no rewrite.
   */
  ...llmConfig({ maxTokens: 1024 }),
});
export type CareerConfig = Static<typeof careerConfigSchema>;
