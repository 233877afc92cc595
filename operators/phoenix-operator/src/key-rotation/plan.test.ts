import { describe, expect, it } from "vitest";
import type { KeyRotation } from "@phoenix/crds/key-rotation";
import { parseKeySet } from "@phoenix/kernel/keyset";
import type { KeySetDocument } from "@phoenix/kernel/keyset";
import { applyStep, contentHash, currentKid, keyMaterialHash } from "./apply.ts";
import { parseDuration } from "./duration.ts";
import { generateKey } from "./keys.ts";
import type { GenerateKey } from "./keys.ts";
import { lastRotationTime, planStep, stepAnnotations } from "./plan.ts";
import type { Step } from "./plan.ts";

const minute = 60_000;
const t0 = new Date("2026-11-01T00:00:00Z");
const after = (ms: number) => new Date(t0.getTime() + ms);

function keyRotation(overrides: Partial<KeyRotation["spec"]> = {}, trigger?: string): KeyRotation {
  return {
    apiVersion: "phoenix.dev/v1alpha1",
    kind: "KeyRotation",
    metadata: {
      name: "jwt",
      namespace: "phoenix",
      ...(trigger && { annotations: { "phoenix.dev/rotate": trigger } }),
    },
    spec: {
      secretName: "jwt-keys",
      type: "HMAC",
      algorithm: "HS256",
      rotationInterval: "24h",
      tokenLifetime: "15m",
      reloadDelay: "2m",
      activationDelay: "5m",
      overlap: "30m",
      revisionHistoryLimit: 3,
      ...overrides,
    },
  };
}

let counter = 0;
const fakeKeys: GenerateKey = () => ({
  kid: `k${++counter}`,
  secret: Buffer.alloc(32, counter).toString("base64url"),
});

/** What the controller keeps in the Secret: the key set and the annotations steps record. */
interface State {
  keySet?: KeySetDocument;
  secretAnnotations?: Record<string, string>;
}

/** Runs planStep/applyStep like the controller, recording the Secret's annotations. */
function reconcile(kr: KeyRotation, state: State, now: Date): Step {
  const step = planStep({
    keyRotation: kr,
    keySet: state.keySet,
    secretAnnotations: state.secretAnnotations ?? {},
    now,
  });
  if (step.kind !== "wait") {
    state.keySet = applyStep(step, { keyRotation: kr, keySet: state.keySet, now, generateKey: fakeKeys });
    state.secretAnnotations = { ...state.secretAnnotations, ...stepAnnotations(step) };
  }
  return step;
}

