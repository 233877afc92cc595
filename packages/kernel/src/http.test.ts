import Type from "typebox";
import { afterEach, describe, expect, it } from "vitest";
import type { FastifyInstance, InjectOptions } from "fastify";
import { HttpError, acceptContentTypes, createHttpServer, requestLanguage } from "./http.ts";
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

  it("exports readiness_check_up per check, as the last probe found it", async () => {
    let redisUp = true;
    const { app, metrics } = build({
      readiness: { postgres: succeeds, redis: () => (redisUp ? succeeds() : fails("down")()) },
    });
    const read = async () => {
      const metric = await metrics.registry.getSingleMetric("readiness_check_up")?.get();
      return Object.fromEntries((metric?.values ?? []).map((v) => [String(v.labels["check"]), v.value]));
    };
    await app.inject({ method: "GET", url: "/readyz" });
    expect(await read()).toEqual({ postgres: 1, redis: 1 });
    redisUp = false;
    await app.inject({ method: "GET", url: "/readyz" });
    expect(await read()).toEqual({ postgres: 1, redis: 0 });
    const text = await metrics.registry.metrics();
    expect(text).toContain('readiness_check_up{check="redis",service="test"} 0');
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

describe("client mistakes are 4xx, logged at info; only our faults are 5xx", () => {
  const json = "application/json";
  const post = (payload: string | Buffer, contentType?: string): InjectOptions => ({
    method: "POST",
    url: "/reminders",
    payload,
    ...(contentType !== undefined && { headers: { "content-type": contentType } }),
  });

  function reminders(options: Partial<HttpServerOptions> = {}) {
    const built = build(options);
    built.app.post(
      "/reminders",
      { schema: { body: Type.Object({ text: Type.String(), at: Type.String() }) } },
      () => Promise.resolve({ ok: true }),
    );
    return built;
  }

  const errorLines = (lines: Record<string, unknown>[]) => lines.filter((line) => line["level"] === "error");

  it.each([
    [
      "a Content-Type nobody accepts",
      post("a,b", "text/csv"),
      { status: 415, code: "unsupported_media_type", message: /text\/csv/ },
    ],
    [
      "no Content-Type with a body",
      post("x"),
      { status: 415, code: "unsupported_media_type", message: /none was sent/ },
    ],
    [
      "text/plain (JSON only, unless a service adds a parser)",
      post("meds at 9pm", "text/plain"),
      { status: 415, code: "unsupported_media_type", message: /text\/plain/ },
    ],
    [
      "NUL in a JSON string",
      post('{"text":"me\\u0000ds","at":"b"}', json),
      { status: 400, code: "validation_error", message: /^body\/text must not contain NUL/ },
    ],
    [
      "NUL in the query string",
      { ...post('{"text":"a","at":"b"}', json), url: "/reminders?tag=a%00b" },
      { status: 400, code: "validation_error", message: /^querystring\/tag must not contain NUL/ },
    ],
    [
      "binary as octet-stream",
      post(Buffer.from([0, 255, 1]), "application/octet-stream"),
      { status: 415, code: "unsupported_media_type", message: /octet-stream/ },
    ],
    ["an empty JSON body", post("", json), { status: 400, code: "invalid_json", message: /empty/ }],
    ["invalid JSON", post("{nope", json), { status: 400, code: "invalid_json", message: /not valid JSON/ }],
    [
      "a __proto__ key",
      post('{"__proto__":{"x":1},"text":"a","at":"b"}', json),
      { status: 400, code: "invalid_json", message: /JSON/ },
    ],
    [
      "a body over the limit",
      post(JSON.stringify({ text: "x".repeat(2048), at: "b" }), json),
      { status: 413, code: "body_too_large", message: /too large/ },
    ],
    [
      "a missing field",
      post('{"text":"a"}', json),
      { status: 400, code: "validation_error", message: /body must have required property 'at'/ },
    ],
    [
      "a number where a string is due",
      post('{"text":12,"at":"b"}', json),
      { status: 400, code: "validation_error", message: /body\/text must be string/ },
    ],
    [
      "a boolean where a string is due",
      post('{"text":true,"at":"b"}', json),
      { status: 400, code: "validation_error", message: /body\/text must be string/ },
    ],
    [
      "an array where a string is due",
      post('{"text":["a"],"at":"b"}', json),
      { status: 400, code: "validation_error", message: /body\/text must be string/ },
    ],
    [
      "a JSON array for an object",
      post("[1,2]", json),
      { status: 400, code: "validation_error", message: /body must be object/ },
    ],
    [
      "an undecodable URL",
      { method: "GET", url: "/reminders/%E0%A4%A" },
      { status: 400, code: "bad_request", message: /not a valid url/ },
    ],
  ])("%s → answered 4xx, logged at info", async (_name, request, expected) => {
    const { app, lines } = reminders({ bodyLimit: 1024 });
    const response = await app.inject(request);

    const { status, code, message } = expected;
    expect(response.statusCode, response.body).toBe(status);
    const body = response.json<{ error: string; message: string }>();
    expect(Object.keys(body).sort()).toEqual(["error", "message"]);
    expect(body.error).toBe(code);
    expect(body.message).toMatch(message);
    expect(errorLines(lines)).toEqual([]);
    expect(lines.find((line) => line["msg"] === "request rejected")).toMatchObject({
      level: "info",
      statusCode: status,
      code,
    });
  });

  it("accepts the same request well formed (the cases above fail for their stated reason only)", async () => {
    const { app } = reminders({ bodyLimit: 1024 });
    const response = await app.inject(post('{"text":"meds","at":"9pm"}', "application/json; charset=utf-8"));
    expect(response.statusCode).toBe(200);
  });

  it("refuses NUL in a path parameter", async () => {
    const { app } = build();
    app.delete("/consents/:type", () => Promise.resolve({ ok: true }));
    const response = await app.inject({ method: "DELETE", url: "/consents/mark%00eting" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: "validation_error",
      message: "params/type must not contain NUL (U+0000)",
    });
  });

  it("still coerces query strings and form fields, which are strings on the wire", async () => {
    const { app } = build();
    app.get("/page", { schema: { querystring: Type.Object({ size: Type.Integer() }) } }, (request) =>
      Promise.resolve({ size: (request.query as { size: number }).size }),
    );
    const response = await app.inject({ method: "GET", url: "/page?size=5" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ size: 5 });
  });

  it("treats a library error carrying a 4xx status as our fault: 500, details logged not sent", async () => {
    const { app, lines } = build();
    const upstream = Object.assign(new Error("upstream refused: api key sk_live_secret"), {
      statusCode: 400,
      code: "resource_missing",
    });
    app.post("/checkout", () => Promise.reject(upstream));
    const response = await app.inject({ method: "POST", url: "/checkout" });

    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: "internal_error", message: "Internal Server Error" });
    expect(response.body).not.toContain("sk_live_secret");
    expect(errorLines(lines)).toMatchObject([{ msg: "request failed", err: { message: /sk_live_secret/ } }]);
  });

  it("keeps a deliberate 5xx HttpError's status but not its message", async () => {
    const { app, lines } = build();
    app.get("/billing", () =>
      Promise.reject(new HttpError(503, "billing_unavailable", "STRIPE_SECRET_KEY unset")),
    );
    const response = await app.inject({ method: "GET", url: "/billing" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ error: "service_unavailable", message: "Service Unavailable" });
    expect(errorLines(lines)).toHaveLength(1);
  });

  it("answers a thrown non-Error with a 500, not a crash", async () => {
    const { app } = build();
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    app.get("/odd", () => Promise.reject("a string"));
    const response = await app.inject({ method: "GET", url: "/odd" });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: "internal_error", message: "Internal Server Error" });
  });
});

