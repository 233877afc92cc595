// The gateway's configuration as environment variables, the same in every service that calls a
// model (iris's coach, career's letter rewrite): the providers in order, the timeouts, the most
// tokens an answer may have, the per-user daily token budget by plan. A service spreads
// llmConfig(...) into its config schema and builds its router with routerFromConfig.
import type { Registry } from "prom-client";
import Type from "typebox";
import type { Static } from "typebox";
import Value from "typebox/value";
import { createBudget } from "./budget.ts";
import type { ProviderConfig } from "./providers.ts";
import { createRedisCounterStore } from "./redis-counters.ts";
import type { RedisEval } from "./redis-counters.ts";
import { createRouter } from "./router.ts";
import type { Router } from "./router.ts";

const positive = (fallback: number) => Type.Integer({ minimum: 1, default: fallback });

/** The LLM_* variables; `maxTokens` is the service's default answer size. */
export function llmConfig(defaults: { maxTokens: number }) {
  return {
    /**
     * The providers, a JSON array tried in order (ProviderConfig: name, kind local|cloud, baseURL,
     * apiKey, model, costPer1k {input, output}, optional firstTokenMs); empty: no model is called.
     */
    LLM_PROVIDERS: Type.String({ default: "[]" }),
    LLM_FIRST_TOKEN_MS: Type.Integer({ minimum: 50, default: 4000 }),
    LLM_TOTAL_MS: Type.Integer({ minimum: 100, default: 60_000 }),
    LLM_MAX_TOKENS: Type.Integer({ minimum: 16, maximum: 8192, default: defaults.maxTokens }),
    /** LLM tokens a day per user, by plan, reserved by the router before any call. */
    LLM_TOKENS_FREE_PER_DAY: positive(20_000),
    LLM_TOKENS_PREMIUM_PER_DAY: positive(200_000),
  };
}

const _llmConfigSchema = Type.Object(llmConfig({ maxTokens: 512 }));
export type LlmConfig = Static<typeof _llmConfigSchema>;

const ProviderSchema = Type.Object({
  name: Type.String({ minLength: 1 }),
  kind: Type.Union([Type.Literal("local"), Type.Literal("cloud")]),
  baseURL: Type.String({ minLength: 1 }),
  apiKey: Type.String(),
  model: Type.String({ minLength: 1 }),
  costPer1k: Type.Object({ input: Type.Number({ minimum: 0 }), output: Type.Number({ minimum: 0 }) }),
  firstTokenMs: Type.Optional(Type.Integer({ minimum: 1 })),
});
const ProvidersSchema = Type.Array(ProviderSchema);

/** LLM_PROVIDERS parsed and checked; a wrong value fails the boot with what is wrong. */
export function providersOf(config: Pick<LlmConfig, "LLM_PROVIDERS">): ProviderConfig[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(config.LLM_PROVIDERS);
  } catch {
    throw new Error("LLM_PROVIDERS must be a JSON array of providers");
  }
  if (!Value.Check(ProvidersSchema, parsed)) {
    const [first] = Value.Errors(ProvidersSchema, parsed);
    throw new Error(`LLM_PROVIDERS: ${first ? `${first.instancePath} ${first.message}` : "invalid"}`);
  }
  return parsed.map((provider) => ({ ...provider }));
}

/**
 * One task routed over every provider in order, with the configured timeouts and the per-user daily
 * token budget counted in Redis under `budgetPrefix`; null when no provider is configured.
 */
export function routerFromConfig(
  config: LlmConfig,
  deps: {
    providers: readonly ProviderConfig[];
    task: string;
    redis: RedisEval;
    registry: Registry;
    budgetPrefix: string;
  },
): Router | null {
  if (deps.providers.length === 0) return null;
  return createRouter({
    providers: deps.providers,
    routes: { [deps.task]: deps.providers.map((provider) => provider.name) },
    firstTokenMs: config.LLM_FIRST_TOKEN_MS,
    totalMs: config.LLM_TOTAL_MS,
    maxTokens: config.LLM_MAX_TOKENS,
    registry: deps.registry,
    budget: createBudget({
      store: createRedisCounterStore(deps.redis),
      limits: {
        perUserDaily: { free: config.LLM_TOKENS_FREE_PER_DAY, premium: config.LLM_TOKENS_PREMIUM_PER_DAY },
      },
      clock: { now: () => Date.now() },
      prefix: deps.budgetPrefix,
    }),
  });
}
