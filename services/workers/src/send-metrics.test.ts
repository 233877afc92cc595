import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { codeLabel, reminderLateness, replyLatency, twilioCallCounter } from "./send-metrics.ts";

describe("the workers' Twilio result codes", () => {
  it("labels a call by HTTP status, or by a known Twilio code, and folds unknown codes into other", () => {
    expect(codeLabel({ status: 201 })).toBe("201");
    expect(codeLabel({ status: 0 })).toBe("0");
    expect(codeLabel({ status: 400, code: 21610 })).toBe("21610");
    expect(codeLabel({ status: 400, code: 21211 })).toBe("21211");
    expect(codeLabel({ status: 400, code: 99999 })).toBe("other");
  });

  it("counts calls into twilio_requests_total{operation,code}", async () => {
    const registry = new Registry();
    const onCall = twilioCallCounter(registry);
    onCall({ operation: "messages.create", status: 201, durationMs: 5 });
    onCall({ operation: "messages.create", status: 400, code: 21610, durationMs: 5 });
    onCall({ operation: "messages.create", status: 400, code: 12345, durationMs: 5 });
    const text = await registry.metrics();
    expect(text).toContain('twilio_requests_total{operation="messages.create",code="201"} 1');
    expect(text).toContain('twilio_requests_total{operation="messages.create",code="21610"} 1');
    expect(text).toContain('twilio_requests_total{operation="messages.create",code="other"} 1');
  });

  it("has a 60 s bucket for the reminders-on-time SLO", async () => {
    const registry = new Registry();
    reminderLateness(registry).observe(42);
    expect(await registry.metrics()).toContain('reminder_lateness_seconds_bucket{le="60"} 1');
  });

  it("has a 10 s bucket for the reply-sent SLO", async () => {
    const registry = new Registry();
    const histogram = replyLatency(registry);
    histogram.observe(9.5);
    histogram.observe(12);
    const text = await registry.metrics();
    expect(text).toContain('sms_reply_latency_seconds_bucket{le="10"} 1');
    expect(text).toContain("sms_reply_latency_seconds_count 2");
  });
});
