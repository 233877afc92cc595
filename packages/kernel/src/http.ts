// The fastify instance every service starts from: probes, /metrics, request metrics and one
// error format ({ error, message }) that never leaks a 5xx's details. A client's mistake — a body
// fastify cannot parse, a Content-Type nobody accepts, a field of the wrong type, a NUL — is a 4xx
// logged at info; only a fault of ours is a 5xx (docs/decisions/0044).
import { STATUS_CODES } from "node:http";
import { fastify } from "fastify";
import { Gauge } from "prom-client";
import type { Registry } from "prom-client";
import type {
  FastifyBaseLogger,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
  onRequestAsyncHookHandler,
  preValidationHookHandler,
  RouteOptions,
} from "fastify";
import { isJsonMediaType, jsonTypeMismatch, nulPath } from "./client-input.ts";
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

/**
 * The language a client reads, fr or en, from Accept-Language in its order of preference (q
 * values aside); French when neither is asked for: Phoenix's users read French first.
 */
export function requestLanguage(request: Pick<FastifyRequest, "headers">): "fr" | "en" {
  for (const part of (request.headers["accept-language"] ?? "").split(",")) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === "fr" || tag === "en") return tag;
  }
  return "fr";
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
  const app = fastify({
    ...fastifyOptions,
    // A URL fastify cannot decode gets the same error format as everything else.
    frameworkErrors: (error, request, reply) => void handleError(error, request, reply),
    loggerInstance,
  });
  // JSON unless a service adds a parser: fastify's default text/plain parser would hand a route a
  // string it never asked for (and run a body-less DELETE on whatever was posted as text).
  app.removeContentTypeParser("text/plain");
  // First, so every route gets it, the kernel's own included.
  app.addHook("onRoute", checkClientInput);
  const shuttingDown = () => shutdown?.isShuttingDown() ?? false;
  const checkUp = readinessGauge(metrics.registry);

  app.get("/healthz", probeRoutes, async (_request, reply) =>
    shuttingDown() ? reply.code(503).send({ status: "shutting down" }) : reply.send({ status: "ok" }),
  );
  app.get("/readyz", probeRoutes, async (_request, reply) => {
    if (shuttingDown()) return reply.code(503).send({ status: "shutting down", checks: {} });
    const { ready, checks } = await runChecks(readiness, readinessTimeoutMs);
    for (const [name, detail] of Object.entries(checks))
      checkUp.set({ check: name }, detail === "ok" ? 1 : 0);
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not ready", checks });
  });
  app.get("/metrics", probeRoutes, async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );

  app.addHook("onResponse", async (request, reply) => {
    recordRequest(metrics, request, reply);
  });
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

/**
 * Adds, ahead of every route's own preValidation hooks, the checks of client-input.ts: no NUL in
 * the query, the path parameters or a JSON body, and a JSON body's types as sent — the schema
 * validation that follows would coerce them.
 */
function checkClientInput(route: RouteOptions): void {
  const bodySchema = route.schema?.body;
  // Callback style, not async: it runs on every request, and costs no extra turn of the event loop.
  const check: preValidationHookHandler = (request, _reply, done) => {
    const problem = clientInputProblem(request, bodySchema);
    done(problem === undefined ? undefined : new HttpError(400, "validation_error", problem));
  };
  const existing = route.preValidation ?? [];
  route.preValidation = [check, ...(Array.isArray(existing) ? existing : [existing])];
}

