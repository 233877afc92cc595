// One page at a constant arrival rate: the landing page through the edge, or the same bytes as a
// static file from a bare fastify (the baseline). Run by `make bench-web`.
//   k6 run -e TARGET=http://127.0.0.1:26400/ -e RATE=200 -e DURATION=10s services/web/bench/landing.k6.js
import http from "k6/http";
import { check } from "k6";

export const options = {
  discardResponseBodies: true,
  scenarios: {
    page: {
      executor: "constant-arrival-rate",
      rate: Number(__ENV.RATE || 200),
      timeUnit: "1s",
      duration: __ENV.DURATION || "10s",
      preAllocatedVUs: 20,
      maxVUs: 200,
    },
  },
  summaryTrendStats: ["avg", "med", "p(90)", "p(95)", "p(99)", "max"],
};

export default function () {
  const response = http.get(__ENV.TARGET, { headers: { accept: "text/html", "accept-encoding": "gzip" } });
  check(response, { "status 200": (r) => r.status === 200 });
}
