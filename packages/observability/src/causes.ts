// Cause alerts: what broke, with thresholds of their own, next to the symptom (burn-rate) alerts.
// Each carries its promtool boundary cases: under the threshold it never fires; over it, it is
// still pending one minute before `for` has elapsed and fires once it has. Onsets: a ratio of
// two constant counters, or a rate compared with 0, holds from minute 1 (the first two samples);
// a gauge from minute 0; a rate compared with a positive threshold once its range has filled
// enough (see the sweeper).
import { counter, gauge, split } from "./cause-alert.ts";
import type { CauseAlert } from "./cause-alert.ts";
import { expected } from "./promtool-tests.ts";
import type { AlertTest, TestGroup } from "./promtool-tests.ts";
import { minutes, runbookUrl } from "./rules.ts";
import type { AlertingRule, GeneratorOptions } from "./rules.ts";
import { appCauses } from "./app-causes.ts";
import { stateCauses } from "./state-causes.ts";

export type { CauseAlert } from "./cause-alert.ts";

const router = 'service="sms-router",route="/twilio/sms",method="POST"';
const webhook = 'service="api",route="/v1/billing/webhook",method="POST"';

/**
 * The operator's and the workers' Twilio calls, 4.5 % of the operator's refused with 21422 and
 * `workersRefused` of the workers' with 21610: TwilioApiErrors' boundary is per service.
 */
const twilioCalls = (workersRefused: number) => [
  ...split(
    'twilio_requests_total{service="phoenix-operator",operation="numbers.update",code="200"}',
    'twilio_requests_total{service="phoenix-operator",operation="numbers.buy",code="21422"}',
    0.045,
  ),
  ...split(
    'twilio_requests_total{service="workers",operation="messages.create",code="201"}',
    'twilio_requests_total{service="workers",operation="messages.create",code="21610"}',
    workersRefused,
  ),
];

