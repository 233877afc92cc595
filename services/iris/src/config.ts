import { baseConfig } from "@phoenix/kernel/config";
import { redisConfig } from "@phoenix/kernel/redis";
import { tokenVerifierConfig } from "@phoenix/kernel/token-verifier";
import { irisFreeConfig } from "@phoenix/billing";
import { llmConfig } from "@phoenix/llm";
import Type from "typebox";
import type { Static } from "typebox";

const positive = (fallback: number) => Type.Integer({ minimum: 1, default: fallback });

export const irisConfigSchema = Type.Object({
  ...baseConfig,
  ...redisConfig,
  SERVICE_NAME: Type.String({ default: "iris" }),
  HTTP_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8005 }),
  DATABASE_URL: Type.String({ format: "uri" }),
  /** The BullMQ queues' prefix, the agent's and the workers' own: a reminder set in chat fires by SMS. */
  QUEUE_PREFIX: Type.String({ minLength: 1, default: "phoenix" }),

  /** The API's JWT key set, issuer and audience: iris verifies the API's access tokens. */
  ...tokenVerifierConfig,

  /** Chat messages a day per plan (UTC day), counted in Redis before anything is written. */
  ...irisFreeConfig,
  IRIS_QUOTA_PREMIUM_PER_DAY: positive(500),
  IRIS_QUOTA_PREFIX: Type.String({ minLength: 1, default: "iris:quota" }),

  /** The coach's LLM providers, timeouts and daily token budgets (packages/llm config.ts). */
  ...llmConfig({ maxTokens: 512 }),
});
export type IrisConfig = Static<typeof irisConfigSchema>;
