// The service level objectives, one per user journey and kind (availability or latency): the
// single source of the burn-rate recording and alerting rules and of their promtool tests.
// Every selector names a metric the services really export (packages/kernel/src/metrics.ts,
// services/*/src, packages/kube/src/metrics.ts); render.test.ts checks that against the source.

/** good/bad counted from one counter: `bad` and `total` are selectors of it. */
export interface EventsSli {
  readonly kind: "events";
  readonly total: string;
  readonly bad: string;
  /** Series for the promtool tests: one counted as good, one as bad (each inside `total`). */
  readonly sample: { readonly good: string; readonly bad: string };
}

/** Good = observations at or under `le` seconds of a prom-client histogram (an existing bucket). */
export interface LatencySli {
  readonly kind: "latency";
  /** The histogram's name without _bucket/_count. */
  readonly histogram: string;
  /** Label matchers inside the braces, e.g. `service="api"`. */
  readonly matchers: string;
  readonly le: string;
  /** Labels (inside braces) of one histogram series for the promtool tests, without `le`. */
  readonly sample: string;
}

export interface Slo {
  /** The `slo` label of every rule and alert generated for it. */
  readonly name: string;
  /** The burn-rate alert's name (one runbook per name). */
  readonly alert: string;
  readonly service: string;
  readonly journey: string;
  /** What one good event is, in words (alert descriptions, the ADR). */
  readonly good: string;
  /** Share of good events over the window, e.g. 0.999. */
  readonly objective: number;
  readonly window: "30d";
  readonly sli: EventsSli | LatencySli;
}

const webhookRoutes = 'route=~"/twilio/sms|/twilio/sms/:key"';
const apiRoutes = 'service="api",route!~"/healthz|/readyz|/metrics"';
// The web app's pages and assets as a browser asks for them (probes and /metrics excluded).
const webRoutes = 'service="web",route!~"/healthz|/readyz|/metrics"';
// Every service that verifies the API's access tokens with the kernel's code (KeyRotation's key set).
const tokenServices = 'service=~"api|iris|career"';

