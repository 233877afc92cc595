import { baseConfig } from "@phoenix/kernel/config";
import { redisConfig } from "@phoenix/kernel/redis";
import Type from "typebox";
import type { Static } from "typebox";

export const routerConfigSchema = Type.Object({
  ...baseConfig,
  ...redisConfig,
  SERVICE_NAME: Type.String({ default: "sms-router" }),
  HTTP_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8003 }),
  DATABASE_URL: Type.String({ format: "uri" }),
  QUEUE_PREFIX: Type.String({ minLength: 1, default: "phoenix" }),
  /** Verifies X-Twilio-Signature; the account's auth token (or the API key's secret is NOT accepted by Twilio for webhooks). */
  TWILIO_AUTH_TOKEN: Type.String({ minLength: 1 }),
  /** Scheme + host (+ port) Twilio calls, as configured on the numbers: TLS ends at the gateway. */
  PUBLIC_BASE_URL: Type.String({ format: "uri" }),
  SMS_WEBHOOK_PATH: Type.String({ pattern: "^/", default: "/twilio/sms" }),
  STATUS_CALLBACK_PATH: Type.String({ pattern: "^/", default: "/twilio/status" }),
});
export type RouterConfig = Static<typeof routerConfigSchema>;
