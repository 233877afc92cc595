// The LLM router (packages/llm: llm_* metrics, in every service that routes answers — iris today)
// and iris's own HTTP traffic.
import { ns, quantile, rate, ratio } from "./panels.ts";
import type { DashboardSpec } from "./panels.ts";
import { errorSteps, h, http, probes, svc, ts } from "./kit.ts";

/** The services whose registry holds the router's metrics. */
const llm = (metric: string, extra = "") => `${metric}{${ns}${extra ? `,${extra}` : ""}}`;
const iris = (extra = "") => http("iris", extra ? `${probes},${extra}` : probes);

export const llmDashboard: DashboardSpec = {
  uid: "phoenix-llm",
  file: "phoenix-llm",
  title: "Phoenix / LLM and iris",
  description:
    "The Smart Router's calls to LLM providers (attempts, latency, time to first token, tokens, estimated cost, circuit breakers, token budgets, the Security Guardian's flags) and iris's HTTP traffic.",
  tags: ["phoenix", "llm", "iris"],
  rows: [
    {
      title: "Answers and attempts",
      panels: [
        ts(
          h(
            "Answers by outcome",
            "Answers routed, by task and how they ended: completed, interrupted, cancelled, budget_exhausted, unavailable, blocked.",
          ),
          "ops",
          [{ expr: rate(llm("llm_answers_total"), "task, outcome"), legend: "{{task}} {{outcome}}" }],
        ),
        ts(
          h(
            "Attempts by provider and outcome",
            "Calls to each provider: success, error, first_token_timeout, total_timeout, breaker_open, cancelled, interrupted.",
          ),
          "ops",
          [
            {
              expr: rate(llm("llm_requests_total"), "provider, outcome"),
              legend: "{{provider}} {{outcome}}",
            },
          ],
        ),
        ts(
          h("Attempt failures", "Share of each provider's attempts that did not succeed."),
          "percentunit",
          [
            {
              expr: ratio(
                llm("llm_requests_total", 'outcome!~"success|cancelled"'),
                llm("llm_requests_total"),
                "provider",
              ),
              legend: "{{provider}}",
            },
          ],
          { thresholds: errorSteps, min: 0 },
        ),
        ts(h("Duration", "Time from the request to the end of the answer, per provider: p50 and p99."), "s", [
          { expr: quantile(0.5, "llm_request_duration_seconds", ns, "provider"), legend: "{{provider}} p50" },
          {
            expr: quantile(0.99, "llm_request_duration_seconds", ns, "provider"),
            legend: "{{provider}} p99",
          },
        ]),
        ts(h("Time to first token", "Time from the request to the first content token: p50 and p99."), "s", [
          {
            expr: quantile(0.5, "llm_time_to_first_token_seconds", ns, "provider"),
            legend: "{{provider}} p50",
          },
          {
            expr: quantile(0.99, "llm_time_to_first_token_seconds", ns, "provider"),
            legend: "{{provider}} p99",
          },
        ]),
      ],
    },
    {
      title: "Tokens, cost, breakers and budgets",
      panels: [
        ts(h("Tokens", "Tokens sent (prompt) and received (completion), per provider."), "short", [
          {
            expr: rate(llm("llm_tokens_total"), "provider, direction"),
            legend: "{{provider}} {{direction}}",
          },
        ]),
        ts(
          h(
            "Estimated cost per hour",
            "US dollars per hour at the current rate, from the configured price per 1000 tokens (local models cost 0).",
          ),
          "currencyUSD",
          [{ expr: `${rate(llm("llm_cost_usd_total"), "provider")} * 3600`, legend: "{{provider}}" }],
          { min: 0 },
        ),
        ts(
          h(
            "Circuit breakers",
            "Breaker state per provider and replica: 0 closed, 1 half-open, 2 open (alert LlmBreakerOpen after 15 min above 0).",
          ),
          "short",
          [
            {
              expr: `max by (service, provider) (${llm("llm_breaker_state")})`,
              legend: "{{service}} {{provider}}",
            },
          ],
          {
            thresholds: {
              base: "green",
              steps: [
                [1, "orange"],
                [2, "red"],
              ],
            },
            min: 0,
            max: 2,
          },
        ),
        ts(
          h(
            "Budget rejections",
            "Calls refused before any provider was asked because the user's daily token budget was spent, by plan (alert LlmBudgetRejections above 10 % of answers).",
          ),
          "ops",
          [{ expr: rate(llm("llm_budget_rejections_total"), "plan"), legend: "{{plan}}" }],
        ),
        ts(
          h(
            "Guardian flags",
            "Prompt-injection rules of the Security Guardian that fired on users' messages.",
          ),
          "ops",
          [{ expr: rate(llm("llm_guard_flags_total"), "rule"), legend: "{{rule}}" }],
        ),
      ],
    },
    {
      title: "iris",
      panels: [
        ts(
          h("Requests by route", "iris's requests per route pattern, probes and /metrics excluded."),
          "reqps",
          [{ expr: rate(iris(), "method, route"), legend: "{{method}} {{route}}" }],
        ),
        ts(
          h(
            "Errors",
            "Share of iris's requests answered with a 5xx, and with a 4xx (quota, bad input, expired tokens).",
          ),
          "percentunit",
          [
            { expr: ratio(iris('status_code=~"5.."'), iris()), legend: "5xx" },
            { expr: ratio(iris('status_code=~"4.."'), iris()), legend: "4xx" },
          ],
          { thresholds: errorSteps, min: 0 },
        ),
        ts(
          h(
            "p99 latency by route",
            "99th percentile of iris's server-side duration per route (a streamed answer lasts until its end).",
          ),
          "s",
          [
            {
              expr: quantile(0.99, "http_request_duration_seconds", `${svc("iris")},${probes}`, "route"),
              legend: "{{route}}",
            },
          ],
        ),
      ],
    },
  ],
};