export const causes: readonly CauseAlert[] = [
  {
    alert: "TwilioSignatureFailures",
    expr: 'sum(rate(twilio_signature_failures_total{service="sms-router"}[10m])) / sum(rate(http_requests_total{service="sms-router",route=~"/twilio/.*"}[10m])) > 0.1',
    for: "10m",
    severity: "ticket",
    labels: { service: "sms-router" },
    summary: "More than 10% of Twilio webhooks fail X-Twilio-Signature",
    description:
      "Over 10 minutes more than 10% of the requests to the Twilio webhooks were rejected with 403 because the signature did not validate: a wrong PUBLIC_BASE_URL, a rotated Twilio auth token not yet deployed, or someone posting forged webhooks. Rejected texts are lost unless Twilio retries them.",
    under: [
      ...split(
        `http_requests_total{${router},status_code="200"}`,
        `http_requests_total{${router},status_code="403"}`,
        0.09,
      ),
      counter('twilio_signature_failures_total{service="sms-router",endpoint="sms"}', 600 * 0.09),
    ],
    over: {
      series: [
        ...split(
          `http_requests_total{${router},status_code="200"}`,
          `http_requests_total{${router},status_code="403"}`,
          0.11,
        ),
        counter('twilio_signature_failures_total{service="sms-router",endpoint="sms"}', 600 * 0.11),
      ],
      onset: 1,
      labels: {},
    },
  },
  {
    alert: "TwilioApiErrors",
    expr: 'sum by (service, code) (rate(twilio_requests_total{code!~"2.."}[15m])) / ignoring (code) group_left () sum by (service) (rate(twilio_requests_total[15m])) > 0.05',
    for: "15m",
    severity: "ticket",
    summary: "Twilio answers {{ $labels.code }} to more than 5% of {{ $labels.service }}'s calls",
    description:
      "Over 15 minutes more than 5% of {{ $labels.service }}'s Twilio REST calls ended with code {{ $labels.code }} (an HTTP status, a Twilio error code, 0 for no response, other for a code outside the known set). 429 and 5xx are retried with backoff. Operator: business codes (e.g. 21422 no number available) leave TwilioNumbers not Ready. Workers: outbound SMS fail for good (21610 recipient unsubscribed, 21211 invalid number, 21408 region not enabled, 21614 not a mobile).",
    under: twilioCalls(0.045),
    over: {
      series: twilioCalls(0.055),
      onset: 1,
      labels: { service: "workers", code: "21610" },
    },
  },
  {
    alert: "SweeperRecoveringMessages",
    expr: 'sum by (outcome) (rate(worker_jobs_total{service="workers",queue="sweeper",outcome=~"inbound|outbound"}[30m])) * 1800 > 10',
    for: "15m",
    severity: "ticket",
    labels: { service: "workers" },
    summary: "The sweeper re-enqueues more than 10 {{ $labels.outcome }} messages per 30 minutes",
    description:
      "Messages ({{ $labels.outcome }}) stayed without a reply or unsent past the reply deadline and the sweeper put them back on their queue: Redis lost jobs, or the agent or the workers keep failing them. Each recovery is a text answered late.",
    under: [counter('worker_jobs_total{service="workers",queue="sweeper",outcome="inbound"}', 0.3)],
    over: {
      series: [counter('worker_jobs_total{service="workers",queue="sweeper",outcome="inbound"}', 0.4)],
      // While the 30-minute range fills, rate() divides what it saw (extrapolated half a sample
      // back) by the whole range: 0.4/min × (t + 0.5) min exceeds 10 from minute 25 on.
      onset: 25,
      labels: { outcome: "inbound" },
    },
  },
  {
    alert: "StripeWebhookRejections",
    expr: 'sum(rate(stripe_webhooks_total{service="api",outcome="rejected"}[15m])) / sum(rate(stripe_webhooks_total{service="api"}[15m])) > 0.1',
    for: "15m",
    severity: "ticket",
    labels: { service: "api" },
    summary: "More than 10% of Stripe webhooks are rejected",
    description:
      "Over 15 minutes more than 10% of Stripe webhook deliveries failed the Stripe-Signature check or were not a readable event (400): a webhook secret that does not match the endpoint's, or forged calls. Plans do not follow payments until Stripe's retries succeed.",
    under: split(
      'stripe_webhooks_total{service="api",type="invoice.paid",outcome="processed"}',
      'stripe_webhooks_total{service="api",type="unknown",outcome="rejected"}',
      0.09,
    ),
    over: {
      series: split(
        'stripe_webhooks_total{service="api",type="invoice.paid",outcome="processed"}',
        'stripe_webhooks_total{service="api",type="unknown",outcome="rejected"}',
        0.11,
      ),
      onset: 1,
      labels: {},
    },
  },
  {
    alert: "StripeWebhookErrors",
    expr: 'sum(rate(http_requests_total{service="api",route="/v1/billing/webhook",status_code=~"5.."}[15m])) / sum(rate(http_requests_total{service="api",route="/v1/billing/webhook"}[15m])) > 0.05',
    for: "15m",
    severity: "ticket",
    labels: { service: "api" },
    summary: "More than 5% of Stripe webhooks fail with a 5xx",
    description:
      "Over 15 minutes more than 5% of Stripe webhook deliveries failed inside the API (5xx, usually the database): Stripe retries for up to three days, and plans lag behind payments meanwhile.",
    under: split(
      `http_requests_total{${webhook},status_code="200"}`,
      `http_requests_total{${webhook},status_code="500"}`,
      0.045,
    ),
    over: {
      series: split(
        `http_requests_total{${webhook},status_code="200"}`,
        `http_requests_total{${webhook},status_code="500"}`,
        0.055,
      ),
      onset: 1,
      labels: {},
    },
  },
  {
    alert: "RateLimiterFailOpen",
    expr: 'sum by (scope) (rate(rate_limit_decisions_total{service="api",decision="unavailable_allowed"}[5m])) > 0',
    for: "5m",
    severity: "ticket",
    labels: { service: "api" },
    summary: "The {{ $labels.scope }} rate limit lets requests through unchecked (Redis unavailable)",
    description:
      "For 5 minutes the API could not reach Redis for {{ $labels.scope }} rate-limit decisions and, configured to fail open, allowed the requests: login brute-force and flood protection are off until Redis answers again.",
    under: [
      counter('rate_limit_decisions_total{service="api",scope="api",decision="allowed"}', 600),
      counter('rate_limit_decisions_total{service="api",scope="api",decision="unavailable_allowed"}', 0),
    ],
    over: {
      series: [
        counter('rate_limit_decisions_total{service="api",scope="api",decision="unavailable_allowed"}', 1),
      ],
      onset: 1,
      labels: { scope: "api" },
    },
  },
  {
    alert: "RateLimiterFailClosed",
    expr: 'sum by (scope) (rate(rate_limit_decisions_total{service="api",decision="unavailable_denied"}[5m])) > 0',
    for: "5m",
    severity: "page",
    labels: { service: "api" },
    summary: "The {{ $labels.scope }} rate limit refuses requests because Redis is unavailable",
    description:
      "For 5 minutes the API could not reach Redis for {{ $labels.scope }} rate-limit decisions and, configured to fail closed, refused the requests (429): users are locked out although they are within their limits.",
    under: [
      counter('rate_limit_decisions_total{service="api",scope="login",decision="denied"}', 60),
      counter('rate_limit_decisions_total{service="api",scope="login",decision="unavailable_denied"}', 0),
    ],
    over: {
      series: [
        counter('rate_limit_decisions_total{service="api",scope="login",decision="unavailable_denied"}', 1),
      ],
      onset: 1,
      labels: { scope: "login" },
    },
  },
  {
    alert: "KeyRotationFailing",
    expr: 'sum(rate(reconcile_total{service="phoenix-operator",controller="keyrotation",result="error"}[30m])) > 0',
    for: "30m",
    severity: "ticket",
    labels: { service: "phoenix-operator" },
    summary: "KeyRotation reconciles keep failing",
    description:
      "For 30 minutes every half hour held failed KeyRotation reconciles: a rotation may be stuck (key not generated, Secret not written, rollout refused). Tokens keep verifying with the current keys until their overlap ends, so fix it before the next rotation is due.",
    under: [
      counter('reconcile_total{service="phoenix-operator",controller="keyrotation",result="success"}', 1),
    ],
    over: {
      series: [
        counter('reconcile_total{service="phoenix-operator",controller="keyrotation",result="error"}', 1),
      ],
      onset: 1,
      labels: {},
    },
  },
  {
    alert: "ReconcileErrors",
    expr: 'sum by (service, controller) (rate(reconcile_total{result="error"}[15m])) / sum by (service, controller) (rate(reconcile_total[15m])) > 0.1',
    for: "15m",
    severity: "ticket",
    summary: "More than 10% of {{ $labels.service }}/{{ $labels.controller }} reconciles fail",
    description:
      "Over 15 minutes more than 10% of the {{ $labels.controller }} controller's reconciles in {{ $labels.service }} threw and were requeued with backoff: the API server, Twilio or Postgres is refusing its writes. Its logs name the key and the error.",
    under: split(
      'reconcile_total{service="phoenix-operator",controller="twilionumber",result="success"}',
      'reconcile_total{service="phoenix-operator",controller="twilionumber",result="error"}',
      0.09,
    ),
    over: {
      series: split(
        'reconcile_total{service="phoenix-operator",controller="twilionumber",result="success"}',
        'reconcile_total{service="phoenix-operator",controller="twilionumber",result="error"}',
        0.11,
      ),
      onset: 1,
      labels: { service: "phoenix-operator", controller: "twilionumber" },
    },
  },
  {
    alert: "WorkQueueBacklog",
    expr: "max by (service, name) (workqueue_depth) > 500",
    for: "30m",
    severity: "ticket",
    summary: "{{ $labels.service }}'s {{ $labels.name }} work queue holds more than 500 keys",
    description:
      "For 30 minutes more than 500 keys waited in the {{ $labels.name }} work queue of {{ $labels.service }}: the controller falls behind (slow API server or Twilio, a global rate limit, too low CONCURRENCY). A bulk creation drains in minutes; a backlog that stays does not.",
    under: [gauge('workqueue_depth{service="phoenix-operator",name="twilionumber"}', 500)],
    over: {
      series: [gauge('workqueue_depth{service="phoenix-operator",name="twilionumber"}', 501)],
      onset: 0,
      labels: { service: "phoenix-operator", name: "twilionumber" },
    },
  },
  {
    alert: "LeaderElectionNoLeader",
    expr: "sum by (service, name) (leader_election_master_status) < 1",
    for: "5m",
    severity: "page",
    summary: "No replica of {{ $labels.service }} holds the {{ $labels.name }} lease",
    description:
      "For 5 minutes every replica of {{ $labels.service }} exported leader_election_master_status 0 for the {{ $labels.name }} lease: nobody leads, so its controllers are stopped (operator: no TwilioNumber or KeyRotation is reconciled; workers: new numbers are not mirrored into Postgres and do not route).",
    under: [
      gauge('leader_election_master_status{service="phoenix-operator",name="phoenix-operator",pod="a"}', 1),
      gauge('leader_election_master_status{service="phoenix-operator",name="phoenix-operator",pod="b"}', 0),
    ],
    over: {
      series: [
        gauge('leader_election_master_status{service="phoenix-operator",name="phoenix-operator",pod="a"}', 0),
        gauge('leader_election_master_status{service="phoenix-operator",name="phoenix-operator",pod="b"}', 0),
      ],
      onset: 0,
      labels: { service: "phoenix-operator", name: "phoenix-operator" },
    },
  },
  {
    alert: "ServiceNotReady",
    expr: 'sum by (service) (rate(http_requests_total{route="/readyz",status_code="503"}[5m])) / sum by (service) (rate(http_requests_total{route="/readyz"}[5m])) > 0.5',
    for: "10m",
    severity: "ticket",
    summary: "More than half of {{ $labels.service }}'s readiness probes fail",
    description:
      "For 10 minutes more than half of the /readyz probes of {{ $labels.service }} answered 503: its replicas cannot reach Postgres or Redis (the checks /readyz runs) or are shutting down, and are taken out of their Service.",
    under: split(
      'http_requests_total{service="workers",route="/readyz",method="GET",status_code="200"}',
      'http_requests_total{service="workers",route="/readyz",method="GET",status_code="503"}',
      0.45,
    ),
    over: {
      series: split(
        'http_requests_total{service="workers",route="/readyz",method="GET",status_code="200"}',
        'http_requests_total{service="workers",route="/readyz",method="GET",status_code="503"}',
        0.55,
      ),
      onset: 1,
      labels: { service: "workers" },
    },
  },
  ...stateCauses,
  ...appCauses,
];

