import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import type { KeyRotation } from "@phoenix/crds/key-rotation";
import type { TwilioNumber } from "@phoenix/crds/twilio-number";
import type { ResourceEventHandler } from "@phoenix/kube/object-store";
import { keyRotationGauge, twilioNumberReadyGauge } from "./status-gauges.ts";

class Events<T> {
  handler: ResourceEventHandler<T> = {};
  addHandler(handler: ResourceEventHandler<T>) {
    this.handler = handler;
  }
}

const values = async (registry: Registry, name: string) =>
  ((await registry.getSingleMetric(name)?.get())?.values ?? []).map((v) => ({ ...v.labels, value: v.value }));

const number = (
  name: string,
  ready?: { status: "True" | "False" | "Unknown"; reason: string },
): TwilioNumber => ({
  apiVersion: "phoenix.dev/v1alpha1",
  kind: "TwilioNumber",
  metadata: { namespace: "phoenix", name },
  spec: { userId: name, countryCode: "US", releasePolicy: "Release" },
  ...(ready && {
    status: {
      conditions: [{ type: "Ready", ...ready, message: "", lastTransitionTime: "2026-01-01T00:00:00Z" }],
    },
  }),
});

describe("twilio_numbers_ready", () => {
  it("counts TwilioNumbers by Ready status and reason as events arrive", async () => {
    const registry = new Registry();
    const events = new Events<TwilioNumber>();
    twilioNumberReadyGauge(registry, events);
    events.handler.onAdd?.(number("a"));
    events.handler.onAdd?.(number("b", { status: "True", reason: "Provisioned" }));
    events.handler.onAdd?.(number("c", { status: "False", reason: "NumberNotAvailable" }));
    expect(await values(registry, "twilio_numbers_ready")).toEqual(
      expect.arrayContaining([
        { status: "Unknown", reason: "NotReconciled", value: 1 },
        { status: "True", reason: "Provisioned", value: 1 },
        { status: "False", reason: "NumberNotAvailable", value: 1 },
      ]),
    );
    events.handler.onUpdate?.(number("a"), number("a", { status: "True", reason: "Provisioned" }));
    events.handler.onDelete?.(number("c", { status: "False", reason: "NumberNotAvailable" }));
    expect(await values(registry, "twilio_numbers_ready")).toEqual([
      { status: "True", reason: "Provisioned", value: 2 },
    ]);
    expect(await registry.metrics()).toContain('twilio_numbers_ready{status="True",reason="Provisioned"} 2');
  });
});

describe("keyrotation_next_rotation_seconds", () => {
  const rotation = (name: string, next?: string) =>
    ({
      apiVersion: "phoenix.dev/v1alpha1",
      kind: "KeyRotation",
      metadata: { namespace: "phoenix", name },
      ...(next && { status: { nextRotationTime: next } }),
    }) as KeyRotation;

  it("exports the seconds until each nextRotationTime, negative once past due", async () => {
    const registry = new Registry();
    const events = new Events<KeyRotation>();
    let now = Date.parse("2026-03-01T00:00:00Z");
    keyRotationGauge(registry, events, { now: () => now, setTimer: () => () => undefined });
    events.handler.onAdd?.(rotation("jwt", "2026-03-01T01:00:00Z"));
    events.handler.onAdd?.(rotation("fresh"));
    expect(await values(registry, "keyrotation_next_rotation_seconds")).toEqual([
      { namespace: "phoenix", keyrotation: "jwt", value: 3600 },
    ]);
    now += 2 * 3600_000;
    expect(await values(registry, "keyrotation_next_rotation_seconds")).toEqual([
      { namespace: "phoenix", keyrotation: "jwt", value: -3600 },
    ]);
    events.handler.onUpdate?.(rotation("jwt"), rotation("jwt", "2026-03-31T02:00:00Z"));
    events.handler.onUpdate?.(rotation("fresh"), rotation("fresh", "2026-03-01T02:00:30Z"));
    expect(await values(registry, "keyrotation_next_rotation_seconds")).toEqual([
      { namespace: "phoenix", keyrotation: "jwt", value: 30 * 86400 },
      { namespace: "phoenix", keyrotation: "fresh", value: 30 },
    ]);
    events.handler.onDelete?.(rotation("jwt"));
    expect(await values(registry, "keyrotation_next_rotation_seconds")).toEqual([
      { namespace: "phoenix", keyrotation: "fresh", value: 30 },
    ]);
  });
});
