// The operator and the billing (Stripe, Twilio numbers' cost) dashboards.
import { quantile, rate, ratio } from "./panels.ts";
import type { DashboardSpec } from "./panels.ts";
import { h, http, op, stat, svc, ts } from "./kit.ts";

export const operator: DashboardSpec = {
  uid: "phoenix-operator",
  file: "phoenix-operator",
  title: "Phoenix / Operator",
  description:
    "The phoenix-operator's TwilioNumber and KeyRotation controllers: reconciles, work queues, leader election, Twilio calls, watches.",
  tags: ["phoenix", "operator"],
  rows: [
    {
      title: "Reconciles",
      panels: [
        ts(
          h("Reconciles by result", "Reconciliations per controller and result (success, error, requeue)."),
          "ops",
          [{ expr: rate(op("reconcile_total"), "controller, result"), legend: "{{controller}} {{result}}" }],
        ),
        ts(
          h(
            "Reconcile error ratio",
            "Share of reconciliations that failed, per controller (SLO: 99 % succeed).",
          ),
          "percentunit",
          [
            {
              expr: ratio(op("reconcile_total", 'result="error"'), op("reconcile_total"), "controller"),
              legend: "{{controller}}",
            },
          ],
          {
            thresholds: {
              base: "green",
              steps: [
                [0.01, "orange"],
                [0.1, "red"],
              ],
            },
            min: 0,
          },
        ),
        ts(
          h(
            "Reconcile p99",
            "99th percentile of one reconciliation, Twilio calls included (SLO: 99 % within 5 s).",
          ),
          "s",
          [
            {
              expr: quantile(0.99, "reconcile_time_seconds", svc("phoenix-operator"), "controller"),
              legend: "{{controller}}",
            },
          ],
        ),
      ],
    },
    {
      title: "Work queues and leader election",
      panels: [
        ts(h("Queue depth", "Keys waiting in each controller's work queue."), "short", [
          { expr: `max by (name) (${op("workqueue_depth")})`, legend: "{{name}}" },
        ]),
        ts(h("Queue adds and retries", "Keys added, and rate-limited re-adds after a failure."), "ops", [
          { expr: rate(op("workqueue_adds_total"), "name"), legend: "adds {{name}}" },
          { expr: rate(op("workqueue_retries_total"), "name"), legend: "retries {{name}}" },
        ]),
        ts(h("Work duration p99", "99th percentile of the time spent on one key."), "s", [
          {
            expr: quantile(0.99, "workqueue_work_duration_seconds", svc("phoenix-operator"), "name"),
            legend: "{{name}}",
          },
        ]),
        ts(h("Leader", "1 on the replica that holds the lease; the sum per lease must be 1."), "short", [
          { expr: `sum by (name) (${op("leader_election_master_status")})`, legend: "{{name}}" },
        ]),
      ],
    },
    {
      title: "Twilio and the API server",
      panels: [
        ts(
          h("Twilio calls", "Twilio REST calls by operation and result (HTTP status or Twilio error code)."),
          "reqps",
          [{ expr: rate(op("twilio_requests_total"), "operation, code"), legend: "{{operation}} {{code}}" }],
        ),
        ts(h("Twilio errors", "Twilio calls that did not answer 2xx, by result code."), "reqps", [
          { expr: rate(op("twilio_requests_total", 'code!~"2.."'), "code"), legend: "{{code}}" },
        ]),
        ts(
          h(
            "Reflector lists and watch ends",
            "Full lists (start, 410 Gone) and watches ended by reason; a rising 'stalled' means silent connections.",
          ),
          "short",
          [
            {
              expr: `sum by (name) (increase(${op("reflector_lists_total")}[$__rate_interval]))`,
              legend: "lists {{name}}",
            },
            {
              expr: `sum by (name, reason) (increase(${op("reflector_watch_ends_total")}[$__rate_interval]))`,
              legend: "watch ends {{name}} {{reason}}",
            },
          ],
        ),
        ts(
          h(
            "Own writes skipped, events dropped",
            "Watch events of the operator's own writes that triggered no reconcile; Kubernetes Events dropped on a full queue.",
          ),
          "ops",
          [
            {
              expr: rate(op("own_write_echoes_skipped_total"), "resource"),
              legend: "echoes skipped {{resource}}",
            },
            { expr: rate(op("events_dropped_total")), legend: "events dropped" },
          ],
        ),
      ],
    },
    {
      title: "TwilioNumbers and KeyRotations",
      panels: [
        ts(
          h(
            "TwilioNumbers by Ready",
            "TwilioNumbers by the status and reason of their Ready condition (alert while any is not True for 30 min).",
          ),
          "short",
          [
            {
              expr: `max by (status, reason) (${op("twilio_numbers_ready")})`,
              legend: "{{status}} {{reason}}",
            },
          ],
          { min: 0 },
        ),
        ts(
          h(
            "Next key rotation",
            "Seconds until each KeyRotation's status.nextRotationTime, negative once past due (alert 30 min past). Its namespace label is the KeyRotation's.",
          ),
          "s",
          [
            {
              expr: `min by (namespace, keyrotation) (${op("keyrotation_next_rotation_seconds")})`,
              legend: "{{namespace}}/{{keyrotation}}",
            },
          ],
          { thresholds: { base: "red", steps: [[-1800, "green"]] } },
        ),
      ],
    },
  ],
};

