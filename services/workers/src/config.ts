import { baseConfig } from "@phoenix/kernel/config";
import { redisConfig } from "@phoenix/kernel/redis";
import Type from "typebox";
import type { Static } from "typebox";

export const workersConfigSchema = Type.Object({
  ...baseConfig,
  ...redisConfig,
  SERVICE_NAME: Type.String({ default: "workers" }),
  HTTP_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8002 }),
  DATABASE_URL: Type.String({ format: "uri" }),
  QUEUE_PREFIX: Type.String({ minLength: 1, default: "phoenix" }),
  OUTBOUND_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 256, default: 16 }),
  TWILIO_ACCOUNT_SID: Type.String({ pattern: "^AC[0-9a-fA-F]{32}$" }),
  /** An API key SID (SK…) with TWILIO_AUTH_TOKEN as its secret, or unset for the account's auth token. */
  TWILIO_API_KEY_SID: Type.Optional(Type.String({ pattern: "^SK[0-9a-fA-F]{32}$" })),
  TWILIO_AUTH_TOKEN: Type.String({ minLength: 1 }),
  TWILIO_BASE_URL: Type.String({ format: "uri", default: "https://api.twilio.com" }),
  TWILIO_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 10_000 }),
  /** Where Twilio posts delivery status callbacks: PUBLIC_BASE_URL + STATUS_CALLBACK_PATH. */
  PUBLIC_BASE_URL: Type.String({ format: "uri" }),
  STATUS_CALLBACK_PATH: Type.String({ pattern: "^/", default: "/twilio/status" }),
  /** How often the sweeper and the event processor run. */
  SWEEP_INTERVAL_MS: Type.Integer({ minimum: 200, default: 5_000 }),
  /** An inbound message without a reply after this long is handed to the agent again. */
  REPLY_DEADLINE_MS: Type.Integer({ minimum: 1_000, default: 20_000 }),
  /** Nudges per user per local day, across kinds. */
  NUDGES_PER_DAY: Type.Integer({ minimum: 0, default: 2 }),
  /** "kubernetes": mirror TwilioNumber CRs into phone_numbers; "off": something else keeps the table. */
  NUMBER_SYNC: Type.Union([Type.Literal("kubernetes"), Type.Literal("off")], { default: "off" }),
  /** Namespace whose TwilioNumbers are mirrored; unset = all namespaces. */
  NUMBER_SYNC_NAMESPACE: Type.Optional(Type.String({ minLength: 1 })),
  /** Where the mirror's Lease lives (in a cluster: the workers' own namespace); one replica writes. */
  NUMBER_SYNC_LEASE_NAMESPACE: Type.String({ minLength: 1, default: "phoenix-system" }),
  NUMBER_SYNC_LEASE: Type.String({ minLength: 1, default: "phoenix-number-mirror" }),
  /** Every TwilioNumber is applied again this often (drift repair). */
  NUMBER_SYNC_RESYNC_MS: Type.Integer({ minimum: 1_000, default: 300_000 }),
  KUBECONFIG: Type.Optional(Type.String({ minLength: 1 })),
});
export type WorkersConfig = Static<typeof workersConfigSchema>;
