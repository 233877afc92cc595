// Entry point: configuration from the environment, then the app from app.ts on HOST:PORT.
//   PORT            default 8099 (0 picks a free port; the address is logged)
//   HOST            default 127.0.0.1 — the control API has no authentication, keep it on loopback
//   ACCOUNT_SID     default AC00000000000000000000000000000000
//   AUTH_TOKEN      default emulator-auth-token-0000000000000 (signs every webhook)
//   API_KEY_SID, API_KEY_SECRET   optional extra credentials (SK… + secret)
//   PUBLIC_BASE_URL the emulator's URL as clients should use it (logged); default http://HOST:PORT
//   WEBHOOK_REWRITES  "https://public.example=http://127.0.0.1:8003,…": deliver, still signing the public URL
//   POOL_SIZE_PER_AREA_CODE  numbers offered in 415, 212 and 646 each; default 10000 (999 has none)
//   MESSAGE_SEND_DELAY_MS / MESSAGE_DELIVER_DELAY_MS  lifecycle steps; default 20 / 30
//   WEBHOOK_TIMEOUT_MS default 15000; LOG_LEVEL default info
import { loadConfig, logLevels } from "@phoenix/kernel/config";
import { listen } from "@phoenix/kernel/http";
import { createLogger } from "@phoenix/kernel/log";
import { createShutdown } from "@phoenix/kernel/shutdown";
import Type from "typebox";
import { SERVICE_NAME, buildApp } from "./app.ts";
import { defaultPoolSeed } from "./pool.ts";
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, createState } from "./state.ts";
import { parseRewrites } from "./webhooks.ts";

const milliseconds = (fallback: number) => Type.Integer({ minimum: 0, default: fallback });

const configSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8099 }),
  HOST: Type.String({ minLength: 1, default: "127.0.0.1" }),
  ACCOUNT_SID: Type.String({ pattern: "^AC[0-9a-fA-F]{32}$", default: DEFAULT_ACCOUNT_SID }),
  AUTH_TOKEN: Type.String({ minLength: 1, default: DEFAULT_AUTH_TOKEN }),
  API_KEY_SID: Type.Optional(Type.String({ pattern: "^SK[0-9a-fA-F]{32}$" })),
  API_KEY_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  PUBLIC_BASE_URL: Type.Optional(Type.String({ minLength: 1 })),
  WEBHOOK_REWRITES: Type.Optional(Type.String()),
  POOL_SIZE_PER_AREA_CODE: Type.Integer({ minimum: 0, maximum: 10_000, default: 10_000 }),
  MESSAGE_SEND_DELAY_MS: milliseconds(20),
  MESSAGE_DELIVER_DELAY_MS: milliseconds(30),
  WEBHOOK_TIMEOUT_MS: milliseconds(15_000),
  LOG_LEVEL: Type.Union(
    logLevels.map((level) => Type.Literal(level)),
    { default: "info" },
  ),
});

const config = loadConfig(configSchema);
const logger = createLogger({ name: SERVICE_NAME, level: config.LOG_LEVEL });
const shutdown = createShutdown({ logger, timeoutMs: 5000 });
shutdown.install();

const apiKeys: Record<string, string> =
  config.API_KEY_SID && config.API_KEY_SECRET ? { [config.API_KEY_SID]: config.API_KEY_SECRET } : {};
const state = createState({
  accountSid: config.ACCOUNT_SID,
  authToken: config.AUTH_TOKEN,
  apiKeys,
  pool: defaultPoolSeed(config.POOL_SIZE_PER_AREA_CODE),
});
const app = buildApp({
  state,
  logger,
  shutdown,
  sendDelayMs: config.MESSAGE_SEND_DELAY_MS,
  deliverDelayMs: config.MESSAGE_DELIVER_DELAY_MS,
  webhookTimeoutMs: config.WEBHOOK_TIMEOUT_MS,
  webhookRewrites: parseRewrites(config.WEBHOOK_REWRITES),
});
shutdown.add("http", () => app.close());

const address = await listen(app, { host: config.HOST, port: config.PORT });
logger.info(
  { address, publicBaseUrl: config.PUBLIC_BASE_URL ?? address, accountSid: config.ACCOUNT_SID },
  "twilio emulator listening: point Twilio clients' base URL here, control API under /_control",
);
