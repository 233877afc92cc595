import Type from "typebox";
import { afterEach, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { HttpError, createHttpServer } from "./http.ts";
import type { HttpServerOptions } from "./http.ts";
import { createLogger } from "./log.ts";
import { createMetrics } from "./metrics.ts";

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    name: "test",
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { logger, lines };
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function build(options: Partial<HttpServerOptions> = {}) {
  const { logger, lines } = capturedLogger();
  const metrics = createMetrics({ service: "test" });
  app = createHttpServer({ logger, metrics, ...options });
  return { app, lines, metrics };
}

const fails = (message: string) => () => Promise.reject(new Error(message));
const succeeds = () => Promise.resolve();

describe("GET /healthz", () => {
  it("answers 200 while alive and 503 once shutdown has begun", async () => {
    let shuttingDown = false;
    const { app } = build({ shutdown: { isShuttingDown: () => shuttingDown } });

    const alive = await app.inject({ method: "GET", url: "/healthz" });
    expect(alive.statusCode).toBe(200);
    expect(alive.json()).toEqual({ status: "ok" });

    shuttingDown = true;
    const draining = await app.inject({ method: "GET", url: "/healthz" });
    expect(draining.statusCode).toBe(503);
  });
});

describe("GET /readyz", () => {
  it("answers 200 with every check named when all pass", async () => {
    const { app } = build({ readiness: { postgres: succeeds, redis: succeeds } });
    const response = await app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ready", checks: { postgres: "ok", redis: "ok" } });
  });

  it("answers 503 naming the failing check and its error", async () => {
    const { app } = build({
      readiness: { postgres: succeeds, redis: fails("connect ECONNREFUSED 127.0.0.1:6379") },
    });
    const response = await app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      status: "not ready",
      checks: { postgres: "ok", redis: "connect ECONNREFUSED 127.0.0.1:6379" },
    });
  });

  it("fails a check that hangs past the timeout instead of hanging the probe", async () => {
    const hangs = () => new Promise<void>(() => undefined);
    const { app } = build({ readiness: { postgres: hangs }, readinessTimeoutMs: 50 });
    const response = await app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: "not ready", checks: { postgres: "timed out after 50 ms" } });
  });

  it("answers 503 once shutdown has begun, even with healthy dependencies", async () => {
    const { app } = build({ readiness: { postgres: succeeds }, shutdown: { isShuttingDown: () => true } });
    const response = await app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(503);
  });
});

describe("GET /metrics", () => {
  it("exposes request counts labelled by route pattern, never the raw URL", async () => {
    const { app } = build();
    app.get("/users/:id", () => Promise.resolve({ ok: true }));
    await app.inject({ method: "GET", url: "/users/42" });
    await app.inject({ method: "GET", url: "/users/43" });
    await app.inject({ method: "GET", url: "/no/such/route" });

    const response = await app.inject({ method: "GET", url: "/metrics" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/plain");
    const text = response.body;
    expect(text).toContain(
      'http_requests_total{method="GET",route="/users/:id",status_code="200",service="test"} 2',
    );
    expect(text).toContain(
      'http_requests_total{method="GET",route="unmatched",status_code="404",service="test"} 1',
    );
    expect(text).not.toContain("/users/42");
    expect(text).toContain(
      'http_request_duration_seconds_count{service="test",method="GET",route="/users/:id",status_code="200"} 2',
    );
    expect(text).toContain('process_cpu_user_seconds_total{service="test"}');
  });
});

describe("errors", () => {
  it("hides a 5xx's details from the client but logs them with the request", async () => {
    const { app, lines } = build();
    app.get("/boom/:id", () => Promise.reject(new Error("password=hunter2 in connection string")));
    const response = await app.inject({ method: "GET", url: "/boom/7" });

    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: "internal_error", message: "Internal Server Error" });
    expect(response.body).not.toContain("hunter2");
    const logged = lines.find((line) => line["msg"] === "request failed");
    expect(logged).toMatchObject({
      level: "error",
      method: "GET",
      url: "/boom/7",
      route: "/boom/:id",
      err: { message: "password=hunter2 in connection string" },
    });
  });

  it("answers a validation failure with 400 and a message naming the field", async () => {
    const { app } = build();
    app.post(
      "/reminders",
      { schema: { body: Type.Object({ text: Type.String(), at: Type.String() }) } },
      () => Promise.resolve({ ok: true }),
    );
    const response = await app.inject({ method: "POST", url: "/reminders", payload: { text: "meds" } });

    expect(response.statusCode).toBe(400);
    const body = response.json<{ error: string; message: string }>();
    expect(body.error).toBe("validation_error");
    expect(body.message).toContain("at");
    expect(body.message).toMatch(/must have required property 'at'/);
  });

  it("passes an HttpError's code and message through for 4xx", async () => {
    const { app } = build();
    app.post("/numbers", () =>
      Promise.reject(new HttpError(409, "number_already_active", "This user already has a number")),
    );
    const response = await app.inject({ method: "POST", url: "/numbers" });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({
      error: "number_already_active",
      message: "This user already has a number",
    });
  });

  it("answers unknown routes with a JSON 404", async () => {
    const { app } = build();
    const response = await app.inject({ method: "GET", url: "/nope" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: "not_found", message: "Route GET /nope not found" });
  });
});
