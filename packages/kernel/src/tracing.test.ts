// Tracing end to end on loopback: a request carrying a W3C traceparent is traced by the http
// instrumentation, its log lines carry that trace_id, and the span reaches an OTLP/HTTP endpoint.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer } from "./http.ts";
import { createLogger } from "./log.ts";
import { createMetrics } from "./metrics.ts";
import { startTracing } from "./tracing.ts";

const received: { url: string; body: string }[] = [];
const collector = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    received.push({ url: request.url ?? "", body: Buffer.concat(chunks).toString("utf8") });
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await new Promise((resolve) => collector.close(resolve));
});

describe("startTracing", () => {
  it("is a no-op without an endpoint", async () => {
    const tracing = startTracing({ serviceName: "quiet" });
    await expect(tracing.shutdown()).resolves.toBeUndefined();
  });

  it("continues the caller's trace, stamps it on log lines and exports the span over OTLP", async () => {
    const { port } = collector.address() as AddressInfo;
    const tracing = startTracing({ serviceName: "tracing-test", endpoint: `http://127.0.0.1:${port}/` });
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({
      name: "tracing-test",
      destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    });
    const app = createHttpServer({ logger, metrics: createMetrics({ service: "tracing-test" }) });
    app.get("/reminders/:id", (request) => {
      request.log.info("loading reminder");
      return Promise.resolve({ id: (request.params as { id: string }).id });
    });
    const address = await app.listen({ host: "127.0.0.1", port: 0 });

    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const response = await fetch(`${address}/reminders/9`, {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(response.status).toBe(200);
    await fetch(`${address}/healthz`);
    await app.close();
    await tracing.shutdown();

    const line = lines.find((l) => l["msg"] === "loading reminder");
    expect(line).toMatchObject({ service: "tracing-test", trace_id: traceId });
    expect(line?.["span_id"]).toMatch(/^[0-9a-f]{16}$/);
    expect(line?.["time"]).toMatch(/^\d{4}-\d\d-\d\dT/);

    const exported = received.filter((r) => r.url === "/v1/traces").map((r) => r.body);
    expect(exported.join("")).toContain(traceId);
    expect(exported.join("")).toContain("tracing-test");
    expect(exported.join("")).not.toContain("/healthz");
  });
});
