/* global open -- k6 reads files relative to the script with open() */
// SLO suite, journey "API requests": accounts sign up and log in, then authenticated reads
// (GET /v1/me, GET /v1/me/quota) and a write (POST /v1/me/consents) at constant arrival rates.
// Thresholds: k6/thresholds.json, generated from packages/observability/src/slos.ts. Run by
// `make load` (tools/load.ts) and by the phoenix-load chart's TestRun in a cluster.
//   k6 run -e BASE_URL=http://127.0.0.1:8000 k6/api-slo.js
// Settings: USERS (accounts signed up in setup, 100), AUTH_RATE (sign-up + login per second, 1),
// READ_RATE (50), WRITE_RATE (10), DURATION (30s), SUMMARY (file for the JSON summary; stdout).
// The API's own limits apply: 100 requests/min per user or, unauthenticated, per client IP (so
// sign-ups from one k6 IP), and 5 logins per 15 min per IP; `make load` raises both
// (RATE_LIMIT_API_PER_MINUTE, RATE_LIMIT_LOGIN_ATTEMPTS). In a cluster, keep
// (READ_RATE·2 + WRITE_RATE)·60 / USERS under 100 or raise the API's limits for the test.
import http from "k6/http";
import { check } from "k6";

const journey = JSON.parse(open("./thresholds.json")).journeys["api"];
const baseUrl = __ENV.BASE_URL;
const duration = __ENV.DURATION || "30s";
const json = { "content-type": "application/json" };

const arrival = (rate, exec, vus) => ({
  executor: "constant-arrival-rate",
  rate,
  timeUnit: "1s",
  duration,
  preAllocatedVUs: vus,
  maxVUs: vus * 10,
  exec,
});

export const options = {
  setupTimeout: "120s",
  scenarios: {
    auth: arrival(Number(__ENV.AUTH_RATE || 1), "signUpAndLogIn", 2),
    reads: arrival(Number(__ENV.READ_RATE || 50), "read", 10),
    writes: arrival(Number(__ENV.WRITE_RATE || 10), "write", 5),
  },
  thresholds: journey,
  summaryTrendStats: ["avg", "med", "p(95)", "p(99)", "max"],
};

const tagged = (route, headers = json) => ({ headers, tags: { route, journey: "api" } });
const bearer = (token) => ({ ...json, authorization: `Bearer ${token}` });

function signUp(email, password) {
  const response = http.post(
    `${baseUrl}/v1/auth/signup`,
    JSON.stringify({ email, password }),
    tagged("/v1/auth/signup"),
  );
  check(response, { "signed up": (r) => r.status === 201 });
  return response;
}

const password = "load test password";
const email = (kind) => `load-${kind}-${__VU}-${__ITER}-${Date.now()}@example.com`;

// Accounts for the reads and writes: signed up once, two at a time (argon2id is CPU-bound: more
// in parallel would only queue them behind each other and measure that queue).
export function setup() {
  const tokens = [];
  const count = Number(__ENV.USERS || 100);
  for (let start = 0; start < count; start += 2) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + 2); i += 1) {
      batch.push([
        "POST",
        `${baseUrl}/v1/auth/signup`,
        JSON.stringify({ email: `load-setup-${i}-${Date.now()}@example.com`, password }),
        tagged("/v1/auth/signup"),
      ]);
    }
    for (const response of http.batch(batch)) {
      check(response, { "signed up": (r) => r.status === 201 });
      if (response.status === 201) tokens.push(response.json("accessToken"));
    }
  }
  if (tokens.length === 0) throw new Error("no account could sign up");
  return { tokens };
}

export function signUpAndLogIn() {
  const address = email("auth");
  signUp(address, password);
  const response = http.post(
    `${baseUrl}/v1/auth/login`,
    JSON.stringify({ email: address, password }),
    tagged("/v1/auth/login"),
  );
  check(response, { "logged in": (r) => r.status === 200 && Boolean(r.json("accessToken")) });
}

const tokenOf = (data) => data.tokens[Math.floor(Math.random() * data.tokens.length)];

export function read(data) {
  const headers = bearer(tokenOf(data));
  const me = http.get(`${baseUrl}/v1/me`, tagged("/v1/me", headers));
  check(me, { "read profile": (r) => r.status === 200 });
  const quota = http.get(`${baseUrl}/v1/me/quota`, tagged("/v1/me/quota", headers));
  check(quota, { "read quota": (r) => r.status === 200 });
}

export function write(data) {
  const response = http.post(
    `${baseUrl}/v1/me/consents`,
    JSON.stringify({ type: "load-test", policyVersion: `v${__ITER % 4}` }),
    tagged("/v1/me/consents", bearer(tokenOf(data))),
  );
  check(response, { "consent recorded": (r) => r.status === 200 || r.status === 201 });
}

export function handleSummary(data) {
  return { [__ENV.SUMMARY || "stdout"]: JSON.stringify(data) };
}