describe("acceptContentTypes", () => {
  function webhook() {
    const built = build();
    let parsed = 0;
    void built.app.register((scope, _options, done) => {
      // Counts bodies read: a refused Content-Type must be refused before its body is parsed.
      scope.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => {
        parsed += 1;
        done(null, body);
      });
      scope.post("/hook", { onRequest: acceptContentTypes("application/x-www-form-urlencoded") }, () =>
        Promise.resolve({ ok: true }),
      );
      done();
    });
    return { ...built, parsedBodies: () => parsed };
  }

  it.each([
    ["application/json", '{"MessageSid":1}', /got "application\/json"/],
    ["text/plain", "MessageSid=SM1", /got "text\/plain"/],
    ["multipart/form-data; boundary=x", "--x--", /multipart/],
    [undefined, "MessageSid=SM1", /none was sent/],
  ])("answers %s with 415 naming the accepted type, without reading the body", async (type, payload, got) => {
    const { app, lines, parsedBodies } = webhook();
    const response = await app.inject({
      method: "POST",
      url: "/hook",
      payload,
      headers: type === undefined ? {} : { "content-type": type },
    });
    expect(response.statusCode).toBe(415);
    const body = response.json<{ error: string; message: string }>();
    expect(body.error).toBe("unsupported_media_type");
    expect(body.message).toMatch(/^Content-Type must be application\/x-www-form-urlencoded/);
    expect(body.message).toMatch(got);
    expect(parsedBodies()).toBe(0);
    expect(lines.filter((line) => line["level"] === "error")).toEqual([]);
  });

  it.each(["application/x-www-form-urlencoded", "Application/X-WWW-Form-URLEncoded; charset=UTF-8"])(
    "accepts %s",
    async (type) => {
      const { app, parsedBodies } = webhook();
      const response = await app.inject({
        method: "POST",
        url: "/hook",
        payload: "a=1",
        headers: { "content-type": type },
      });
      expect(response.statusCode).toBe(200);
      expect(parsedBodies()).toBe(1);
    },
  );
});

describe("requestLanguage", () => {
  it.each([
    [undefined, "fr"],
    ["en-GB,en;q=0.9", "en"],
    ["de-DE, en;q=0.8, fr;q=0.5", "en"],
    ["FR-ca", "fr"],
    ["de, es", "fr"],
  ])("Accept-Language %s reads %s", (header, language) => {
    expect(requestLanguage({ headers: header === undefined ? {} : { "accept-language": header } })).toBe(
      language,
    );
  });
});
