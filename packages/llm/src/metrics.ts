// The gateway's Prometheus metrics, per provider (and task), in the registry the service passes
// (the kernel's): llm_requests_total{provider,task,outcome} — one per attempt —,
// llm_request_duration_seconds and llm_time_to_first_token_seconds histograms,
// llm_tokens_total{provider,direction}, llm_cost_usd_total{provider} (estimated from the
// configured prices), llm_breaker_state{provider} (0 closed, 1 half-open, 2 open) and
// llm_budget_rejections_total{plan}; per answer llm_answers_total{task,outcome} (completed,
// interrupted, cancelled, budget_exhausted, unavailable, blocked) and, from the guardian,
// llm_guard_flags_total{rule}. Registered once per registry, shared by every router on it.
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
  answers: Counter<"task" | "outcome">;
  guardFlags: Counter<"rule">;
}

const latencyBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];

interface Spec<L extends string> {
  name: string;
  help: string;
  labelNames: L[];
}

// The registry's metric of that name if a router already registered it, else a new one.
function counter<L extends string>(registry: Registry, { name, help, labelNames }: Spec<L>): Counter<L> {
  const existing = registry.getSingleMetric(name);
  return existing instanceof Counter
    ? existing
    : new Counter({ name, help, labelNames, registers: [registry] });
}

function histogram<L extends string>(registry: Registry, { name, help, labelNames }: Spec<L>): Histogram<L> {
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Histogram) return existing;
  return new Histogram({ name, help, labelNames, buckets: latencyBuckets, registers: [registry] });
}

export function createRouterMetrics(registry: Registry): RouterMetrics {
  const existingGauge = registry.getSingleMetric("llm_breaker_state");
  return {
    requests: counter(registry, {
      name: "llm_requests_total",
      help: "Attempts to get an answer from an LLM provider, by outcome (success, error, first_token_timeout, total_timeout, breaker_open, cancelled, interrupted)",
      labelNames: ["provider", "task", "outcome"],
    }),
    duration: histogram(registry, {
      name: "llm_request_duration_seconds",
      help: "Time from sending a request to an LLM provider to the end of its answer or failure",
      labelNames: ["provider", "task"],
    }),
    timeToFirstToken: histogram(registry, {
      name: "llm_time_to_first_token_seconds",
      help: "Time from sending a request to an LLM provider to its first content token",
      labelNames: ["provider", "task"],
    }),
    tokens: counter(registry, {
      name: "llm_tokens_total",
      help: "Tokens sent to (prompt) and received from (completion) LLM providers, reported or estimated",
      labelNames: ["provider", "direction"],
    }),
    cost: counter(registry, {
      name: "llm_cost_usd_total",
      help: "Estimated cost of LLM calls in US dollars, from the configured price per 1000 tokens",
      labelNames: ["provider"],
    }),
    breakerState:
      existingGauge instanceof Gauge
        ? existingGauge
        : new Gauge({
            name: "llm_breaker_state",
            help: "Circuit breaker state per LLM provider: 0 closed, 1 half-open, 2 open",
            labelNames: ["provider"],
            registers: [registry],
          }),
    budgetRejections: counter(registry, {
      name: "llm_budget_rejections_total",
      help: "Calls refused before any provider was asked because the daily token budget was spent, by plan",
      labelNames: ["plan"],
    }),
    answers: counter(registry, {
      name: "llm_answers_total",
      help: "Answers routed, by task and how they ended (completed, interrupted, cancelled, budget_exhausted, unavailable, blocked)",
      labelNames: ["task", "outcome"],
    }),
    guardFlags: counter(registry, {
      name: "llm_guard_flags_total",
      help: "Prompt-injection rules of the Security Guardian that fired on users' messages, by rule",
      labelNames: ["rule"],
    }),
  };
}
