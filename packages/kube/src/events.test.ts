import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { EventRecorder, eventFor } from "./events.ts";
import { FakeClock } from "./fake-clock.ts";
import type { KubeClient, KubeObject } from "./kube-client.ts";

const number: KubeObject = {
  apiVersion: "phoenix.dev/v1alpha1",
  kind: "TwilioNumber",
  metadata: { namespace: "users", name: "n-1", uid: "u-1", resourceVersion: "7" },
};

/** Records what would be POSTed; the real API path is covered by the integration tier. */
function recordingClient(fail = false) {
  const created: KubeObject[] = [];
  const client = {
    create: (_type: unknown, body: KubeObject) => {
      if (fail) return Promise.reject(new Error("apiserver down"));
      created.push(body);
      return Promise.resolve(body);
    },
  } as unknown as KubeClient;
  return { client, created };
}

describe("eventFor", () => {
  it("builds an events.k8s.io/v1 Event about the object", () => {
    const now = Date.parse("2025-01-01T00:00:00.5Z");
    const event = eventFor(
      number,
      { type: "Warning", reason: "NumberUnavailable", note: "21422" },
      {
        controller: "phoenix.dev/phoenix-operator",
        instance: "op-0",
        now,
      },
    );
    expect(event).toMatchObject({
      apiVersion: "events.k8s.io/v1",
      metadata: { name: `n-1.${now.toString(16)}`, namespace: "users" },
      eventTime: "2025-01-01T00:00:00.500000Z",
      action: "Reconcile",
      type: "Warning",
      regarding: { apiVersion: "phoenix.dev/v1alpha1", kind: "TwilioNumber", name: "n-1", uid: "u-1" },
    });
  });

  it("cuts long notes to the 1 kB limit and requires apiVersion and kind", () => {
    const source = { controller: "c", instance: "i", now: 0 };
    expect(
      eventFor(number, { type: "Normal", reason: "R", note: "x".repeat(5000) }, source).note,
    ).toHaveLength(1024);
    expect(() =>
      eventFor({ metadata: { name: "n" } }, { type: "Normal", reason: "R", note: "" }, source),
    ).toThrow();
  });
});

describe("EventRecorder", () => {
  it("records an identical event once per window", async () => {
    const clock = new FakeClock();
    const { client, created } = recordingClient();
    const recorder = new EventRecorder({
      client,
      controller: "c",
      instance: "i",
      clock,
      dedupeWindowMs: 60_000,
    });
    const input = { type: "Warning" as const, reason: "Throttled", note: "429 from Twilio" };
    await recorder.record(number, input);
    await recorder.record(number, input);
    await recorder.record(number, { ...input, note: "different" });
    await clock.advance(60_000);
    await recorder.record(number, input);
    expect(created).toHaveLength(3);
  });

  it("never throws when the API server refuses", async () => {
    const { client } = recordingClient(true);
    const recorder = new EventRecorder({ client, controller: "c", instance: "i" });
    await expect(
      recorder.record(number, { type: "Normal", reason: "R", note: "n" }),
    ).resolves.toBeUndefined();
  });

  it("sends a few at a time from a bounded queue, and drops and counts what does not fit", async () => {
    const answers: Array<() => void> = [];
    const created: string[] = [];
    const client = {
      create: (_type: unknown, body: KubeObject & { note: string }) =>
        new Promise((resolve) => {
          created.push(body.note);
          answers.push(() => {
            resolve(body);
          });
        }),
    } as unknown as KubeClient;
    const registry = new Registry();
    const recorder = new EventRecorder({
      client,
      controller: "c",
      instance: "i",
      maxInFlight: 2,
      maxQueued: 3,
      registry,
    });
    const recorded = Array.from({ length: 8 }, (_, i) =>
      recorder.record(number, { type: "Normal", reason: "Provisioned", note: `n${i}` }),
    );
    await Promise.resolve();
    // Two on the wire, three waiting, three dropped (resolved at once, never sent).
    expect(created).toEqual(["n0", "n1"]);
    await Promise.all(recorded.slice(5));
    expect(await registry.metrics()).toContain("events_dropped_total 3");
    while (answers.length > 0) {
      answers.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(recorded);
    expect(created).toEqual(["n0", "n1", "n2", "n3", "n4"]);
  });
});
