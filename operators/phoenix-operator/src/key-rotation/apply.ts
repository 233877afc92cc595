// Carries out one planned step on the key set document. Pure apart from the injected key
// generator, so the controller's only side effects are the Secret write and the Event.
import { createHash } from "node:crypto";
import type { KeyRotation } from "@phoenix/crds/key-rotation";
import type { KeyEntry, KeySetDocument } from "@phoenix/kernel/keyset";
import { parseDuration } from "./duration.ts";
import type { GenerateKey } from "./keys.ts";
import type { Step } from "./plan.ts";

export interface ApplyInput {
  keyRotation: KeyRotation;
  keySet: KeySetDocument | undefined;
  now: Date;
  generateKey: GenerateKey;
}

const iso = (ms: number) => new Date(ms).toISOString();

function newKey(input: ApplyInput, state: KeyEntry["state"], activatesAt: number): KeyEntry {
  const material = input.generateKey(input.keyRotation.spec.algorithm);
  return { ...material, state, createdAt: input.now.toISOString(), activatesAt: iso(activatesAt) };
}

function nextKeys(step: Exclude<Step, { kind: "wait" }>, input: ApplyInput): KeyEntry[] {
  const { keyRotation, now } = input;
  const keys = input.keySet?.keys ?? [];
  const t = now.getTime();
  switch (step.kind) {
    case "initialize":
      // Nothing can hold a token signed by a key we have never published: sign at once.
      return [newKey(input, "active", t)];
    case "stage":
      return [...keys, newKey(input, "staged", t + parseDuration(keyRotation.spec.activationDelay))];
    case "promote": {
      const retiresAt = iso(t + parseDuration(keyRotation.spec.overlap));
      return keys.map((k) => {
        if (k.kid === step.kid) return { ...k, state: "active" };
        return k.state === "active" ? { ...k, state: "retiring", retiresAt } : k;
      });
    }
    case "prune":
      return keys.filter((k) => !step.kids.includes(k.kid));
  }
}

export function applyStep(step: Exclude<Step, { kind: "wait" }>, input: ApplyInput): KeySetDocument {
  return {
    type: input.keyRotation.spec.type,
    algorithm: input.keyRotation.spec.algorithm,
    revision: (input.keySet?.revision ?? 0) + 1,
    keys: nextKeys(step, input),
  };
}

/** SHA-256 of the document as written: the Secret's and the pod templates' change marker. */
export function contentHash(document: KeySetDocument): string {
  return createHash("sha256").update(JSON.stringify(document)).digest("hex");
}

/** The key that signs now: the newest active key already past its activation time. */
export function currentKid(document: KeySetDocument, now: Date): string | undefined {
  return document.keys
    .filter((k) => k.state === "active" && new Date(k.activatesAt).getTime() <= now.getTime())
    .sort((a, b) => new Date(b.activatesAt).getTime() - new Date(a.activatesAt).getTime())[0]?.kid;
}

/**
 * Hash of which keys exist (not their states): what a consumer that reads the key set only at
 * start-up must restart for. Promotion changes states only, and the keyring switches signing
 * keys by time anyway, so it does not roll workloads.
 */
export function keyMaterialHash(document: KeySetDocument): string {
  const kids = document.keys.map((k) => k.kid).sort();
  return createHash("sha256").update(kids.join("\n")).digest("hex").slice(0, 32);
}
