// Twilio's inbound SMS webhook under load: signed form posts exactly as Twilio sends them, each
// with a fresh MessageSid, spread over the users in USERS. Run by `make bench-sms` against
// sms-router and, in the same run, against a bare fastify app for the baseline.
//   k6 run -e TARGET=http://127.0.0.1:26483/twilio/sms -e PUBLIC_URL=... -e AUTH_TOKEN=... \
//          -e USERS='[{"from":"+1…","to":"+1…"}]' -e RATE=200 -e DURATION=20s k6/sms-webhook.js
import http from "k6/http";
import { check } from "k6";
import { inboundParams, twilioSignature } from "./twilio-inbound.js";

const target = __ENV.TARGET;
const publicUrl = __ENV.PUBLIC_URL || target;
const authToken = __ENV.AUTH_TOKEN;
const users = JSON.parse(__ENV.USERS || "[]");

export const options = {
  scenarios: {
    webhook: {
      executor: "constant-arrival-rate",
      rate: Number(__ENV.RATE || 200),
      timeUnit: "1s",
      duration: __ENV.DURATION || "20s",
      preAllocatedVUs: 20,
      maxVUs: 200,
    },
  },
  thresholds: {
    // Architecture §8: the webhook is answered with p99 < 10 ms.
    http_req_duration: ["p(99)<10"],
    checks: ["rate>0.99"],
  },
  summaryTrendStats: ["avg", "med", "p(90)", "p(95)", "p(99)", "max"],
};

export default function () {
  const user = users[Math.floor(Math.random() * users.length)];
  const params = inboundParams(user);
  const response = http.post(target, params, {
    headers: { "X-Twilio-Signature": twilioSignature(authToken, publicUrl, params) },
  });
  check(response, { "answered with TwiML": (r) => r.status === 200 && String(r.body).includes("<Response") });
}
