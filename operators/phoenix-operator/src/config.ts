// The operator's environment, validated at boot (the type is derived from the schema).
import Type from "typebox";
import { baseConfig } from "@phoenix/kernel/config";

export const operatorConfigSchema = Type.Object({
  ...baseConfig,
  SERVICE_NAME: Type.String({ default: "phoenix-operator" }),
  HTTP_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  /** Out of cluster: a kubeconfig path. Unset: the in-cluster ServiceAccount. */
  KUBECONFIG: Type.Optional(Type.String({ minLength: 1 })),
  /** Only reconcile this namespace; unset: all namespaces. */
  WATCH_NAMESPACE: Type.Optional(Type.String({ minLength: 1 })),
  /** Where the leader-election Lease lives (in cluster: the operator's own namespace). */
  LEADER_ELECTION_NAMESPACE: Type.String({ minLength: 1, default: "phoenix-system" }),
  LEADER_ELECTION_LEASE: Type.String({ minLength: 1, default: "phoenix-operator" }),
  LEASE_DURATION_MS: Type.Integer({ minimum: 1000, default: 15_000 }),
  RENEW_DEADLINE_MS: Type.Integer({ minimum: 500, default: 10_000 }),
  RETRY_PERIOD_MS: Type.Integer({ minimum: 100, default: 2_000 }),
  /** Comma-separated: twilionumber, keyrotation. */
  CONTROLLERS: Type.String({ default: "twilionumber,keyrotation" }),
  CONCURRENCY: Type.Integer({ minimum: 1, maximum: 512, default: 16 }),
  RESYNC_PERIOD_MS: Type.Integer({ minimum: 0, default: 600_000 }),
  /**
   * Each watch asks the API server to end it after between this and twice this many seconds
   * (randomised, so replicas do not reconnect in lockstep); it then resumes from where it was.
   */
  WATCH_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, default: 300 }),
  TWILIO_ACCOUNT_SID: Type.String({ pattern: "^AC[0-9a-fA-F]{32}$" }),
  /** An API key (SK…) with TWILIO_API_KEY_SECRET, or unset to use the auth token. */
  TWILIO_API_KEY_SID: Type.Optional(Type.String({ pattern: "^SK[0-9a-fA-F]{32}$" })),
  TWILIO_AUTH_TOKEN: Type.String({ minLength: 1 }),
  TWILIO_BASE_URL: Type.String({ format: "uri", default: "https://api.twilio.com" }),
  /** Twilio's Pricing API (monthly price of a number per country); the emulator serves it too. */
  TWILIO_PRICING_URL: Type.String({ format: "uri", default: "https://pricing.twilio.com" }),
  /** Per-account limit on Twilio calls (all reconciles share it). */
  TWILIO_RATE_PER_SECOND: Type.Number({ exclusiveMinimum: 0, default: 50 }),
  TWILIO_BURST: Type.Integer({ minimum: 1, default: 100 }),
  TWILIO_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 10_000 }),
  /** The platform's public URL (TLS ends at the gateway); numbers' webhooks point here. */
  PUBLIC_BASE_URL: Type.String({ format: "uri" }),
  SMS_WEBHOOK_PATH: Type.String({ pattern: "^/", default: "/twilio/sms" }),
  STATUS_CALLBACK_PATH: Type.String({ pattern: "^/", default: "/twilio/status" }),
});
