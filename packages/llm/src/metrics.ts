// The gateway's Prometheus metrics, per provider (and task), in the registry the service passes
// (the kernel's): llm_requests_total{provider,task,outcome} — one per attempt —,
// llm_request_duration_seconds and llm_time_to_first_token_seconds histograms,
// llm_tokens_total{provider,direction}, llm_cost_usd_total{provider} (estimated from the
// configured prices), llm_breaker_state{provider} (0 closed, 1 half-open, 2 open) and
// llm_budget_rejections_total{plan}. Registered once per registry, shared by every router on it.
import { Counter, Gauge, Histogram } from "prom-client";
import type { Registry } from "prom-client";

export interface RouterMetrics {
  requests: Counter<"provider" | "task" | "outcome">;
  duration: Histogram<"provider" | "task">;
  timeToFirstToken: Histogram<"provider" | "task">;
  tokens: Counter<"provider" | "direction">;
  cost: Counter<"provider">;
  breakerState: Gauge<"provider">;
  budgetRejections: Counter<"plan">;
}

const latencyBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];

function once<M>(registry: Registry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}

export function createRouterMetrics(registry: Registry): RouterMetrics {
  return { ...callMetrics(registry), ...stateMetrics(registry) };
}

function callMetrics(registry: Registry): Omit<RouterMetrics, "breakerState" | "budgetRejections"> {
  const registers = [registry];
  return {
    requests: once(
      registry,
      "llm_requests_total",
      () =>
        new Counter({
          name: "llm_requests_total",
          help: "Attempts to get an answer from an LLM provider, by outcome (success, error, first_token_timeout, total_timeout, breaker_open, cancelled, interrupted)",
          labelNames: ["provider", "task", "outcome"],
          registers,
        }),
    ),
    duration: once(
      registry,
      "llm_request_duration_seconds",
      () =>
        new Histogram({
          name: "llm_request_duration_seconds",
          help: "Time from sending a request to an LLM provider to the end of its answer or failure",
          labelNames: ["provider", "task"],
          buckets: latencyBuckets,
          registers,
        }),
    ),
    timeToFirstToken: once(
      registry,
      "llm_time_to_first_token_seconds",
      () =>
        new Histogram({
          name: "llm_time_to_first_token_seconds",
          help: "Time from sending a request to an LLM provider to its first content token",
          labelNames: ["provider", "task"],
          buckets: latencyBuckets,
          registers,
        }),
    ),
    tokens: once(
      registry,
      "llm_tokens_total",
      () =>
        new Counter({
          name: "llm_tokens_total",
          help: "Tokens sent to (prompt) and received from (completion) LLM providers, reported or estimated",
          labelNames: ["provider", "direction"],
          registers,
        }),
    ),
    cost: once(
      registry,
      "llm_cost_usd_total",
      () =>
        new Counter({
          name: "llm_cost_usd_total",
          help: "Estimated cost of LLM calls in US dollars, from the configured price per 1000 tokens",
          labelNames: ["provider"],
          registers,
        }),
    ),
  };
}

function stateMetrics(registry: Registry): Pick<RouterMetrics, "breakerState" | "budgetRejections"> {
  const registers = [registry];
  return {
    breakerState: once(
      registry,
      "llm_breaker_state",
      () =>
        new Gauge({
          name: "llm_breaker_state",
          help: "Circuit breaker state per LLM provider: 0 closed, 1 half-open, 2 open",
          labelNames: ["provider"],
          registers,
        }),
    ),
    budgetRejections: once(
      registry,
      "llm_budget_rejections_total",
      () =>
        new Counter({
          name: "llm_budget_rejections_total",
          help: "Calls refused before any provider was asked because the daily token budget was spent, by plan",
          labelNames: ["plan"],
          registers,
        }),
    ),
  };
}
