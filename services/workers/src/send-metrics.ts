// The workers' Twilio and reminder metrics. twilio_requests_total{operation,code} counts every
// Twilio REST call of the workers (sends, lookups after a lost reply, price settlement) by HTTP
// status, or by Twilio error code when Twilio gives one, as the operator's does: the
// TwilioApiErrors alert reads both. Twilio has hundreds of error codes; the `code` label keeps the
// ones a send meets (documented at https://www.twilio.com/docs/api/errors) and folds the rest
// into "other", so a new code cannot grow the series without bound.
// reminder_lateness_seconds is fired_at − due_at of every reminder that fired an SMS: the SLI of
// the "reminders on time" SLO (docs/decisions/0046). sms_reply_latency_seconds is the time from an
// inbound SMS's arrival to its reply reaching Twilio: the SLI of the "reply sent" SLO (ADR 0085).
import type { TwilioCall } from "@phoenix/twilio";
import { Counter, Histogram } from "prom-client";
import type { Registry } from "prom-client";

/** Twilio error codes an outbound send may get, kept as their own `code` value. */
export const knownTwilioCodes = new Set([
  "20003", // authentication failed (wrong API key or auth token)
  "20404", // resource not found
  "20429", // too many requests
  "21211", // invalid 'To' number
  "21212", // invalid 'From' number
  "21408", // permission to send to that region not enabled
  "21602", // message body required
  "21606", // 'From' is not a valid, SMS-capable number of the account
  "21608", // trial account: unverified 'To'
  "21610", // the recipient replied STOP (unsubscribed)
  "21611", // the 'From' number's queue is full
  "21612", // 'To' unreachable from that 'From'
  "21614", // 'To' is not a mobile number
  "21617", // body too long
  "30003", // unreachable destination handset
  "30004", // message blocked
  "30005", // unknown destination handset
  "30006", // landline or unreachable carrier
  "30007", // carrier violation (filtered)
  "30008", // unknown error
]);

/** The `code` label of one call: an HTTP status (0 without a response) or a known Twilio code. */
export function codeLabel(call: Pick<TwilioCall, "status" | "code">): string {
  if (call.code !== undefined) {
    const code = String(call.code);
    return knownTwilioCodes.has(code) ? code : "other";
  }
  return String(call.status);
}

/** An onCall hook for createTwilioClient counting into twilio_requests_total. */
export function twilioCallCounter(registry: Registry): (call: TwilioCall) => void {
  const requests = new Counter({
    name: "twilio_requests_total",
    help: "Twilio REST calls by operation and result (HTTP status, or Twilio error code when present; codes outside a known set are 'other').",
    labelNames: ["operation", "code"],
    registers: [registry],
  });
  return (call) => {
    requests.inc({ operation: call.operation, code: codeLabel(call) });
  };
}

/** Bounds in seconds; 60 s is the "reminders on time" SLO's. */
export const latenessBuckets = [1, 5, 10, 30, 60, 120, 300, 900, 3600];

export function reminderLateness(registry: Registry): Histogram {
  return new Histogram({
    name: "reminder_lateness_seconds",
    help: "Time from a reminder's due time to the moment the workers fired it (drafted its SMS)",
    buckets: latenessBuckets,
    registers: [registry],
  });
}

/** Bounds in seconds; 10 s is the "reply sent" SLO's. */
export const replyLatencyBuckets = [0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];

export function replyLatency(registry: Registry): Histogram {
  return new Histogram({
    name: "sms_reply_latency_seconds",
    help: "Time from an inbound SMS's arrival (its row stored by the router) to its reply reaching Twilio (accepted by the Messages API)",
    buckets: replyLatencyBuckets,
    registers: [registry],
  });
}
