// Prometheus metrics in a registry of our own (not prom-client's global one), so tests and a
// process hosting several apps can each have theirs.
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export type HttpLabel = "method" | "route" | "status_code";

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<HttpLabel>;
  httpRequestDuration: Histogram<HttpLabel>;
}

/** Route label for requests that matched no route: raw URLs would make cardinality unbounded. */
export const UNMATCHED_ROUTE = "unmatched";

// Finer than prom-client's defaults at the low end: the webhook's p99 target is 10 ms.
const durationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics({ service }: { service: string }): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const labelNames: HttpLabel[] = ["method", "route", "status_code"];
  return {
    registry,
    httpRequests: new Counter({
      name: "http_requests_total",
      help: "HTTP requests answered, by route pattern",
      labelNames,
      registers: [registry],
    }),
    httpRequestDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "Time from receiving an HTTP request to finishing its response, by route pattern",
      labelNames,
      buckets: durationBuckets,
      registers: [registry],
    }),
  };
}
