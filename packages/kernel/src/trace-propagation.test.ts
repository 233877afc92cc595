// The trace context crosses a queue and an outbound fetch: what the producer stores in the job is
// continued by the consumer (spans and log lines), and tracedFetch sends it on in `traceparent`.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "./log.ts";
import { startTracing, traceConsumer, traceProducer, tracedFetch } from "./tracing.ts";
import type { TraceCarrier, Tracing } from "./tracing.ts";

const exported: string[] = [];
const traceparents: (string | undefined)[] = [];
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    if (request.url === "/v1/traces") exported.push(Buffer.concat(chunks).toString("utf8"));
    else {
      const header = request.headers.traceparent;
      traceparents.push(typeof header === "string" ? header : undefined);
    }
    response
      .writeHead(request.url === "/missing" ? 404 : 200, { "content-type": "application/json" })
      .end("{}");
  });
});
let base: string;
let tracing: Tracing;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tracing = startTracing({ serviceName: "propagation-test", endpoint: base });
});
afterAll(async () => {
  await tracing.shutdown();
  await new Promise((resolve) => server.close(resolve));
});

describe("trace propagation through a job and a fetch", () => {
  it("gives a job no carrier when no trace is active", async () => {
    await expect(traceProducer("inbound", (carrier) => Promise.resolve(carrier))).resolves.toBeUndefined();
  });

  it("continues the producer's trace in the consumer, its log lines and its outbound request", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({
      name: "propagation-test",
      destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    });
    const tracer = trace.getTracer("test");
    const { traceId, carrier } = await tracer.startActiveSpan("webhook", async (span) => {
      const stored = await traceProducer("inbound", (c: TraceCarrier | undefined) => Promise.resolve(c));
      span.end();
      return { traceId: span.spanContext().traceId, carrier: stored };
    });
    expect(carrier?.["traceparent"]).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));

    // Outside the producer's context, as in another process: only the carrier links them.
    const status = await traceConsumer("inbound", { id: "job-1", carrier }, async () => {
      logger.info("handling");
      return (await tracedFetch(`${base}/send`, { method: "POST", body: "x" })).status;
    });
    expect(status).toBe(200);
    expect(lines.find((line) => line["msg"] === "handling")?.["trace_id"]).toBe(traceId);
    expect(traceparents.at(-1)).toMatch(new RegExp(`^00-${traceId}-`));

    await expect(
      traceConsumer("inbound", { carrier }, () => Promise.reject(new Error("boom"))),
    ).rejects.toThrow("boom");
    await tracing.shutdown();
    const body = exported.join("");
    for (const name of ["send inbound", "process inbound", "POST"]) expect(body).toContain(`"${name}"`);
    expect(body).toContain("boom");
  });
});
