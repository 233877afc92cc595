// Cause alerts on the application metrics added for them (ADR 0046, update of 2026-12): access
// tokens refused for a key reason and the key sets the keyrings hold (kernel, every service
// verifying tokens; ADR 0084), inbound messages the agent failed to handle, and the LLM router's
// circuit breakers and token budgets (iris).
import { counter, gauge, split } from "./cause-alert.ts";
import type { CauseAlert } from "./cause-alert.ts";

const agent = 'service="agent"';
/** The failures a key rotation gone wrong causes (unknown kid, bad signature, disallowed alg). */
const keyFailures = 'result=~"unknown_kid|bad_signature|wrong_alg"';

export const appCauses: readonly CauseAlert[] = [
  {
    alert: "AccessTokenKeyFailures",
    expr: `sum by (service, result) (rate(auth_token_verifications_total{${keyFailures}}[10m])) / ignoring (result) group_left () sum by (service) (rate(auth_token_verifications_total{result!="missing"}[10m])) > 0.01`,
    for: "10m",
    severity: "ticket",
    summary:
      "More than 1% of the access tokens {{ $labels.service }} verifies fail with {{ $labels.result }}",
    description:
      "Over 10 minutes more than 1% of the access tokens presented to {{ $labels.service }} were refused (401) with {{ $labels.result }}: replicas that have not loaded the KeyRotation's current key set (unknown_kid), a key replaced under the same kid or a signing key that differs between the API and the verifiers (bad_signature), or a key set whose algorithm changed (wrong_alg). Users are signed out until their client refreshes; the key-rotation-no-401 SLO burns meanwhile.",
    under: split(
      'auth_token_verifications_total{service="iris",result="valid"}',
      'auth_token_verifications_total{service="iris",result="unknown_kid"}',
      0.009,
    ),
    over: {
      series: split(
        'auth_token_verifications_total{service="iris",result="valid"}',
        'auth_token_verifications_total{service="iris",result="unknown_kid"}',
        0.011,
      ),
      onset: 1,
      labels: { service: "iris", result: "unknown_kid" },
    },
  },
  {
    alert: "KeySetDiverged",
    expr: "count by (keyset) (count by (keyset, kid) (keyset_signing_key_info)) > 1",
    for: "10m",
    severity: "ticket",
    summary: "The replicas holding the {{ $labels.keyset }} key set do not agree on its signing key",
    description:
      "For 10 minutes the replicas that load the {{ $labels.keyset }} key set (the API; iris and career too for jwt) reported more than one signing key (keyset_signing_key_info: the newest active key whose activatesAt has passed): some run an older key set than the others, because their Secret mount was not updated, their keyring refuses the new file (KeySetReloadFailing), or their clocks disagree. A rotation's activation lasts seconds; a split that stays means tokens the API signs with the new key fail with unknown_kid on the stale replicas (AccessTokenKeyFailures), or the stale API replicas sign with a key the others retire.",
    under: [
      gauge('keyset_signing_key_info{service="api",keyset="jwt",kid="new",pod="api-a"}', 1),
      gauge('keyset_signing_key_info{service="iris",keyset="jwt",kid="new",pod="iris-a"}', 1),
      // Another key set's key is not a disagreement.
      gauge('keyset_signing_key_info{service="api",keyset="internal",kid="internal-2",pod="api-a"}', 1),
    ],
    over: {
      series: [
        gauge('keyset_signing_key_info{service="api",keyset="jwt",kid="new",pod="api-a"}', 1),
        gauge('keyset_signing_key_info{service="iris",keyset="jwt",kid="old",pod="iris-a"}', 1),
        gauge('keyset_signing_key_info{service="api",keyset="internal",kid="internal-2",pod="api-a"}', 1),
      ],
      onset: 0,
      labels: { keyset: "jwt" },
    },
  },
  {
    alert: "KeySetReloadFailing",
    expr: 'sum by (service, keyset) (rate(keyset_reloads_total{result="invalid"}[5m])) > 0',
    for: "10m",
    severity: "ticket",
    summary: "{{ $labels.service }} cannot load its mounted {{ $labels.keyset }} key set",
    description:
      "For 10 minutes replicas of {{ $labels.service }} found their mounted {{ $labels.keyset }} key set missing or invalid at every poll (keyset_reloads_total, result invalid) and kept the last good one: the Secret was edited by hand, written by an operator of a newer format, or unmounted. Nothing fails until the KeyRotation activates a key those replicas do not hold; then its tokens fail with unknown_kid there (KeySetDiverged, AccessTokenKeyFailures).",
    under: [
      counter('keyset_reloads_total{service="career",keyset="jwt",result="ok",pod="a"}', 0),
      counter('keyset_reloads_total{service="career",keyset="jwt",result="invalid",pod="a"}', 0),
    ],
    over: {
      // A bad file is read again at every poll (2 s): about 30 refusals a minute.
      series: [
        counter('keyset_reloads_total{service="career",keyset="jwt",result="ok",pod="a"}', 0),
        counter('keyset_reloads_total{service="career",keyset="jwt",result="invalid",pod="a"}', 30),
      ],
      onset: 1,
      labels: { service: "career", keyset: "jwt" },
    },
  },
  {
    alert: "AgentFailures",
    expr: `sum by (reason) (rate(agent_failures_total{${agent}}[10m])) / ignoring (reason) group_left () (sum(rate(agent_failures_total{${agent}}[10m])) + (sum(rate(agent_messages_total{${agent}}[10m])) or vector(0))) > 0.05`,
    for: "10m",
    severity: "ticket",
    labels: { service: "agent" },
    summary: "More than 5% of the agent's attempts to handle an inbound SMS fail ({{ $labels.reason }})",
    description:
      "Over 10 minutes more than 5% of the agent's attempts to handle an inbound SMS threw with reason {{ $labels.reason }} (database, redis, timeout or other); BullMQ retries them with backoff, so texts are answered late, and after the last attempt the sweeper re-enqueues them. The agent's logs carry the error of every failed job.",
    under: split(
      `agent_messages_total{${agent},intent="task.add",outcome="replied"}`,
      `agent_failures_total{${agent},reason="database"}`,
      0.045,
    ),
    over: {
      series: split(
        `agent_messages_total{${agent},intent="task.add",outcome="replied"}`,
        `agent_failures_total{${agent},reason="database"}`,
        0.055,
      ),
      onset: 1,
      labels: { reason: "database" },
    },
  },
  {
    alert: "LlmBreakerOpen",
    expr: "max by (service, provider) (llm_breaker_state) > 0",
    for: "15m",
    severity: "ticket",
    summary: "The circuit breaker of LLM provider {{ $labels.provider }} in {{ $labels.service }} stays open",
    description:
      "For 15 minutes the LLM router of {{ $labels.service }} kept the circuit breaker of provider {{ $labels.provider }} open or half-open (llm_breaker_state above 0; its probes keep failing): the provider is down, unreachable, refusing the API key, or too slow for the first-token deadline. Answers go to the next provider (often a paid cloud one) or, with none left, to the scripted coach.",
    under: [
      gauge('llm_breaker_state{service="iris",provider="local",pod="a"}', 0),
      gauge('llm_breaker_state{service="iris",provider="cloud",pod="a"}', 0),
    ],
    over: {
      series: [
        gauge('llm_breaker_state{service="iris",provider="local",pod="a"}', 1),
        gauge('llm_breaker_state{service="iris",provider="local",pod="b"}', 0),
        gauge('llm_breaker_state{service="iris",provider="cloud",pod="a"}', 0),
      ],
      onset: 0,
      labels: { service: "iris", provider: "local" },
    },
  },
  {
    alert: "LlmBudgetRejections",
    expr: "sum by (service, plan) (rate(llm_budget_rejections_total[15m])) / ignoring (plan) group_left () sum by (service) (rate(llm_answers_total[15m])) > 0.1",
    for: "15m",
    severity: "ticket",
    summary:
      "{{ $labels.service }} refuses more than 10% of its LLM answers for the {{ $labels.plan }} plan's token budget",
    description:
      "Over 15 minutes more than 10% of the answers {{ $labels.service }} routed were refused before any provider was asked because the user's daily token budget ({{ $labels.plan }} plan, LLM_TOKENS_*_PER_DAY) was spent: budgets set too low, answers larger than expected (LLM_MAX_TOKENS is reserved up front), or a few users or a script draining theirs. Those users get the scripted coach until midnight.",
    under: [
      counter('llm_answers_total{service="iris",task="coach",outcome="completed"}', 600 * 0.91),
      counter('llm_answers_total{service="iris",task="coach",outcome="budget_exhausted"}', 600 * 0.09),
      counter('llm_budget_rejections_total{service="iris",plan="free"}', 600 * 0.09),
    ],
    over: {
      series: [
        counter('llm_answers_total{service="iris",task="coach",outcome="completed"}', 600 * 0.89),
        counter('llm_answers_total{service="iris",task="coach",outcome="budget_exhausted"}', 600 * 0.11),
        counter('llm_budget_rejections_total{service="iris",plan="free"}', 600 * 0.11),
      ],
      onset: 1,
      labels: { service: "iris", plan: "free" },
    },
  },
];