describe("KeyRotation plan", () => {
  it("creates an initial key set whose only key signs at once", () => {
    const state: State = {};
    expect(reconcile(keyRotation(), state, t0)).toMatchObject({ kind: "initialize", reason: "NoKeySet" });
    expect(state.keySet?.keys).toHaveLength(1);
    expect(state.keySet?.keys[0]).toMatchObject({ state: "active", activatesAt: t0.toISOString() });
    expect(currentKid(state.keySet!, t0)).toBe(state.keySet!.keys[0]!.kid);
  });

  it("walks a rotation through staged, active, retiring and pruned at the right times", () => {
    const kr = keyRotation();
    const state: State = {};
    reconcile(kr, state, t0);
    const oldKid = state.keySet!.keys[0]!.kid;

    // Before the interval: nothing to do until the rotation is due.
    expect(reconcile(kr, state, after(23 * 60 * minute))).toEqual({
      kind: "wait",
      until: after(24 * 60 * minute),
    });

    const due = after(24 * 60 * minute);
    expect(reconcile(kr, state, due)).toMatchObject({ kind: "stage", reason: "Scheduled" });
    const newKid = state.keySet!.keys[1]!.kid;
    expect(state.keySet!.keys[1]).toMatchObject({
      state: "staged",
      activatesAt: after(24 * 60 * minute + 5 * minute).toISOString(),
    });
    // The old key still signs while the new one is only published.
    expect(currentKid(state.keySet!, due)).toBe(oldKid);
    expect(reconcile(kr, state, after(24 * 60 * minute + minute))).toMatchObject({ kind: "wait" });

    const activation = after(24 * 60 * minute + 5 * minute);
    expect(reconcile(kr, state, activation)).toEqual({ kind: "promote", kid: newKid });
    expect(currentKid(state.keySet!, activation)).toBe(newKid);
    const retiring = state.keySet!.keys.find((k) => k.kid === oldKid)!;
    expect(retiring).toMatchObject({
      state: "retiring",
      retiresAt: new Date(activation.getTime() + 30 * minute).toISOString(),
    });

    // During the overlap both keys verify; after it the old one is pruned.
    expect(reconcile(kr, state, after(24 * 60 * minute + 20 * minute))).toEqual({
      kind: "wait",
      until: new Date(activation.getTime() + 30 * minute),
    });
    expect(reconcile(kr, state, new Date(activation.getTime() + 30 * minute))).toEqual({
      kind: "prune",
      kids: [oldKid],
    });
    expect(state.keySet!.keys.map((k) => k.kid)).toEqual([newKid]);
    expect(state.keySet!.revision).toBe(4);
  });

  it("never rotates twice for one due time, whatever the status says", () => {
    const kr = keyRotation();
    const state: State = {};
    reconcile(kr, state, t0);
    const due = after(24 * 60 * minute);
    reconcile(kr, state, due);
    const afterFirst = state.keySet!.keys.length;
    // A new leader reconciling the same moment again (status write lost) stages nothing new.
    expect(reconcile(kr, state, due).kind).toBe("wait");
    expect(state.keySet!.keys).toHaveLength(afterFirst);
  });

  it("rotates once per manual trigger value", () => {
    const state: State = {};
    reconcile(keyRotation(), state, t0);
    const triggered = keyRotation({}, "2026-11-01T01:00");
    expect(reconcile(triggered, state, after(60 * minute))).toMatchObject({
      kind: "stage",
      reason: "ManualTrigger",
    });
    reconcile(triggered, state, after(70 * minute)); // promote
    expect(reconcile(triggered, state, after(71 * minute)).kind).toBe("wait");
    expect(reconcile(keyRotation({}, "again"), state, after(72 * minute))).toMatchObject({ kind: "stage" });
  });

  it("does not fire a handled trigger again after a scheduled rotation", () => {
    const state: State = {};
    reconcile(keyRotation(), state, t0);
    const triggered = keyRotation({}, "once");
    reconcile(triggered, state, after(60 * minute)); // stage
    reconcile(triggered, state, after(65 * minute)); // promote
    reconcile(triggered, state, after(95 * minute)); // prune
    const due = after(60 * minute + 24 * 60 * minute);
    expect(reconcile(triggered, state, due)).toMatchObject({ kind: "stage", reason: "Scheduled" });
    reconcile(triggered, state, after(60 * minute + 24 * 60 * minute + 5 * minute)); // promote
    // The annotation still says "once": no second rotation for it.
    const next = reconcile(triggered, state, after(60 * minute + 24 * 60 * minute + 6 * minute));
    expect(next.kind).toBe("wait");
    expect(state.keySet!.keys).toHaveLength(2);
  });

  it("reads the last rotation time from the key set, not from a status write that may be lost", () => {
    const kr = keyRotation();
    const state: State = {};
    reconcile(kr, state, t0);
    expect(lastRotationTime(state.keySet!)).toBeUndefined();
    const due = after(24 * 60 * minute);
    reconcile(kr, state, due); // stage
    reconcile(kr, state, after(24 * 60 * minute + 5 * minute)); // promote
    reconcile(kr, state, after(24 * 60 * minute + 35 * minute)); // prune
    expect(lastRotationTime(state.keySet!)).toBe(due.toISOString());
  });

  it("re-initialises when the Secret holds another algorithm", () => {
    const state: State = {};
    reconcile(keyRotation(), state, t0);
    const step = reconcile(keyRotation({ type: "JWTSigningKey", algorithm: "ES256" }), state, after(minute));
    expect(step).toEqual({ kind: "initialize", reason: "AlgorithmChanged" });
  });

  it("changes the content hash exactly when the document changes", () => {
    const state: State = {};
    reconcile(keyRotation(), state, t0);
    const before = contentHash(state.keySet!);
    expect(contentHash(structuredClone(state.keySet!))).toBe(before);
    reconcile(keyRotation(), state, after(24 * 60 * minute));
    expect(contentHash(state.keySet!)).not.toBe(before);
  });
});

describe("keyMaterialHash", () => {
  it("changes when a key is added or removed, not when states change", () => {
    const kr = keyRotation();
    const state: State = {};
    reconcile(kr, state, t0);
    const initial = keyMaterialHash(state.keySet!);
    reconcile(kr, state, after(24 * 60 * minute)); // stage: new key
    const staged = keyMaterialHash(state.keySet!);
    expect(staged).not.toBe(initial);
    reconcile(kr, state, after(24 * 60 * minute + 5 * minute)); // promote: states only
    expect(keyMaterialHash(state.keySet!)).toBe(staged);
    reconcile(kr, state, after(24 * 60 * minute + 35 * minute)); // prune: a key leaves
    expect(keyMaterialHash(state.keySet!)).not.toBe(staged);
  });
});