export const billing: DashboardSpec = {
  uid: "phoenix-billing",
  file: "phoenix-billing",
  title: "Phoenix / Billing and Stripe",
  description:
    "Stripe Checkout, Portal and webhooks in the API, and what the provisioned Twilio numbers cost.",
  tags: ["phoenix", "billing"],
  rows: [
    {
      title: "Stripe webhooks",
      panels: [
        ts(
          h(
            "Webhooks by type and outcome",
            "Deliveries by event type and outcome (processed, duplicate, rejected).",
          ),
          "ops",
          [
            {
              expr: rate(`stripe_webhooks_total{${svc("api")}}`, "type, outcome"),
              legend: "{{type}} {{outcome}}",
            },
          ],
        ),
        ts(
          h(
            "Rejected webhooks",
            "Share of deliveries rejected (bad signature, stale timestamp, unreadable body).",
          ),
          "percentunit",
          [
            {
              expr: ratio(
                `stripe_webhooks_total{${svc("api")},outcome="rejected"}`,
                `stripe_webhooks_total{${svc("api")}}`,
              ),
              legend: "rejected",
            },
          ],
          { thresholds: { base: "green", steps: [[0.1, "red"]] }, min: 0 },
        ),
        ts(
          h("Webhook 5xx ratio", "Share of webhook deliveries answered 5xx (Stripe retries them)."),
          "percentunit",
          [
            {
              expr: ratio(
                http("api", 'route="/v1/billing/webhook",status_code=~"5.."'),
                http("api", 'route="/v1/billing/webhook"'),
              ),
              legend: "5xx",
            },
          ],
          { thresholds: { base: "green", steps: [[0.05, "red"]] }, min: 0 },
        ),
      ],
    },
    {
      title: "Billing routes",
      panels: [
        ts(h("Billing requests", "Checkout, Portal and webhook requests by route and status."), "reqps", [
          {
            expr: rate(http("api", 'route=~"/v1/billing/.*"'), "route, status_code"),
            legend: "{{route}} {{status_code}}",
          },
        ]),
        ts(
          h("Billing latency p99", "99th percentile per billing route (Checkout and Portal call Stripe)."),
          "s",
          [
            {
              expr: quantile(
                0.99,
                "http_request_duration_seconds",
                `${svc("api")},route=~"/v1/billing/.*"`,
                "route",
              ),
              legend: "{{route}}",
            },
          ],
        ),
      ],
    },
    {
      title: "Twilio numbers",
      panels: [
        stat(
          h("Numbers owned", "TwilioNumbers with a provisioned number (the operator's leader)."),
          "short",
          `max(${op("twilio_numbers_owned")})`,
        ),
        stat(
          h("Monthly rental", "Monthly rental of the provisioned numbers at the prices in their status."),
          "currencyUSD",
          `max(${op("twilio_monthly_cost_usd")})`,
        ),
      ],
    },
  ],
};
