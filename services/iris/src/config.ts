import { baseConfig } from "@phoenix/kernel/config";
import { redisConfig } from "@phoenix/kernel/redis";
import type { ProviderConfig } from "@phoenix/llm";
import Type from "typebox";
import type { Static } from "typebox";
import Value from "typebox/value";

const positive = (fallback: number) => Type.Integer({ minimum: 1, default: fallback });

export const irisConfigSchema = Type.Object({
  ...baseConfig,
  ...redisConfig,
  SERVICE_NAME: Type.String({ default: "iris" }),
  HTTP_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8005 }),
  DATABASE_URL: Type.String({ format: "uri" }),
  /** The BullMQ queues' prefix, the agent's and the workers' own: a reminder set in chat fires by SMS. */
  QUEUE_PREFIX: Type.String({ minLength: 1, default: "phoenix" }),

  /** The API's JWT key set, mounted the same way (ADR 0022): iris verifies the API's access tokens. */
  JWT_KEYSET_DIR: Type.String({ minLength: 1 }),
  KEYSET_POLL_INTERVAL_MS: Type.Integer({ minimum: 100, default: 2000 }),
  JWT_ISSUER: Type.String({ minLength: 1, default: "phoenix-api" }),
  JWT_AUDIENCE: Type.String({ minLength: 1, default: "phoenix" }),

  /** Chat messages a day per plan (UTC day), counted in Redis before anything is written. */
  IRIS_QUOTA_FREE_PER_DAY: positive(30),
  IRIS_QUOTA_PREMIUM_PER_DAY: positive(500),
  IRIS_QUOTA_PREFIX: Type.String({ minLength: 1, default: "iris:quota" }),

  /**
   * The coach's LLM providers, a JSON array tried in order (packages/llm ProviderConfig: name,
   * kind local|cloud, baseURL, apiKey, model, costPer1k {input, output}); empty: the coach answers
   * from its scripted flows only.
   */
  LLM_PROVIDERS: Type.String({ default: "[]" }),
  LLM_FIRST_TOKEN_MS: Type.Integer({ minimum: 50, default: 4000 }),
  LLM_TOTAL_MS: Type.Integer({ minimum: 100, default: 60_000 }),
  LLM_MAX_TOKENS: Type.Integer({ minimum: 16, maximum: 8192, default: 512 }),
  /** LLM tokens a day per user, by plan, enforced by the router before any call. */
  LLM_TOKENS_FREE_PER_DAY: positive(20_000),
  LLM_TOKENS_PREMIUM_PER_DAY: positive(200_000),
});
export type IrisConfig = Static<typeof irisConfigSchema>;

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
export function providersOf(config: Pick<IrisConfig, "LLM_PROVIDERS">): ProviderConfig[] {
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
