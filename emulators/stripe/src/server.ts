// Entry point: configuration from the environment, then the app from app.ts on HOST:PORT.
//   PORT             default 12111 (stripe-mock's port; 0 picks a free one, logged)
//   HOST             default 0.0.0.0 (in a pod probes need it; the control API has no auth, so
//                    expose the port only to the platform's own network)
//   SECRET_KEY       default sk_test_emulator_0000000000000000000000 (the only key accepted)
//   PUBLIC_BASE_URL  the emulator's URL as browsers reach it (checkout/portal URLs); default Host
//   WEBHOOK_URL      optional: an endpoint registered at start (and after every reset) …
//   WEBHOOK_SECRET   … signing with this whsec_… (default a fresh one, logged) …
//   WEBHOOK_EVENTS   … for these comma-separated event types (default *)
//   WEBHOOK_RETRY_DELAYS_MS  comma-separated waits between attempts; default 1000,4000,16000
//   WEBHOOK_TIMEOUT_MS default 10000; LOG_LEVEL default info
import { loadConfig, logLevels } from "@phoenix/kernel/config";
import { listen } from "@phoenix/kernel/http";
import { createLogger } from "@phoenix/kernel/log";
import { createShutdown } from "@phoenix/kernel/shutdown";
import Type from "typebox";
import { DEFAULT_RETRY_DELAYS_MS, SERVICE_NAME, buildApp } from "./app.ts";
import { DEFAULT_SECRET_KEY, createState } from "./state.ts";

const configSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 12111 }),
  HOST: Type.String({ minLength: 1, default: "0.0.0.0" }),
  SECRET_KEY: Type.String({ pattern: "^sk_test_", default: DEFAULT_SECRET_KEY }),
  PUBLIC_BASE_URL: Type.Optional(Type.String({ pattern: "^https?://" })),
  WEBHOOK_URL: Type.Optional(Type.String({ pattern: "^https?://" })),
  WEBHOOK_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  WEBHOOK_EVENTS: Type.String({ minLength: 1, default: "*" }),
  WEBHOOK_RETRY_DELAYS_MS: Type.String({
    pattern: "^(\\d+(,\\d+)*)?$",
    default: DEFAULT_RETRY_DELAYS_MS.join(","),
  }),
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 10_000 }),
  LOG_LEVEL: Type.Union(
    logLevels.map((level) => Type.Literal(level)),
    { default: "info" },
  ),
});

const config = loadConfig(configSchema);
const logger = createLogger({ name: SERVICE_NAME, level: config.LOG_LEVEL });
const shutdown = createShutdown({ logger, timeoutMs: 5000 });
shutdown.install();

const seedEndpoint = config.WEBHOOK_URL && {
  url: config.WEBHOOK_URL,
  enabledEvents: config.WEBHOOK_EVENTS.split(",").map((event) => event.trim()),
  ...(config.WEBHOOK_SECRET ? { secret: config.WEBHOOK_SECRET } : {}),
};
const state = createState({
  secretKey: config.SECRET_KEY,
  webhookEndpoints: seedEndpoint ? [seedEndpoint] : [],
});
const app = buildApp({
  state,
  logger,
  shutdown,
  webhookRetryDelaysMs: config.WEBHOOK_RETRY_DELAYS_MS.split(",").filter(Boolean).map(Number),
  webhookTimeoutMs: config.WEBHOOK_TIMEOUT_MS,
  ...(config.PUBLIC_BASE_URL ? { publicBaseUrl: config.PUBLIC_BASE_URL } : {}),
});
shutdown.add("http", () => app.close());

const address = await listen(app, { host: config.HOST, port: config.PORT });
const endpoints = [...state.webhookEndpoints.values()].map(({ endpoint, secret }) => ({
  url: endpoint.url,
  secret,
}));
logger.info(
  { address, publicBaseUrl: config.PUBLIC_BASE_URL ?? address, webhookEndpoints: endpoints },
  "stripe emulator listening: new Stripe(SECRET_KEY, { host, port, protocol: 'http' }); control API under /_control",
);
