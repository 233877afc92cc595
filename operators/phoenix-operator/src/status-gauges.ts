// Gauges of the custom resources' status, kept from the reflector's events (a scrape does not
// walk 10,000 cached objects): TwilioNumbers by their Ready condition, and each KeyRotation's
// time to its next rotation.
import { Gauge } from "prom-client";
import type { Registry } from "prom-client";
import type { KeyRotation } from "@phoenix/crds/key-rotation";
import type { TwilioNumber } from "@phoenix/crds/twilio-number";
import type { Clock } from "@phoenix/kube/clock";
import { findCondition } from "@phoenix/kube/conditions";
import { objectKey } from "@phoenix/kube/object-store";
import type { ResourceEventHandler } from "@phoenix/kube/object-store";

/** What the gauges need of a Reflector: its events. */
export interface EventSource<T> {
  addHandler(handler: ResourceEventHandler<T>): unknown;
}

/** Status and reason of an object's Ready condition; Unknown/NotReconciled before its first status. */
function readyOf(tn: TwilioNumber): { status: string; reason: string } {
  const ready = findCondition(tn.status?.conditions, "Ready");
  return ready
    ? { status: ready.status, reason: ready.reason }
    : { status: "Unknown", reason: "NotReconciled" };
}

/**
 * twilio_numbers_ready{status,reason}: the cached TwilioNumbers by the status (True, False,
 * Unknown) and reason of their Ready condition.
 */
export function twilioNumberReadyGauge(registry: Registry, source: EventSource<TwilioNumber>): void {
  const stateOf = new Map<string, string>();
  const track = (tn: TwilioNumber) => {
    const { status, reason } = readyOf(tn);
    stateOf.set(objectKey(tn), JSON.stringify([status, reason]));
  };
  source.addHandler({
    onAdd: track,
    onUpdate: (_previous, current) => {
      track(current);
    },
    onDelete: (tn) => stateOf.delete(objectKey(tn)),
  });
  new Gauge({
    name: "twilio_numbers_ready",
    help: "TwilioNumbers by the status and reason of their Ready condition (Unknown/NotReconciled before the first status).",
    labelNames: ["status", "reason"],
    registers: [registry],
    collect() {
      const counts = new Map<string, number>();
      for (const state of stateOf.values()) counts.set(state, (counts.get(state) ?? 0) + 1);
      // A state no object is in any more drops out rather than staying at its last count.
      this.reset();
      for (const [state, count] of counts) {
        const [status = "", reason = ""] = JSON.parse(state) as string[];
        this.set({ status, reason }, count);
      }
    },
  });
}

/**
 * keyrotation_next_rotation_seconds{namespace,keyrotation}: seconds until each KeyRotation's
 * status.nextRotationTime, negative once it is past due (a rotation that did not happen). Computed
 * at scrape from the times the events recorded; a KeyRotation without the field has no series.
 */
export function keyRotationGauge(registry: Registry, source: EventSource<KeyRotation>, clock: Clock): void {
  const dueAt = new Map<string, { namespace: string; name: string; at: number }>();
  const track = (kr: KeyRotation) => {
    const next = kr.status?.nextRotationTime;
    const at = next === undefined ? Number.NaN : Date.parse(next);
    if (Number.isNaN(at)) dueAt.delete(objectKey(kr));
    else
      dueAt.set(objectKey(kr), { namespace: kr.metadata.namespace ?? "", name: kr.metadata.name ?? "", at });
  };
  source.addHandler({
    onAdd: track,
    onUpdate: (_previous, current) => {
      track(current);
    },
    onDelete: (kr) => dueAt.delete(objectKey(kr)),
  });
  new Gauge({
    name: "keyrotation_next_rotation_seconds",
    help: "Seconds until the KeyRotation's status.nextRotationTime; negative once the rotation is past due.",
    labelNames: ["namespace", "keyrotation"],
    registers: [registry],
    collect() {
      this.reset();
      const now = clock.now();
      for (const { namespace, name, at } of dueAt.values())
        this.set({ namespace, keyrotation: name }, Math.round((at - now) / 1000));
    },
  });
}
