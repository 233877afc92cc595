import { baseConfig } from "@phoenix/kernel/config";
import { redisConfig } from "@phoenix/kernel/redis";
import { smsQuotaConfig } from "@phoenix/store";
import Type from "typebox";
import type { Static } from "typebox";

export const agentConfigSchema = Type.Object({
  ...baseConfig,
  ...redisConfig,
  SERVICE_NAME: Type.String({ default: "agent" }),
  HTTP_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8001 }),
  DATABASE_URL: Type.String({ format: "uri" }),
  QUEUE_PREFIX: Type.String({ minLength: 1, default: "phoenix" }),
  /** Inbound messages handled at once by this process. */
  CONCURRENCY: Type.Integer({ minimum: 1, maximum: 256, default: 16 }),
  /** QUOTA_FREE_PER_DAY, QUOTA_PREMIUM_PER_DAY: the SMS quota, shared with the API. */
  ...smsQuotaConfig,
  /** Optional OpenAI-compatible provider, used only for input the engine does not understand. */
  LLM_BASE_URL: Type.Optional(Type.String({ format: "uri" })),
  LLM_API_KEY: Type.Optional(Type.String()),
  LLM_MODEL: Type.String({ default: "gpt-4o-mini" }),
  LLM_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 10_000, default: 2_500 }),
});
export type AgentConfig = Static<typeof agentConfigSchema>;
