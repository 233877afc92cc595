// The API dashboard: the public API's traffic, the access-token verifications of every service
// that verifies the API's tokens (API, iris, career) and the key sets they hold, career's
// requests, rate limiting.
import { ns, quantile, rate, ratio } from "./panels.ts";
import type { DashboardSpec } from "./panels.ts";
import { errorSteps, h, http, probes, svc, ts } from "./kit.ts";

const api = (extra = "") => http("api", extra ? `${probes},${extra}` : probes);
const career = (extra = "") => http("career", extra ? `${probes},${extra}` : probes);
const tokenServices = `service=~"api|iris|career",${ns}`;

export const apiDashboard: DashboardSpec = {
  uid: "phoenix-api",
  file: "phoenix-api",
  title: "Phoenix / API",
  description:
    "The public API: traffic, errors and latency per route, access-token verifications and the key sets loaded (API, iris, career), career's requests, rate limiting.",
  tags: ["phoenix", "api"],
  rows: [
    {
      title: "Requests",
      panels: [
        ts(
          h("Requests by route", "Requests answered per route pattern, probes and /metrics excluded."),
          "reqps",
          [{ expr: rate(api(), "method, route"), legend: "{{method}} {{route}}" }],
        ),
        ts(h("Requests by status", "Requests answered per HTTP status."), "reqps", [
          { expr: rate(api(), "status_code"), legend: "{{status_code}}" },
        ]),
        ts(
          h("5xx ratio", "Share of requests answered with a 5xx (SLO: 99.9 % without)."),
          "percentunit",
          [{ expr: ratio(api('status_code=~"5.."'), api()), legend: "5xx" }],
          { thresholds: { base: "green", steps: [[0.001, "red"]] }, min: 0 },
        ),
        ts(
          h(
            "p99 latency by route",
            "99th percentile of the server-side duration per route (SLO: 99 % within 250 ms).",
          ),
          "s",
          [
            {
              expr: quantile(0.99, "http_request_duration_seconds", `${svc("api")},${probes}`, "route"),
              legend: "{{route}}",
            },
          ],
        ),
        ts(
          h("4xx by route", "Client errors per route and status (validation, auth, conflicts, rate limits)."),
          "reqps",
          [
            {
              expr: rate(api('status_code=~"4.."'), "route, status_code"),
              legend: "{{route}} {{status_code}}",
            },
          ],
        ),
      ],
    },
    {
      title: "Access tokens",
      panels: [
        ts(
          h(
            "Verifications by result",
            "Access tokens verified by the API, iris and career: valid, or why not (expired, unknown_kid, bad_signature, wrong_alg, bad_claims, malformed); missing: a request refused for want of a token on a route that requires one.",
          ),
          "ops",
          [
            {
              expr: rate(`auth_token_verifications_total{${tokenServices}}`, "service, result"),
              legend: "{{service}} {{result}}",
            },
          ],
        ),
        ts(
          h(
            "Key failures",
            "Share of access tokens refused for a key reason (unknown_kid, bad_signature, wrong_alg: a key rotation gone wrong), per service (SLO key-rotation-no-401: 99.9 % without; alert AccessTokenKeyFailures above 1 %).",
          ),
          "percentunit",
          [
            {
              expr: ratio(
                `auth_token_verifications_total{${tokenServices},result=~"unknown_kid|bad_signature|wrong_alg"}`,
                `auth_token_verifications_total{${tokenServices},result!="missing"}`,
                "service",
              ),
              legend: "{{service}}",
            },
          ],
          {
            thresholds: {
              base: "green",
              steps: [
                [0.001, "orange"],
                [0.01, "red"],
              ],
            },
            min: 0,
          },
        ),
        ts(
          h(
            "Signing keys in use",
            "Distinct signing keys per key set across the replicas that load it (the API's jwt and internal sets; iris and career load jwt): 1 normally, 2 for seconds while a rotation activates its key; more for 10 minutes is alert KeySetDiverged.",
          ),
          "short",
          [
            {
              expr: `count by (keyset) (count by (keyset, kid) (keyset_signing_key_info{${tokenServices}}))`,
              legend: "{{keyset}}",
            },
          ],
          { thresholds: { base: "green", steps: [[2, "red"]] }, min: 0 },
        ),
        ts(
          h(
            "Signing key per replica",
            "The key each replica signs with now (the newest active key whose activatesAt has passed), by key set and kid: a replica whose line keeps an old kid runs an old key set. Compare with the KeyRotation's current kid (kubectl get keyrotations).",
          ),
          "short",
          [
            {
              expr: `max by (service, instance, keyset, kid) (keyset_signing_key_info{${tokenServices}})`,
              legend: "{{service}} {{instance}} {{keyset}} {{kid}}",
            },
          ],
        ),
        ts(
          h(
            "Key set revision per replica",
            "Revision of the key set each replica has loaded; they should all reach the KeyRotation's status.revision within the kubelet's Secret sync (about a minute).",
          ),
          "short",
          [
            {
              expr: `max by (service, instance, keyset) (keyset_revision{${tokenServices}})`,
              legend: "{{service}} {{instance}} {{keyset}}",
            },
          ],
        ),
        ts(
          h(
            "Key set reloads",
            "Loads of the mounted key set by result: ok (a new revision loaded), invalid (missing or not a valid key set, read again at every poll while the last good set stays in use; alert KeySetReloadFailing).",
          ),
          "ops",
          [
            {
              expr: rate(`keyset_reloads_total{${tokenServices}}`, "service, keyset, result"),
              legend: "{{service}} {{keyset}} {{result}}",
            },
          ],
        ),
      ],
    },
    {
      title: "career",
      panels: [
        ts(
          h("Requests by route", "career's requests per route pattern, probes and /metrics excluded."),
          "reqps",
          [{ expr: rate(career(), "method, route"), legend: "{{method}} {{route}}" }],
        ),
        ts(
          h("Errors", "Share of career's requests answered with a 4xx or a 5xx."),
          "percentunit",
          [
            { expr: ratio(career('status_code=~"5.."'), career()), legend: "5xx" },
            { expr: ratio(career('status_code=~"4.."'), career()), legend: "4xx" },
          ],
          { thresholds: errorSteps, min: 0 },
        ),
        ts(h("p99 latency by route", "99th percentile of career's server-side duration per route."), "s", [
          {
            expr: quantile(0.99, "http_request_duration_seconds", `${svc("career")},${probes}`, "route"),
            legend: "{{route}}",
          },
        ]),
      ],
    },
    {
      title: "Rate limiting",
      panels: [
        ts(h("Decisions", "Rate-limit decisions by scope (api, global, login) and decision."), "ops", [
          {
            expr: rate(`rate_limit_decisions_total{${svc("api")}}`, "scope, decision"),
            legend: "{{scope}} {{decision}}",
          },
        ]),
        ts(h("429 answers", "Requests refused with 429 Too Many Requests, per route."), "reqps", [
          { expr: rate(api('status_code="429"'), "route"), legend: "{{route}}" },
        ]),
        ts(
          h(
            "Limiter unavailable",
            "Decisions taken without Redis: allowed (fail-open) or denied (fail-closed).",
          ),
          "ops",
          [
            {
              expr: rate(
                `rate_limit_decisions_total{${svc("api")},decision=~"unavailable_.*"}`,
                "scope, decision",
              ),
              legend: "{{scope}} {{decision}}",
            },
          ],
        ),
      ],
    },
  ],
};
