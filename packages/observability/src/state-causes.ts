// Cause alerts on the gauges added for them (ADR 0046): BullMQ queue depth and age (workers, read
// from Redis at scrape time), TwilioNumbers by Ready condition and KeyRotations past their
// rotation time (operator, from the reflector's events), and readiness per dependency (kernel).
// A gauge holds from minute 0, so each is over its threshold from the first evaluation.
import { gauge } from "./cause-alert.ts";
import type { CauseAlert } from "./cause-alert.ts";

export const stateCauses: readonly CauseAlert[] = [
  {
    alert: "QueueBacklog",
    expr: 'max by (queue) (sum without (state) (bullmq_queue_jobs{service="workers",state=~"waiting|prioritized"})) > 1000',
    for: "15m",
    severity: "ticket",
    labels: { service: "workers" },
    summary: "More than 1000 jobs wait in the {{ $labels.queue }} queue",
    description:
      "For 15 minutes more than 1000 jobs waited in the BullMQ {{ $labels.queue }} queue (waiting or prioritized, delayed jobs not counted): its consumers (the agent for inbound, the workers for the rest) are down, too few, or slower than the arrivals (Twilio, Postgres). Every waiting job is a text answered, sent or reminded late.",
    under: [
      gauge('bullmq_queue_jobs{service="workers",queue="outbound",state="waiting",pod="a"}', 1000),
      gauge('bullmq_queue_jobs{service="workers",queue="outbound",state="delayed",pod="a"}', 5000),
    ],
    over: {
      series: [
        gauge('bullmq_queue_jobs{service="workers",queue="outbound",state="waiting",pod="a"}', 1000),
        gauge('bullmq_queue_jobs{service="workers",queue="outbound",state="prioritized",pod="a"}', 1),
      ],
      onset: 0,
      labels: { queue: "outbound" },
    },
  },
  {
    alert: "QueueJobsWaitingTooLong",
    expr: 'max by (queue) (bullmq_queue_oldest_waiting_seconds{service="workers"}) > 300',
    for: "10m",
    severity: "page",
    labels: { service: "workers" },
    summary: "The oldest job in the {{ $labels.queue }} queue has waited more than 5 minutes",
    description:
      "For 10 minutes the oldest waiting job of the BullMQ {{ $labels.queue }} queue had waited more than 5 minutes since it was due: nothing consumes the queue (consumers down, stalled, or unable to reach Redis) or one job blocks it. Texts and reminders of that queue go out late or not at all.",
    under: [gauge('bullmq_queue_oldest_waiting_seconds{service="workers",queue="outbound",pod="a"}', 300)],
    over: {
      series: [gauge('bullmq_queue_oldest_waiting_seconds{service="workers",queue="outbound",pod="a"}', 301)],
      onset: 0,
      labels: { queue: "outbound" },
    },
  },
  {
    alert: "TwilioNumberNotReady",
    expr: 'max by (reason) (twilio_numbers_ready{service="phoenix-operator",status!="True"}) > 0',
    for: "30m",
    severity: "ticket",
    labels: { service: "phoenix-operator" },
    summary: "TwilioNumbers stay not Ready ({{ $labels.reason }})",
    description:
      "For 30 minutes at least one TwilioNumber had a Ready condition other than True, with reason {{ $labels.reason }} (NotReconciled: no status yet): its user has no working number, or a deleted number is not released at Twilio and still billed. A bulk creation passes through this state for minutes; a number that stays in it does not.",
    under: [
      gauge('twilio_numbers_ready{service="phoenix-operator",status="True",reason="Provisioned"}', 100),
      gauge('twilio_numbers_ready{service="phoenix-operator",status="False",reason="NumberNotAvailable"}', 0),
    ],
    over: {
      series: [
        gauge('twilio_numbers_ready{service="phoenix-operator",status="True",reason="Provisioned"}', 100),
        gauge(
          'twilio_numbers_ready{service="phoenix-operator",status="False",reason="NumberNotAvailable"}',
          1,
        ),
      ],
      onset: 0,
      labels: { reason: "NumberNotAvailable" },
    },
  },
  {
    alert: "KeyRotationOverdue",
    expr: 'max by (namespace, keyrotation) (keyrotation_next_rotation_seconds{service="phoenix-operator"}) < -1800',
    for: "10m",
    severity: "ticket",
    labels: { service: "phoenix-operator" },
    summary:
      "KeyRotation {{ $labels.namespace }}/{{ $labels.keyrotation }} is more than 30 minutes past its rotation time",
    description:
      "For 10 minutes the status.nextRotationTime of KeyRotation {{ $labels.namespace }}/{{ $labels.keyrotation }} lay more than 30 minutes in the past: the scheduled rotation did not happen (reconciles failing, Secret not writable, no leader). The current key keeps signing and verifying, so nothing breaks yet, but the key set is older than its policy allows.",
    under: [
      gauge(
        'keyrotation_next_rotation_seconds{service="phoenix-operator",namespace="phoenix",keyrotation="api-jwt"}',
        -1800,
      ),
    ],
    over: {
      series: [
        gauge(
          'keyrotation_next_rotation_seconds{service="phoenix-operator",namespace="phoenix",keyrotation="api-jwt"}',
          -1801,
        ),
      ],
      onset: 0,
      labels: { namespace: "phoenix", keyrotation: "api-jwt" },
    },
  },
  {
    alert: "ReadinessCheckFailing",
    expr: "avg by (service, check) (avg_over_time(readiness_check_up[5m])) < 0.5",
    for: "5m",
    severity: "ticket",
    summary: "{{ $labels.service }} cannot reach {{ $labels.check }} in most readiness probes",
    description:
      "For 5 minutes more than half of the /readyz probes of {{ $labels.service }}'s replicas found the {{ $labels.check }} dependency unusable (readiness_check_up 0): Postgres or Redis is down, unreachable from the pods, or refusing their credentials. Those replicas are out of their Service.",
    under: [
      gauge('readiness_check_up{service="workers",check="redis",pod="a"}', 1),
      gauge('readiness_check_up{service="workers",check="redis",pod="b"}', 0),
    ],
    over: {
      series: [
        gauge('readiness_check_up{service="workers",check="redis",pod="a"}', 1),
        gauge('readiness_check_up{service="workers",check="redis",pod="b"}', 0),
        gauge('readiness_check_up{service="workers",check="redis",pod="c"}', 0),
      ],
      onset: 0,
      labels: { service: "workers", check: "redis" },
    },
  },
];
