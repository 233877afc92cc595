/* global open -- k6 reads files relative to the script with open() */
// SLO suite, journey "inbound SMS answered": bursts of signed Twilio inbound-SMS webhooks to the
// sms-router, each with a fresh MessageSid, spread over the users in USERS (numbers the router
// knows). Thresholds: k6/thresholds.json, generated from packages/observability/src/slos.ts.
// Run by `make load` (tools/load.ts) and by the phoenix-load chart's TestRun in a cluster.
//   k6 run -e BASE_URL=http://127.0.0.1:8003 -e PUBLIC_BASE_URL=https://sms.example.org \
//          -e AUTH_TOKEN=… -e USERS='[{"from":"+1…","to":"+1…"}]' k6/sms-webhook-slo.js
// Settings: RATE (steady webhooks/s, 20), BURST_RATE (200), BURSTS (3), STEADY (10s), BURST (5s),
// SUMMARY (file for the JSON summary; default: stdout).
import http from "k6/http";
import { check } from "k6";
import { inboundParams, twilioSignature } from "./twilio-inbound.js";

const journey = JSON.parse(open("./thresholds.json")).journeys["sms-webhook"];
const route = "/twilio/sms";
const baseUrl = __ENV.BASE_URL;
// Twilio signs the URL it was configured with (the public one, TLS ending at the gateway).
const publicUrl = `${__ENV.PUBLIC_BASE_URL || baseUrl}${route}`;
const authToken = __ENV.AUTH_TOKEN;
const users = JSON.parse(__ENV.USERS || "[]");
const rate = Number(__ENV.RATE || 20);
const burstRate = Number(__ENV.BURST_RATE || 200);
const steady = __ENV.STEADY || "10s";
const burst = __ENV.BURST || "5s";

function stages() {
  const list = [{ duration: steady, target: rate }];
  for (let i = 0; i < Number(__ENV.BURSTS || 3); i += 1) {
    list.push({ duration: "1s", target: burstRate }, { duration: burst, target: burstRate });
    list.push({ duration: "1s", target: rate }, { duration: steady, target: rate });
  }
  return list;
}

export const options = {
  scenarios: {
    bursts: {
      executor: "ramping-arrival-rate",
      startRate: rate,
      timeUnit: "1s",
      stages: stages(),
      preAllocatedVUs: 20,
      maxVUs: 300,
    },
  },
  thresholds: journey,
  summaryTrendStats: ["avg", "med", "p(95)", "p(99)", "max"],
};

export default function () {
  const user = users[Math.floor(Math.random() * users.length)];
  const params = inboundParams(user, __ENV.ACCOUNT_SID || undefined);
  const response = http.post(`${baseUrl}${route}`, params, {
    headers: { "X-Twilio-Signature": twilioSignature(authToken, publicUrl, params) },
    tags: { route, journey: "sms-webhook" },
  });
  check(response, { "answered with TwiML": (r) => r.status === 200 && String(r.body).includes("<Response") });
}

export function handleSummary(data) {
  return { [__ENV.SUMMARY || "stdout"]: JSON.stringify(data) };
}
