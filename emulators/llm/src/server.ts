// Entry point: configuration from the environment, then the app from app.ts on HOST:PORT.
//   PORT      default 26496 (tools/ports.env's LLM_LOCAL_EMULATOR_PORT; the "cloud" instance of
//             make demo runs a second process on LLM_CLOUD_EMULATOR_PORT); 0 picks a free one
//   HOST      default 0.0.0.0 (in a pod probes need it; the control API has no auth, so expose
//             the port only to the platform's own network)
//   API_KEY   the only key accepted as Bearer; "none" accepts any key or none (like Ollama);
//             default sk-emulator-0000000000000000
//   MODELS    comma-separated model ids; default phoenix-local-small,phoenix-cloud-large
//   LOG_LEVEL default info
import { loadConfig, logLevels } from "@phoenix/kernel/config";
import { listen } from "@phoenix/kernel/http";
import { createLogger } from "@phoenix/kernel/log";
import { createShutdown } from "@phoenix/kernel/shutdown";
import Type from "typebox";
import { SERVICE_NAME, buildApp } from "./app.ts";
import { DEFAULT_API_KEY, DEFAULT_MODELS, createState } from "./state.ts";

const configSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 26496 }),
  HOST: Type.String({ minLength: 1, default: "0.0.0.0" }),
  API_KEY: Type.String({ minLength: 1, default: DEFAULT_API_KEY }),
  MODELS: Type.String({ pattern: "^[^,]+(,[^,]+)*$", default: DEFAULT_MODELS.join(",") }),
  LOG_LEVEL: Type.Union(
    logLevels.map((level) => Type.Literal(level)),
    { default: "info" },
  ),
});

const config = loadConfig(configSchema);
const logger = createLogger({ name: SERVICE_NAME, level: config.LOG_LEVEL });
const shutdown = createShutdown({ logger, timeoutMs: 5000 });
shutdown.install();

const state = createState({
  apiKey: config.API_KEY === "none" ? null : config.API_KEY,
  models: config.MODELS.split(",").map((model) => model.trim()),
});
const app = buildApp({ state, logger, shutdown });
shutdown.add("http", () => app.close());

const address = await listen(app, { host: config.HOST, port: config.PORT });
logger.info(
  { address, models: state.seed.models, apiKeyRequired: state.seed.apiKey !== null },
  "llm emulator listening: new OpenAI({ baseURL: `${address}/v1`, apiKey }); control API under /_control",
);