export function causeRule(cause: CauseAlert, options: GeneratorOptions): AlertingRule {
  return {
    alert: cause.alert,
    expr: cause.expr,
    for: cause.for,
    labels: { severity: cause.severity, ...cause.labels },
    annotations: {
      summary: cause.summary,
      description: cause.description,
      runbook_url: runbookUrl(options, cause.alert),
    },
  };
}

/** Under the threshold: quiet long after `for`; over it: pending at `for` - 1 min, firing at `for`. */
export function causeTests(cause: CauseAlert, options: GeneratorOptions): TestGroup[] {
  const rule = causeRule(cause, options);
  const fire = cause.over.onset + minutes(cause.for);
  const quiet = (at: number): AlertTest => ({ eval_time: `${at}m`, alertname: cause.alert, exp_alerts: [] });
  return [
    {
      name: `${cause.alert}: just under the threshold`,
      interval: "1m",
      input_series: [...cause.under],
      alert_rule_test: [quiet(fire), quiet(fire + 60)],
    },
    {
      name: `${cause.alert}: just over the threshold`,
      interval: "1m",
      input_series: [...cause.over.series],
      alert_rule_test: [
        quiet(fire - 1),
        { eval_time: `${fire}m`, alertname: cause.alert, exp_alerts: [expected(rule, cause.over.labels)] },
      ],
    },
  ];
}
