// The API under a constant arrival rate: an authenticated GET /v1/me or a rate-limited write
// (POST /v1/me/consents), spread over the users whose access tokens are in TOKENS. Run by
// `make bench-api` against the API and, in the same run, against a bare fastify app.
//   k6 run -e TARGET=http://127.0.0.1:8000 -e MODE=read|write -e RATE=1000 -e DURATION=10s \
//          -e TOKENS='["eyJ…"]' services/api/bench/api.k6.js
import http from "k6/http";
import { check } from "k6";

const target = __ENV.TARGET;
const mode = __ENV.MODE || "read";
const tokens = JSON.parse(__ENV.TOKENS || "[]");

export const options = {
  discardResponseBodies: true,
  scenarios: {
    api: {
      executor: "constant-arrival-rate",
      rate: Number(__ENV.RATE || 500),
      timeUnit: "1s",
      duration: __ENV.DURATION || "10s",
      preAllocatedVUs: 50,
      maxVUs: 400,
    },
  },
  // The issue's target; the runner reads the figures, k6's exit code 99 is not an error here.
  thresholds: { http_req_duration: ["p(95)<20"] },
  summaryTrendStats: ["avg", "med", "p(90)", "p(95)", "p(99)", "max"],
};

export default function () {
  const token = tokens[Math.floor(Math.random() * tokens.length)];
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const response =
    mode === "write"
      ? http.post(
          `${target}/v1/me/consents`,
          JSON.stringify({ type: "bench", policyVersion: `v${__ITER % 4}` }),
          {
            headers,
          },
        )
      : http.get(`${target}/v1/me`, { headers });
  check(response, { "2xx": (r) => r.status >= 200 && r.status < 300 });
}
