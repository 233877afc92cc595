// The platform overview and the SMS path dashboards.
import { ns, quantile, rate, ratio } from "./panels.ts";
import type { DashboardSpec } from "./panels.ts";
import { errorSteps, h, http, probes, svc, ts } from "./kit.ts";

export const overview: DashboardSpec = {
  uid: "phoenix-overview",
  file: "phoenix-overview",
  title: "Phoenix / Platform overview",
  description:
    "Every Phoenix process at a glance: scrape health, traffic, errors, latency and resources per service.",
  tags: ["phoenix"],
  variables: ["service"],
  rows: [
    {
      title: "Traffic and errors",
      panels: [
        ts(h("Targets up", "Scrape targets answering /metrics, per job (1 per healthy replica)."), "short", [
          { expr: `sum by (job) (up{${ns}})`, legend: "{{job}}" },
        ]),
        ts(h("Requests per second", "HTTP requests answered, probes and /metrics excluded."), "reqps", [
          {
            expr: rate(`http_requests_total{${ns},service=~"$service",${probes}}`, "service"),
            legend: "{{service}}",
          },
        ]),
        ts(
          h("5xx ratio", "Share of HTTP requests answered with a 5xx, probes and /metrics excluded."),
          "percentunit",
          [
            {
              expr: ratio(
                `http_requests_total{${ns},service=~"$service",${probes},status_code=~"5.."}`,
                `http_requests_total{${ns},service=~"$service",${probes}}`,
                "service",
              ),
              legend: "{{service}}",
            },
          ],
          { thresholds: errorSteps, min: 0 },
        ),
        ts(h("p99 latency", "99th percentile of the server-side request duration, probes excluded."), "s", [
          {
            expr: quantile(
              0.99,
              "http_request_duration_seconds",
              `${ns},service=~"$service",${probes}`,
              "service",
            ),
            legend: "{{service}}",
          },
        ]),
        ts(
          h(
            "Readiness failures",
            "Share of /readyz probes answered 503 (Postgres, Redis or the API server unreachable).",
          ),
          "percentunit",
          [
            {
              expr: ratio(
                `http_requests_total{${ns},service=~"$service",route="/readyz",status_code="503"}`,
                `http_requests_total{${ns},service=~"$service",route="/readyz"}`,
                "service",
              ),
              legend: "{{service}}",
            },
          ],
          { thresholds: errorSteps, min: 0 },
        ),
        ts(
          h(
            "Readiness checks",
            "Share of replicas whose last /readyz probe found the dependency usable, per service and check (alert below 50 %).",
          ),
          "percentunit",
          [
            {
              expr: `avg by (service, check) (readiness_check_up{${ns},service=~"$service"})`,
              legend: "{{service}} {{check}}",
            },
          ],
          { thresholds: { base: "red", steps: [[0.5, "green"]] }, min: 0, max: 1 },
        ),
      ],
    },
    {
      title: "Resources",
      panels: [
        ts(h("Resident memory", "Resident set size per replica."), "bytes", [
          {
            expr: `sum by (service, instance) (process_resident_memory_bytes{${ns},service=~"$service"})`,
            legend: "{{service}} {{instance}}",
          },
        ]),
        ts(h("CPU", "CPU seconds per second per replica."), "percentunit", [
          {
            expr: rate(`process_cpu_seconds_total{${ns},service=~"$service"}`, "service, instance"),
            legend: "{{service}} {{instance}}",
          },
        ]),
        ts(h("Event loop lag p99", "Node.js event loop delay, 99th percentile, per replica."), "s", [
          {
            expr: `max by (service, instance) (nodejs_eventloop_lag_p99_seconds{${ns},service=~"$service"})`,
            legend: "{{service}} {{instance}}",
          },
        ]),
      ],
    },
  ],
};

const webhook = 'route=~"/twilio/sms|/twilio/sms/:key"';