export const slos: readonly Slo[] = [
  {
    name: "sms-webhook-availability",
    alert: "SmsWebhookAvailabilityBudgetBurn",
    service: "sms-router",
    journey: "inbound SMS answered",
    good: "an inbound SMS webhook answered without a 5xx",
    objective: 0.999,
    window: "30d",
    sli: {
      kind: "events",
      total: `http_requests_total{service="sms-router",${webhookRoutes}}`,
      bad: `http_requests_total{service="sms-router",${webhookRoutes},status_code=~"5.."}`,
      sample: {
        good: 'http_requests_total{service="sms-router",route="/twilio/sms",method="POST",status_code="200"}',
        bad: 'http_requests_total{service="sms-router",route="/twilio/sms",method="POST",status_code="500"}',
      },
    },
  },
  {
    name: "sms-webhook-latency",
    alert: "SmsWebhookLatencyBudgetBurn",
    service: "sms-router",
    journey: "inbound SMS answered",
    good: "an inbound SMS webhook answered within 50 ms (server side)",
    objective: 0.99,
    window: "30d",
    sli: {
      kind: "latency",
      histogram: "http_request_duration_seconds",
      matchers: `service="sms-router",${webhookRoutes}`,
      le: "0.05",
      sample: 'service="sms-router",route="/twilio/sms",method="POST",status_code="200"',
    },
  },
  {
    name: "sms-replies-sent",
    alert: "SmsRepliesSentBudgetBurn",
    service: "workers",
    journey: "inbound SMS answered",
    good: "an outbound SMS job (reply, reminder or nudge) that reached Twilio without a failure",
    objective: 0.995,
    window: "30d",
    sli: {
      kind: "events",
      total: 'worker_jobs_total{service="workers",queue="outbound",outcome!="in_flight"}',
      bad: 'worker_jobs_total{service="workers",queue="outbound",outcome=~"error|failed"}',
      sample: {
        good: 'worker_jobs_total{service="workers",queue="outbound",outcome="sent"}',
        bad: 'worker_jobs_total{service="workers",queue="outbound",outcome="failed"}',
      },
    },
  },
  {
    name: "sms-reply-latency",
    alert: "SmsReplyLatencyBudgetBurn",
    service: "workers",
    journey: "inbound SMS answered",
    good: "a reply that reached Twilio within 10 s of its inbound SMS's arrival",
    objective: 0.99,
    window: "30d",
    sli: {
      kind: "latency",
      histogram: "sms_reply_latency_seconds",
      matchers: 'service="workers"',
      le: "10.0",
      sample: 'service="workers"',
    },
  },
  {
    name: "reminders-fired",
    alert: "RemindersFiredBudgetBurn",
    service: "workers",
    journey: "reminders on time",
    good: "a reminder job handled without an error",
    objective: 0.999,
    window: "30d",
    sli: {
      kind: "events",
      total: 'worker_jobs_total{service="workers",queue="reminders"}',
      bad: 'worker_jobs_total{service="workers",queue="reminders",outcome="error"}',
      sample: {
        good: 'worker_jobs_total{service="workers",queue="reminders",outcome="fired"}',
        bad: 'worker_jobs_total{service="workers",queue="reminders",outcome="error"}',
      },
    },
  },
  {
    name: "reminders-on-time",
    alert: "RemindersOnTimeBudgetBurn",
    service: "workers",
    journey: "reminders on time",
    good: "a reminder whose SMS was drafted within 60 s of its due time",
    objective: 0.99,
    window: "30d",
    sli: {
      kind: "latency",
      histogram: "reminder_lateness_seconds",
      matchers: 'service="workers"',
      // Prometheus 3 stores a classic histogram's bucket bounds in float form: "60" is "60.0".
      le: "60.0",
      sample: 'service="workers"',
    },
  },
  {
    name: "api-availability",
    alert: "ApiAvailabilityBudgetBurn",
    service: "api",
    journey: "API requests",
    good: "an API request (probes and /metrics excluded) answered without a 5xx",
    objective: 0.999,
    window: "30d",
    sli: {
      kind: "events",
      total: `http_requests_total{${apiRoutes}}`,
      bad: `http_requests_total{${apiRoutes},status_code=~"5.."}`,
      sample: {
        good: 'http_requests_total{service="api",route="/v1/me",method="GET",status_code="200"}',
        bad: 'http_requests_total{service="api",route="/v1/me",method="GET",status_code="503"}',
      },
    },
  },
  {
    name: "api-latency",
    alert: "ApiLatencyBudgetBurn",
    service: "api",
    journey: "API requests",
    good: "an API request answered within 250 ms (server side)",
    objective: 0.99,
    window: "30d",
    sli: {
      kind: "latency",
      histogram: "http_request_duration_seconds",
      matchers: apiRoutes,
      le: "0.25",
      sample: 'service="api",route="/v1/me",method="GET",status_code="200"',
    },
  },
  {
    name: "key-rotation-no-401",
    alert: "KeyRotation401BudgetBurn",
    service: "api",
    journey: "key rotation without 401",
    good: "an access token presented to the API, iris or career that was not refused for a key reason (unknown kid, bad signature, disallowed algorithm)",
    objective: 0.999,
    window: "30d",
    sli: {
      kind: "events",
      // "missing" (no token where one is required) is the client's, not a verification: excluded.
      total: `auth_token_verifications_total{${tokenServices},result!="missing"}`,
      bad: `auth_token_verifications_total{${tokenServices},result=~"unknown_kid|bad_signature|wrong_alg"}`,
      sample: {
        good: 'auth_token_verifications_total{service="api",result="valid"}',
        bad: 'auth_token_verifications_total{service="api",result="unknown_kid"}',
      },
    },
  },
  {
    name: "operator-reconcile-success",
    alert: "OperatorReconcileBudgetBurn",
    service: "phoenix-operator",
    journey: "the operator's reconcile",
    good: "a TwilioNumber or KeyRotation reconcile that did not fail",
    objective: 0.99,
    window: "30d",
    sli: {
      kind: "events",
      total: 'reconcile_total{service="phoenix-operator"}',
      bad: 'reconcile_total{service="phoenix-operator",result="error"}',
      sample: {
        good: 'reconcile_total{service="phoenix-operator",controller="twilionumber",result="success"}',
        bad: 'reconcile_total{service="phoenix-operator",controller="twilionumber",result="error"}',
      },
    },
  },
  {
    name: "operator-reconcile-latency",
    alert: "OperatorReconcileLatencyBudgetBurn",
    service: "phoenix-operator",
    journey: "the operator's reconcile",
    good: "a reconcile that took at most 5 s (Twilio calls included)",
    objective: 0.99,
    window: "30d",
    sli: {
      kind: "latency",
      histogram: "reconcile_time_seconds",
      matchers: 'service="phoenix-operator"',
      // Prometheus 3 stores a classic histogram's bucket bounds in float form: "5" is "5.0".
      le: "5.0",
      sample: 'service="phoenix-operator",controller="twilionumber"',
    },
  },
  {
    name: "web-pages-availability",
    alert: "WebPagesAvailabilityBudgetBurn",
    service: "web",
    journey: "web pages",
    good: "a web page or asset (public pages, the app shell, its assets) served without a 5xx",
    objective: 0.999,
    window: "30d",
    sli: {
      kind: "events",
      total: `http_requests_total{${webRoutes}}`,
      bad: `http_requests_total{${webRoutes},status_code=~"5.."}`,
      sample: {
        good: 'http_requests_total{service="web",route="/",method="GET",status_code="200"}',
        bad: 'http_requests_total{service="web",route="/",method="GET",status_code="503"}',
      },
    },
  },
  {
    name: "web-pages-latency",
    alert: "WebPagesLatencyBudgetBurn",
    service: "web",
    journey: "web pages",
    good: "a web page or asset served within 100 ms (server side)",
    objective: 0.99,
    window: "30d",
    sli: {
      kind: "latency",
      histogram: "http_request_duration_seconds",
      matchers: webRoutes,
      le: "0.1",
      sample: 'service="web",route="/",method="GET",status_code="200"',
    },
  },
];