function clientInputProblem(request: FastifyRequest, bodySchema: unknown): string | undefined {
  const json = bodySchema !== undefined && isJsonMediaType(request.headers["content-type"]);
  const nul =
    nulPath(request.query, "querystring") ??
    nulPath(request.params, "params") ??
    (json ? nulPath(request.body, "body") : undefined);
  if (nul) return `${nul} must not contain NUL (U+0000)`;
  return json ? jsonTypeMismatch(bodySchema, request.body) : undefined;
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

/**
 * readiness_check_up{check}: 1 or 0 per dependency as the last /readyz probe found it, so an alert
 * can name the dependency (postgres, redis) that takes a service out of its endpoints. One gauge
 * per registry, shared by every server built on it.
 */
function readinessGauge(registry: Registry): Gauge<"check"> {
  const existing = registry.getSingleMetric("readiness_check_up");
  if (existing instanceof Gauge) return existing;
  return new Gauge({
    name: "readiness_check_up",
    help: "Whether the last /readyz probe found the dependency usable (1) or not (0), by check",
    labelNames: ["check"],
    registers: [registry],
  });
}

async function runChecks(
  readiness: Record<string, ReadinessCheck>,
  timeoutMs: number,
): Promise<{ ready: boolean; checks: Record<string, string> }> {
  const outcomes = await Promise.all(
    Object.entries(readiness).map(async ([name, check]) => {
      try {
        await withTimeout(check, timeoutMs);
        return { name, ok: true, detail: "ok" };
      } catch (err) {
        return { name, ok: false, detail: errorMessage(err) };
      }
    }),
  );
  const checks = Object.fromEntries(outcomes.map(({ name, detail }) => [name, detail]));
  return { ready: outcomes.every((outcome) => outcome.ok), checks };
}

async function withTimeout(check: ReadinessCheck, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
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

/**
 * An onRequest hook answering 415 to a request whose Content-Type is none of `mediaTypes`
 * (parameters such as charset ignored), before its body is read — for webhooks, which accept
 * exactly what their sender sends.
 */
export function acceptContentTypes(...mediaTypes: string[]): onRequestAsyncHookHandler {
  const accepted = new Set(mediaTypes.map((type) => type.toLowerCase()));
  const expected = mediaTypes.join(" or ");
  // eslint-disable-next-line @typescript-eslint/require-await
  return async (request) => {
    const header = request.headers["content-type"];
    const mediaType = header?.split(";", 1)[0]?.trim().toLowerCase();
    if (mediaType !== undefined && accepted.has(mediaType)) return;
    const got = header === undefined ? "none was sent" : `got ${JSON.stringify(clip(header))}`;
    throw new HttpError(415, "unsupported_media_type", `Content-Type must be ${expected} (${got})`);
  };
}

interface ClientError {
  statusCode: number;
  code: string;
  message: string;
}

/** The error codes of fastify's own client errors, where the status text would say less. */
const frameworkCodes: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
  FST_ERR_CTP_EMPTY_JSON_BODY: "invalid_json",
  FST_ERR_CTP_INVALID_JSON_BODY: "invalid_json",
  FST_ERR_CTP_BODY_TOO_LARGE: "body_too_large",
  FST_ERR_VALIDATION: "validation_error",
};

/**
 * What to tell the client when `error` is its mistake: an HttpError below 500, or one of fastify's
 * own errors with a 4xx status (unparsable body, media type, size, validation, bad URL). Any other
 * error is ours, whatever status it carries: a library's 400 (say, an upstream API refusing our
 * call) is a fault of this service, and its message is not the client's to read.
 */
function clientError(error: unknown, request: FastifyRequest): ClientError | undefined {
  if (!(error instanceof HttpError)) return frameworkClientError(error ?? {}, request);
  const { statusCode, code, message } = error;
  return statusCode < 500 ? { statusCode, code, message } : undefined;
}

function frameworkClientError(
  error: Partial<FastifyError>,
  request: FastifyRequest,
): ClientError | undefined {
  const { statusCode = 500, code = "", message = "bad request", validation } = error;
  if (statusCode < 400 || statusCode >= 500) return undefined;
  if (validation) return { statusCode, code: "validation_error", message };
  if (!code.startsWith("FST_")) return undefined;
  if (code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return unsupportedMediaType(statusCode, request);
  return { statusCode, code: frameworkCodes[code] ?? errorCode(statusCode), message };
}

function unsupportedMediaType(statusCode: number, request: FastifyRequest): ClientError {
  const header = request.headers["content-type"];
  const got = header === undefined ? "none was sent" : JSON.stringify(clip(header));
  return { statusCode, code: "unsupported_media_type", message: `Content-Type not accepted here (${got})` };
}

/** A server fault's status: its own if it is a 5xx, else 500. */
function serverStatus(error: unknown): number {
  const status = (error as { statusCode?: unknown } | null | undefined)?.statusCode;
  return typeof status === "number" && status >= 500 && status <= 599 ? status : 500;
}

function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const context = { method: request.method, url: request.url, route: request.routeOptions.url };
  const rejected = clientError(error, request);
  if (rejected) {
    // Expected traffic on a public endpoint (scanners, broken clients): worth a line, not an alert.
    request.log.info(
      { ...context, statusCode: rejected.statusCode, code: rejected.code, reason: rejected.message },
      "request rejected",
    );
    return reply.code(rejected.statusCode).send({ error: rejected.code, message: rejected.message });
  }
  const statusCode = serverStatus(error);
  request.log.error({ err: error, ...context }, "request failed");
  return reply
    .code(statusCode)
    .send({ error: errorCode(statusCode), message: STATUS_CODES[statusCode] ?? "Server Error" });
}

/** A client-supplied value shortened for a message or a log line. */
function clip(value: string, max = 100): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

// "Internal Server Error" → "internal_error"; otherwise the status text in snake_case.
function errorCode(statusCode: number): string {
  if (statusCode === 500) return "internal_error";
  return (STATUS_CODES[statusCode] ?? "error").toLowerCase().replace(/[^a-z0-9]+/g, "_");
}
