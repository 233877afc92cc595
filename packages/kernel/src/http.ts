// The fastify instance every service starts from: probes, /metrics, request metrics and one
// error format ({ error, message }) that never leaks a 5xx's details.
import { STATUS_CODES } from "node:http";
import { fastify } from "fastify";
import type {
  FastifyBaseLogger,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
} from "fastify";
import type { Logger } from "./log.ts";
import { UNMATCHED_ROUTE } from "./metrics.ts";
import type { Metrics } from "./metrics.ts";

/** A dependency check for /readyz: resolves when the dependency is usable, rejects otherwise. */
export type ReadinessCheck = () => Promise<void>;

export interface HttpServerOptions extends Omit<FastifyServerOptions, "logger" | "loggerInstance"> {
  logger: Logger;
  metrics: Metrics;
  /** Named checks /readyz runs in parallel; default none (ready while alive). */
  readiness?: Record<string, ReadinessCheck>;
  /** Once it reports true, /healthz and /readyz answer 503 so the pod leaves the endpoints. */
  shutdown?: { isShuttingDown(): boolean };
  /** Per-check limit, default 2000 ms: a hung dependency must not hang the kubelet's probe. */
  readinessTimeoutMs?: number;
}

/** An error whose `code` and message are meant for the client (4xx) — throw it from handlers. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string;

  constructor(statusCode: number, code: string, message: string) {
    super(message);
    this.name = "HttpError";
    this.statusCode = statusCode;
    this.code = code;
  }
}

const probeRoutes = { logLevel: "warn" } as const;

export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const { logger, metrics, readiness = {}, shutdown, readinessTimeoutMs = 2000, ...fastifyOptions } = options;
  // Widened to fastify's base logger so services get the plain FastifyInstance type back.
  const loggerInstance: FastifyBaseLogger = logger;
  const app = fastify({ ...fastifyOptions, loggerInstance });
  const shuttingDown = () => shutdown?.isShuttingDown() ?? false;

  app.get("/healthz", probeRoutes, async (_request, reply) =>
    shuttingDown() ? reply.code(503).send({ status: "shutting down" }) : reply.send({ status: "ok" }),
  );
  app.get("/readyz", probeRoutes, async (_request, reply) => {
    if (shuttingDown()) return reply.code(503).send({ status: "shutting down", checks: {} });
    const { ready, checks } = await runChecks(readiness, readinessTimeoutMs);
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not ready", checks });
  });
  app.get("/metrics", probeRoutes, async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );

  app.addHook("onResponse", async (request, reply) => recordRequest(metrics, request, reply));
  // A keep-alive connection that finishes its request after close() began would hold the server
  // open until the keep-alive timeout: tell the client to hang up instead.
  app.addHook("onSend", async (_request, reply) => {
    if (shuttingDown()) reply.header("connection", "close");
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: "not_found", message: `Route ${request.method} ${request.url} not found` }),
  );
  return app;
}

export async function listen(
  app: FastifyInstance,
  { host, port }: { host: string; port: number },
): Promise<string> {
  return app.listen({ host, port });
}

function recordRequest(metrics: Metrics, request: FastifyRequest, reply: FastifyReply): void {
  const labels = {
    method: request.method,
    route: request.routeOptions.url ?? UNMATCHED_ROUTE,
    status_code: String(reply.statusCode),
  };
  metrics.httpRequests.inc(labels);
  metrics.httpRequestDuration.observe(labels, reply.elapsedTime / 1000);
}

async function runChecks(
  readiness: Record<string, ReadinessCheck>,
  timeoutMs: number,
): Promise<{ ready: boolean; checks: Record<string, string> }> {
  const names = Object.keys(readiness);
  const outcomes = await Promise.allSettled(names.map((name) => withTimeout(readiness[name]!, timeoutMs)));
  const checks: Record<string, string> = {};
  outcomes.forEach((outcome, index) => {
    checks[names[index]!] = outcome.status === "fulfilled" ? "ok" : errorMessage(outcome.reason);
  });
  return { ready: outcomes.every((outcome) => outcome.status === "fulfilled"), checks };
}

async function withTimeout(check: ReadinessCheck, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function errorMessage(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const statusCode = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
  if (statusCode >= 500) {
    request.log.error(
      { err: error, method: request.method, url: request.url, route: request.routeOptions.url },
      "request failed",
    );
    return reply
      .code(statusCode)
      .send({ error: errorCode(statusCode), message: STATUS_CODES[statusCode] ?? "Server Error" });
  }
  return reply.code(statusCode).send({ error: clientErrorCode(error, statusCode), message: error.message });
}

function clientErrorCode(error: FastifyError, statusCode: number): string {
  if (error instanceof HttpError) return error.code;
  if (error.validation) return "validation_error";
  return errorCode(statusCode);
}

// "Internal Server Error" → "internal_error"; otherwise the status text in snake_case.
function errorCode(statusCode: number): string {
  if (statusCode === 500) return "internal_error";
  return (STATUS_CODES[statusCode] ?? "error").toLowerCase().replace(/[^a-z0-9]+/g, "_");
}
