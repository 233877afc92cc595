// One call that turns a service's env schema and its setup into a running process:
// config → tracing → logger → metrics → shutdown → the service's resources → HTTP → listen.
// A service's server.ts is then a few lines; its app/plugins stay testable without it.
import path from "node:path";
import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import type { Static, TObject } from "typebox";
import { baseConfig, loadConfig } from "./config.ts";
import type { BaseConfig } from "./config.ts";
import { createHttpServer, listen } from "./http.ts";
import type { ReadinessCheck } from "./http.ts";
import { createLogger } from "./log.ts";
import type { Logger } from "./log.ts";
import { createMetrics } from "./metrics.ts";
import type { Metrics } from "./metrics.ts";
import { createShutdown } from "./shutdown.ts";
import type { Shutdown } from "./shutdown.ts";
import { startTracing } from "./tracing.ts";

export interface ServiceContext<C> {
  config: C;
  logger: Logger;
  metrics: Metrics;
  /** Register each resource's cleanup right after creating it; they close in reverse order. */
  shutdown: Shutdown;
}

export interface ServiceParts {
  /** Checks for /readyz, e.g. `{ postgres: pgReadiness(pool) }`. */
  readiness?: Record<string, ReadinessCheck>;
  /** The service's routes, registered on the kernel's fastify instance. */
  routes?: FastifyPluginAsync;
}

export interface ServiceDefinition<S extends TObject> {
  /** `Type.Object({ ...baseConfig, ...yours })`. */
  schema: S;
  /** Default process.env. */
  env?: Record<string, string | undefined>;
  /** Creates the service's resources; runs after tracing and logging are up. */
  setup: (context: ServiceContext<Static<S>>) => Promise<ServiceParts> | ServiceParts;
  /** Default process.exit (for tests). */
  exit?: (code: number) => void;
}

export interface RunningService<C> extends ServiceContext<C> {
  app: FastifyInstance;
  address: string;
}

export async function startService<S extends TObject>(
  definition: ServiceDefinition<S>,
): Promise<RunningService<Static<S>>> {
  const { schema, env = process.env, setup, exit } = definition;
  const missing = Object.keys(baseConfig).filter((key) => !(key in schema.properties));
  if (missing.length > 0)
    throw new Error(`service schema must spread baseConfig; missing ${missing.join(", ")}`);
  const config = loadConfig(schema, env);
  const base = config as unknown as BaseConfig;

  const tracing = startTracing({
    serviceName: base.SERVICE_NAME,
    endpoint: base.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  const logger = createLogger({
    name: base.SERVICE_NAME,
    level: base.LOG_LEVEL,
    file: base.LOG_DIR && path.join(base.LOG_DIR, `${base.SERVICE_NAME}.log`),
  });
  const metrics = createMetrics({ service: base.SERVICE_NAME });
  const shutdown = createShutdown({ logger, timeoutMs: base.SHUTDOWN_TIMEOUT_MS, ...(exit && { exit }) });
  shutdown.install();
  // Registered first so it runs last: spans from the other hooks still get exported.
  shutdown.add("tracing", () => tracing.shutdown());

  const context: ServiceContext<Static<S>> = { config, logger, metrics, shutdown };
  try {
    const parts = await setup(context);
    const app = createHttpServer({ logger, metrics, readiness: parts.readiness ?? {}, shutdown });
    if (parts.routes) await app.register(parts.routes);
    // Registered last so it runs first: stop taking requests before their dependencies close.
    shutdown.add("http server", () => app.close());
    const address = await listen(app, { host: base.HTTP_HOST, port: base.HTTP_PORT });
    logger.info({ address }, "service started");
    return { ...context, app, address };
  } catch (err) {
    logger.fatal({ err }, "service failed to start");
    throw err;
  }
}
