import { baseConfig } from "@phoenix/kernel/config";
import { redisConfig } from "@phoenix/kernel/redis";
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

  /** The API's JWT key set, mounted the same way (ADR 0022): iris verifies the API's access tokens. */
  JWT_KEYSET_DIR: Type.String({ minLength: 1 }),
  KEYSET_POLL_INTERVAL_MS: Type.Integer({ minimum: 100, default: 2000 }),
  JWT_ISSUER: Type.String({ minLength: 1, default: "phoenix-api" }),
  JWT_AUDIENCE: Type.String({ minLength: 1, default: "phoenix" }),

  /** Chat messages a day per plan (UTC day), counted in Redis before anything is written. */
  ...irisFreeConfig,
  IRIS_QUOTA_PREMIUM_PER_DAY: positive(500),
  IRIS_QUOTA_PREFIX: Type.String({ minLength: 1, default: "iris:quota" }),

  /** The coach's LLM providers, timeouts and daily token budgets (packages/llm config.ts). */
  ...llmConfig({ maxTokens: 512 }),
});
export type IrisConfig = Static<typeof irisConfigSchema>;
