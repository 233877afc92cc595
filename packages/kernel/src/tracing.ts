// OpenTelemetry traces exported over OTLP/HTTP (Jaeger v2 ingests OTLP natively).
//
// Call startTracing before building the app, at the top of server.ts: spans only exist for
// servers and clients created after it. startService (service.ts) does this for you.
import { createRequire } from "node:module";
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