describe("generated keys", () => {
  it.each([
    ["JWTSigningKey", "ES256"],
    ["JWTSigningKey", "EdDSA"],
    ["JWTSigningKey", "RS256"],
    ["HMAC", "HS256"],
    ["APIToken", "random-256"],
  ] as const)("%s %s produce a key set services accept", (type, algorithm) => {
    const kr = keyRotation({ type, algorithm });
    const document = applyStep(
      { kind: "initialize", reason: "NoKeySet" },
      { keyRotation: kr, keySet: undefined, now: t0, generateKey },
    );
    const parsed = parseKeySet(JSON.stringify(document));
    expect(parsed.keys[0]!.kid).toBe(document.keys[0]!.kid);
    expect(parsed.algorithm).toBe(algorithm);
  });
});

describe("parseDuration", () => {
  it.each([
    ["90s", 90_000],
    ["1h30m", 5_400_000],
    ["720h", 2_592_000_000],
    ["1.5h", 5_400_000],
    ["250ms", 250],
  ])("%s = %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  it.each(["", "10", "5d", "1h 30m", "h"])("rejects %j", (text) => {
    expect(() => parseDuration(text)).toThrow(/invalid duration/);
  });
});

// The planner's guards, one row each: remove a guard and its row fails.
describe("KeyRotation plan guards", () => {
  const day = 24 * 60 * minute;

  /** A key set initialised at t0 and rotated (staged) once the day after. */
  function stagedState(kr: KeyRotation): State {
    const state: State = {};
    reconcile(kr, state, t0);
    reconcile(kr, state, after(day));
    return state;
  }

  it("never stages a second key while one is on its way in, even when a trigger arrives", () => {
    const state = stagedState(keyRotation());
    const staged = state.keySet!.keys.find((key) => key.state === "staged")!;
    const step = planStep({
      keyRotation: keyRotation({}, "now-please"),
      keySet: state.keySet,
      secretAnnotations: state.secretAnnotations ?? {},
      now: after(day + minute),
    });
    expect(step).toEqual({ kind: "wait", until: new Date(staged.activatesAt) });
  });

  it("does not rotate twice for the same due time when the Secret already answered it", () => {
    const kr = keyRotation();
    const state: State = {};
    reconcile(kr, state, t0);
    const dueFor = `schedule:${after(day).toISOString()}`;
    const step = planStep({
      keyRotation: kr,
      keySet: state.keySet,
      secretAnnotations: { "phoenix.dev/rotation-for": dueFor },
      now: after(day + minute),
    });
    expect(step.kind).toBe("wait");
    const fresh = planStep({
      keyRotation: kr,
      keySet: state.keySet,
      secretAnnotations: {},
      now: after(day + minute),
    });
    expect(fresh).toEqual({ kind: "stage", rotationFor: dueFor, reason: "Scheduled" });
  });

  it.each([
    [
      "the type",
      { type: "HMAC" as const, algorithm: "HS256" as const },
      { type: "JWTSigningKey" as const, algorithm: "ES256" as const },
    ],
    [
      "the algorithm alone",
      { type: "JWTSigningKey" as const, algorithm: "ES256" as const },
      { type: "JWTSigningKey" as const, algorithm: "EdDSA" as const },
    ],
  ])("starts over when %s changes", (_, before, changed) => {
    const state: State = {};
    reconcile(keyRotation(before), state, t0);
    const step = planStep({
      keyRotation: keyRotation(changed),
      keySet: state.keySet,
      secretAnnotations: {},
      now: after(minute),
    });
    expect(step).toEqual({ kind: "initialize", reason: "AlgorithmChanged" });
  });

  it("starts over when the Secret's key set is of another type (edited by hand), even with the same algorithm", () => {
    const state: State = {};
    reconcile(keyRotation(), state, t0);
    const edited = { ...state.keySet!, type: "APIToken" as const };
    const step = planStep({
      keyRotation: keyRotation(),
      keySet: edited,
      secretAnnotations: {},
      now: after(minute),
    });
    expect(step).toEqual({ kind: "initialize", reason: "AlgorithmChanged" });
  });

  it.each<[string, Exclude<Step, { kind: "wait" }>, Record<string, string>]>([
    ["initialize records nothing", { kind: "initialize", reason: "NoKeySet" }, {}],
    ["promote records nothing", { kind: "promote", kid: "k1" }, {}],
    ["prune records nothing", { kind: "prune", kids: ["k1"] }, {}],
    [
      "a scheduled stage records its due time only",
      { kind: "stage", rotationFor: "schedule:x", reason: "Scheduled" },
      { "phoenix.dev/rotation-for": "schedule:x" },
    ],
    [
      "a manual stage records the trigger it handled",
      { kind: "stage", rotationFor: "trigger:t", reason: "ManualTrigger", trigger: "t" },
      { "phoenix.dev/rotation-for": "trigger:t", "phoenix.dev/handled-trigger": "t" },
    ],
  ])("stepAnnotations: %s", (_, step, expected) => {
    expect(stepAnnotations(step)).toEqual(expected);
  });
});
