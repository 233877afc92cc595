// OpenTelemetry traces exported over OTLP/HTTP (Jaeger v2 ingests OTLP natively).
//
// Call startTracing before building the app, at the top of server.ts: spans only exist for
// servers and clients created after it. startService (service.ts) does this for you.
//
// One inbound SMS is one trace: the http instrumentation continues Twilio's webhook request,
// `traceProducer` writes the active context into a queue job (W3C traceparent in the job's data,
// because Redis has no headers), `traceConsumer` continues it in the process that takes the job,
// and `tracedFetch` adds the client span of an outbound call (Node's fetch is undici, which the
// http instrumentation does not see) and passes the context on in `traceparent`.
import { createRequire } from "node:module";
import { SpanKind, SpanStatusCode, context, propagation, trace } from "@opentelemetry/api";
import type { Attributes, Span } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { NodeSDK } from "@opentelemetry/sdk-node";

export interface TracingOptions {
  serviceName: string;
  /** OTLP base URL, e.g. http://jaeger-collector:4318. Unset: tracing is a no-op. */
  endpoint?: string | undefined;
}

export interface Tracing {
  /** Flushes pending spans; register it as the first shutdown hook so it runs last. */
  shutdown(): Promise<void>;
}

// Kubelet and Prometheus hit these every few seconds; tracing them only buries real traces.
const untracedPaths = new Set(["/healthz", "/readyz", "/metrics"]);

export function startTracing({ serviceName, endpoint }: TracingOptions): Tracing {
  if (!endpoint) return { shutdown: () => Promise.resolve() };
  const base = endpoint.replace(/\/+$/, "");
  const sdk = new NodeSDK({
    serviceName,
    traceExporter: new OTLPTraceExporter({ url: `${base}/v1/traces` }),
    // Explicitly empty so the SDK does not start OTLP metrics/logs exporters from OTEL_* defaults:
    // metrics go through prom-client, logs through stdout.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => untracedPaths.has((request.url ?? "").split("?")[0] ?? ""),
      }),
    ],
  });
  sdk.start();
  // Our modules are ESM, so require-in-the-middle never sees `node:http` being loaded; requiring
  // it once here lets the instrumentation patch http.Server.prototype, which every server shares.
  createRequire(import.meta.url)("node:http");
  return { shutdown: () => sdk.shutdown() };
}

const tracer = trace.getTracer("@phoenix/kernel");

/** W3C trace context as carried in a job's data: `traceparent` and, when set, `tracestate`. */
export type TraceCarrier = Record<string, string>;

function endWith(span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
}

async function inSpan<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    endWith(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/**
 * Runs `send` in a PRODUCER span for `queue` and hands it the carrier to store with the job;
 * undefined when tracing is off or no trace is active (the job then starts its own trace).
 */
export function traceProducer<T>(
  queue: string,
  send: (carrier: TraceCarrier | undefined) => Promise<T>,
): Promise<T> {
  if (!trace.getActiveSpan()) return send(undefined);
  const attributes: Attributes = {
    "messaging.system": "bullmq",
    "messaging.destination.name": queue,
    "messaging.operation.type": "send",
  };
  return tracer.startActiveSpan(`send ${queue}`, { kind: SpanKind.PRODUCER, attributes }, (span) =>
    inSpan(span, () => {
      const carrier: TraceCarrier = {};
      propagation.inject(context.active(), carrier);
      return send(Object.keys(carrier).length > 0 ? carrier : undefined);
    }),
  );
}

/**
 * Runs `work` in a CONSUMER span continuing the producer's trace (from `carrier`, if any), so the
 * log lines written during it carry that trace_id and the spans it starts join the trace.
 */
export function traceConsumer<T>(
  queue: string,
  job: { id?: string | undefined; carrier?: TraceCarrier | undefined },
  work: () => Promise<T>,
): Promise<T> {
  const parent = job.carrier ? propagation.extract(context.active(), job.carrier) : context.active();
  const attributes: Attributes = {
    "messaging.system": "bullmq",
    "messaging.destination.name": queue,
    "messaging.operation.type": "process",
    ...(job.id !== undefined && { "messaging.message.id": job.id }),
  };
  return tracer.startActiveSpan(`process ${queue}`, { kind: SpanKind.CONSUMER, attributes }, parent, (span) =>
    inSpan(span, work),
  );
}

/**
 * fetch with an HTTP CLIENT span (OpenTelemetry's HTTP semantic conventions) whose context goes
 * out in `traceparent`; pass it where a client takes a fetch (the Twilio client's `fetch` option).
 */
export const tracedFetch: typeof fetch = (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  const attributes: Attributes = {
    "http.request.method": request.method,
    "url.full": `${url.origin}${url.pathname}`,
    "server.address": url.hostname,
    ...(url.port !== "" && { "server.port": Number(url.port) }),
  };
  return tracer.startActiveSpan(request.method, { kind: SpanKind.CLIENT, attributes }, (span) =>
    inSpan(span, async () => {
      propagation.inject(context.active(), request.headers, {
        set: (headers, key, value) => {
          headers.set(key, value);
        },
      });
      const response = await fetch(request);
      span.setAttribute("http.response.status_code", response.status);
      if (response.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
      return response;
    }),
  );
};
