// The KeyRotation decision: given the key set in the Secret, the CR and the time, what is the
// one next step? Pure, so every branch is unit-tested; the controller only carries it out.
//
// A rotation walks a new key through staged → active → retiring → pruned:
//   stage    at the due time (or on a manual trigger): new key "staged", activatesAt = now + activationDelay
//   promote  at its activatesAt: new key "active"; the old active key "retiring", retiresAt = now + overlap
//   prune    at retiresAt: the old key leaves the set
import type { KeyRotation } from "@phoenix/crds/key-rotation";
import type { KeyEntry, KeySetDocument } from "@phoenix/kernel/keyset";
import { parseDuration } from "./duration.ts";

export const annotations = {
  /** On the Secret: the rotation due time (or trigger) that produced its newest key. */
  rotationFor: "phoenix.dev/rotation-for",
  /**
   * On the Secret: the rotate-annotation value last acted on. Kept apart from rotationFor,
   * which the next scheduled rotation overwrites: a handled trigger must never fire again.
   */
  handledTrigger: "phoenix.dev/handled-trigger",
  revision: "phoenix.dev/revision",
  contentHash: "phoenix.dev/content-hash",
} as const;

/** On the Secret: the KeyRotation whose key set it holds. Only Secrets carrying it are written. */
export const managedByLabel = "phoenix.dev/keyrotation";

export type Step =
  | { kind: "initialize"; reason: string }
  | { kind: "stage"; rotationFor: string; reason: "Scheduled" }
  | { kind: "stage"; rotationFor: string; reason: "ManualTrigger"; trigger: string }
  | { kind: "promote"; kid: string }
  | { kind: "prune"; kids: string[] }
  | { kind: "wait"; until: Date };

export interface PlanInput {
  keyRotation: KeyRotation;
  keySet: KeySetDocument | undefined;
  /** Annotations of the Secret: they survive the CR being recreated and status writes lost in a crash. */
  secretAnnotations: Record<string, string>;
  now: Date;
}

const at = (iso: string) => new Date(iso).getTime();
function newest(keys: KeyEntry[]): KeyEntry {
  const [latest] = [...keys].sort((a, b) => at(b.createdAt) - at(a.createdAt));
  if (!latest) throw new Error("a key set holds at least one key");
  return latest;
}

/** When the next scheduled rotation is due: the newest key's creation plus the interval. */
export function nextRotationTime(keyRotation: KeyRotation, keySet: KeySetDocument): Date {
  const latest = newest(keySet.keys);
  return new Date(at(latest.createdAt) + parseDuration(keyRotation.spec.rotationInterval));
}

/**
 * When the last rotation started: the newest key's creation, once the set has moved past its
 * first revision. Derived from the Secret, so a status write lost in a crash loses nothing.
 */
export function lastRotationTime(keySet: KeySetDocument): string | undefined {
  return keySet.revision > 1 ? newest(keySet.keys).createdAt : undefined;
}

export function planStep({ keyRotation, keySet, secretAnnotations, now }: PlanInput): Step {
  // No usable key set yet (first reconcile, deleted Secret, or a type/algorithm change): start over.
  if (!keySet) return { kind: "initialize", reason: "NoKeySet" };
  if (keySet.type !== keyRotation.spec.type || keySet.algorithm !== keyRotation.spec.algorithm) {
    return { kind: "initialize", reason: "AlgorithmChanged" };
  }
  const t = now.getTime();
  // A staged key whose activation time has come becomes the signing key.
  const due = keySet.keys.find((k) => k.state === "staged" && at(k.activatesAt) <= t);
  if (due) return { kind: "promote", kid: due.kid };
  // Retiring keys past their overlap leave the set.
  const expired = keySet.keys.filter((k) => k.state === "retiring" && k.retiresAt && at(k.retiresAt) <= t);
  if (expired.length > 0) return { kind: "prune", kids: expired.map((k) => k.kid) };
  // Never stage a second key while one is still on its way in.
  const staged = keySet.keys.find((k) => k.state === "staged");
  if (staged) return { kind: "wait", until: new Date(at(staged.activatesAt)) };
  // A changed trigger annotation rotates now — once per value, even across restarts and
  // scheduled rotations in between.
  const trigger = keyRotation.metadata.annotations?.["phoenix.dev/rotate"];
  if (trigger && trigger !== secretAnnotations[annotations.handledTrigger]) {
    return { kind: "stage", rotationFor: `trigger:${trigger}`, reason: "ManualTrigger", trigger };
  }
  const nextDue = nextRotationTime(keyRotation, keySet);
  // The Secret records which due time its newest key answered, so a lost status write or a new
  // leader cannot rotate twice for the same due time.
  const dueFor = `schedule:${nextDue.toISOString()}`;
  if (nextDue.getTime() <= t && secretAnnotations[annotations.rotationFor] !== dueFor) {
    return { kind: "stage", rotationFor: dueFor, reason: "Scheduled" };
  }
  return { kind: "wait", until: earliest(keySet, nextDue) };
}

/** What a step records on the Secret besides revision and content hash. */
export function stepAnnotations(step: Exclude<Step, { kind: "wait" }>): Record<string, string> {
  if (step.kind !== "stage") return {};
  return {
    [annotations.rotationFor]: step.rotationFor,
    ...(step.reason === "ManualTrigger" && { [annotations.handledTrigger]: step.trigger }),
  };
}

/** The next moment something changes: a retiring key's end or the next rotation. */
function earliest(keySet: KeySetDocument, nextDue: Date): Date {
  const times = keySet.keys.flatMap((k) => (k.state === "retiring" && k.retiresAt ? [at(k.retiresAt)] : []));
  return new Date(Math.min(nextDue.getTime(), ...times));
}