export const smsPath: DashboardSpec = {
  uid: "phoenix-sms-path",
  file: "phoenix-sms-path",
  title: "Phoenix / SMS path",
  description:
    "An inbound SMS from Twilio's webhook (sms-router) through the agent to the workers' reply, reminders and nudges.",
  tags: ["phoenix", "sms"],
  rows: [
    {
      title: "sms-router",
      panels: [
        ts(
          h("Inbound webhooks by outcome", "accepted, duplicate, unknown_number, unknown_sender, invalid."),
          "reqps",
          [{ expr: rate(`sms_inbound_total{${svc("sms-router")}}`, "outcome"), legend: "{{outcome}}" }],
        ),
        ts(
          h("Webhook latency", "Server-side duration of the inbound SMS webhook (SLO: 99 % within 50 ms)."),
          "s",
          [
            {
              expr: quantile(0.5, "http_request_duration_seconds", `${svc("sms-router")},${webhook}`),
              legend: "p50",
            },
            {
              expr: quantile(0.99, "http_request_duration_seconds", `${svc("sms-router")},${webhook}`),
              legend: "p99",
            },
          ],
        ),
        ts(
          h("Twilio webhooks by status", "Every /twilio/* request of the router by route and HTTP status."),
          "reqps",
          [
            {
              expr: rate(http("sms-router", 'route=~"/twilio/.*"'), "route, status_code"),
              legend: "{{route}} {{status_code}}",
            },
          ],
        ),
        ts(
          h(
            "Signature failures",
            "Webhooks rejected with 403 because X-Twilio-Signature did not validate, as a share of /twilio/* requests.",
          ),
          "percentunit",
          [
            {
              expr: `${rate(`twilio_signature_failures_total{${svc("sms-router")}}`)} / ${rate(http("sms-router", 'route=~"/twilio/.*"'))}`,
              legend: "signature failures",
            },
          ],
          { thresholds: { base: "green", steps: [[0.1, "red"]] }, min: 0 },
        ),
        ts(
          h("Status callbacks by outcome", "updated, stale, unknown_message, unknown_status, invalid."),
          "reqps",
          [
            {
              expr: rate(`sms_status_callbacks_total{${svc("sms-router")}}`, "outcome"),
              legend: "{{outcome}}",
            },
          ],
        ),
      ],
    },
    {
      title: "agent",
      panels: [
        ts(
          h("Messages by intent", "Inbound messages the agent handled, by the intent it understood."),
          "ops",
          [{ expr: rate(`agent_messages_total{${svc("agent")}}`, "intent"), legend: "{{intent}}" }],
        ),
        ts(h("Messages by outcome", "Inbound messages the agent handled, by outcome."), "ops", [
          { expr: rate(`agent_messages_total{${svc("agent")}}`, "outcome"), legend: "{{outcome}}" },
        ]),
        ts(h("Handling time", "Load context, interpret, apply, draft the reply."), "s", [
          { expr: quantile(0.5, "agent_handle_duration_seconds", svc("agent")), legend: "p50" },
          { expr: quantile(0.99, "agent_handle_duration_seconds", svc("agent")), legend: "p99" },
        ]),
        ts(
          h(
            "Failures by reason",
            "Handlings of an inbound message that threw (BullMQ retries them), by reason: database, redis, timeout, other.",
          ),
          "ops",
          [{ expr: rate(`agent_failures_total{${svc("agent")}}`, "reason"), legend: "{{reason}}" }],
        ),
        ts(
          h(
            "Failure ratio",
            "Share of the agent's attempts to handle an inbound message that threw (alert AgentFailures above 5 %).",
          ),
          "percentunit",
          [
            {
              expr: `${rate(`agent_failures_total{${svc("agent")}}`)} / (${rate(`agent_failures_total{${svc("agent")}}`)} + ${rate(`agent_messages_total{${svc("agent")}}`)})`,
              legend: "failed",
            },
          ],
          { thresholds: { base: "green", steps: [[0.05, "red"]] }, min: 0 },
        ),
      ],
    },
    {
      title: "workers",
      panels: [
        ts(h("Jobs by queue and outcome", "Every BullMQ job the workers handled."), "ops", [
          {
            expr: rate(`worker_jobs_total{${svc("workers")}}`, "queue, outcome"),
            legend: "{{queue}} {{outcome}}",
          },
        ]),
        ts(
          h(
            "Outbound SMS failures",
            "Share of outbound SMS jobs (replies, reminders, nudges) that failed (SLO: 99.5 % sent).",
          ),
          "percentunit",
          [
            {
              expr: ratio(
                `worker_jobs_total{${svc("workers")},queue="outbound",outcome=~"error|failed"}`,
                `worker_jobs_total{${svc("workers")},queue="outbound",outcome!="in_flight"}`,
              ),
              legend: "failed",
            },
          ],
          { thresholds: { base: "green", steps: [[0.005, "red"]] }, min: 0 },
        ),
        ts(h("Reminders", "Reminder jobs by outcome."), "ops", [
          {
            expr: rate(`worker_jobs_total{${svc("workers")},queue="reminders"}`, "outcome"),
            legend: "{{outcome}}",
          },
        ]),
        ts(
          h(
            "Reminder lateness",
            "Time from a reminder's due time to its SMS being drafted (fired_at − due_at), p50 and p99.",
          ),
          "s",
          [
            { expr: quantile(0.5, "reminder_lateness_seconds", svc("workers")), legend: "p50" },
            { expr: quantile(0.99, "reminder_lateness_seconds", svc("workers")), legend: "p99" },
          ],
        ),
        ts(
          h(
            "Reminders on time",
            "Share of reminders fired within 60 s of their due time (SLO reminders-on-time: 99 %).",
          ),
          "percentunit",
          [
            {
              expr: `${rate(`reminder_lateness_seconds_bucket{${svc("workers")},le="60.0"}`)} / ${rate(`reminder_lateness_seconds_count{${svc("workers")}}`)}`,
              legend: "within 60 s",
            },
          ],
          { thresholds: { base: "red", steps: [[0.99, "green"]] }, min: 0, max: 1 },
        ),
        ts(
          h(
            "Twilio calls by code",
            "The workers' Twilio REST calls (sends, lookups, price settlement) by operation and result: HTTP status or Twilio error code (alert TwilioApiErrors above 5 % per code).",
          ),
          "reqps",
          [
            {
              expr: rate(`twilio_requests_total{${svc("workers")}}`, "operation, code"),
              legend: "{{operation}} {{code}}",
            },
          ],
        ),
        ts(
          h(
            "Sweeper recoveries",
            "Messages the sweeper found lost by Redis and re-enqueued (inbound, outbound), per sweep interval.",
          ),
          "short",
          [
            {
              expr: `sum by (outcome) (increase(worker_jobs_total{${svc("workers")},queue="sweeper",outcome=~"inbound|outbound"}[$__rate_interval]))`,
              legend: "{{outcome}}",
            },
          ],
        ),
        ts(
          h(
            "Queue jobs by state",
            "BullMQ jobs per queue and state (waiting, prioritized, delayed, active, failed), read from Redis at scrape time.",
          ),
          "short",
          [
            {
              expr: `max by (queue, state) (bullmq_queue_jobs{${svc("workers")}})`,
              legend: "{{queue}} {{state}}",
            },
          ],
          { min: 0 },
        ),
        ts(
          h(
            "Oldest waiting job",
            "Seconds the oldest waiting job of each queue has waited since it was due (0 when none waits; alert above 5 min).",
          ),
          "s",
          [
            {
              expr: `max by (queue) (bullmq_queue_oldest_waiting_seconds{${svc("workers")}})`,
              legend: "{{queue}}",
            },
          ],
          { thresholds: { base: "green", steps: [[300, "red"]] }, min: 0 },
        ),
      ],
    },
  ],
};
