// The KeyRotation reconcile: read the key set from its Secret (the source of truth, annotated
// with revision, content hash and the rotation it answered), plan one step, write the Secret,
// record an Event, roll the targets that cannot hot-reload, then report status and requeue for
// the next step's time. Never two steps for one due time: the plan reads the Secret, not status.
import { PatchStrategy } from "@kubernetes/client-node";
import type { KeyRotation, KeyRotationStatus } from "@phoenix/crds/key-rotation";
import { keyRotationResource } from "@phoenix/crds/key-rotation";
import { parseKeySet } from "@phoenix/kernel/keyset";
import type { KeySetDocument } from "@phoenix/kernel/keyset";
import type { Clock } from "@phoenix/kube/clock";
import { observedGenerationOf, setConditions } from "@phoenix/kube/conditions";
import type { ReconcileResult, Reconciler } from "@phoenix/kube/controller";
import type { EventRecorder } from "@phoenix/kube/events";
import { statusCodeOf } from "@phoenix/kube/kube-client";
import type { KubeClient, KubeObject, ResourceType } from "@phoenix/kube/kube-client";
import { updateStatusIfChanged } from "@phoenix/kube/status";
import { applyStep, contentHash, currentKid, keyMaterialHash } from "./apply.ts";
import { nextHistory, readHistory, revisionHistoryAnnotation } from "./history.ts";
import type { GenerateKey } from "./keys.ts";
import {
  annotations,
  lastRotationTime,
  managedByLabel,
  nextRotationTime,
  planStep,
  stepAnnotations,
} from "./plan.ts";
import type { Step } from "./plan.ts";

export const keysetFile = "keyset.json";
/** Pod-template annotation carrying the key set's hash; a change rolls the workload. */
export const podTemplateAnnotation = "phoenix.dev/keyset-hash";
export { managedByLabel };

const type: ResourceType = keyRotationResource;
const secretType: ResourceType = { group: "", version: "v1", plural: "secrets" };
const workloadTypes: Record<"Deployment" | "StatefulSet", ResourceType> = {
  Deployment: { group: "apps", version: "v1", plural: "deployments" },
  StatefulSet: { group: "apps", version: "v1", plural: "statefulsets" },
};

interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

export interface KeyRotationDeps {
  kube: KubeClient;
  events: EventRecorder;
  get(key: string): KeyRotation | undefined;
  clock: Clock;
  generateKey: GenerateKey;
}

const stepEvents: Record<Exclude<Step["kind"], "wait">, string> = {
  initialize: "KeySetCreated",
  stage: "KeyStaged",
  promote: "KeyActivated",
  prune: "KeyPruned",
};

export function keyRotationReconciler(deps: KeyRotationDeps): Reconciler {
  return async (key, signal) => {
    const kr = deps.get(key);
    if (!kr || kr.metadata.deletionTimestamp) return;
    const now = new Date(deps.clock.now());
    const secret = await readSecret(deps.kube, kr, signal);
    // Never overwrite a Secret some other owner keeps (the admission policy refuses it too).
    if (secret && secret.metadata?.labels?.[managedByLabel] !== kr.metadata.name) {
      return refuseSecret(deps, kr, secret, now);
    }
    const keySet = decodeKeySet(deps, kr, secret);
    const step = planStep({
      keyRotation: kr,
      keySet,
      secretAnnotations: secret?.metadata?.annotations ?? {},
      now,
    });
    if (step.kind === "wait") {
      if (!keySet) throw new Error("planStep waits only on an existing key set");
      // Level-triggered: completes a roll that failed, or that a crash cut off, after the
      // Secret write; targets already at the key set's hash are left alone.
      await rollTargets(deps, kr, keySet, signal);
      await writeStatus(deps, { kr, document: keySet, secret }, now);
      return { requeueAfterMs: Math.max(step.until.getTime() - now.getTime(), 1_000) };
    }
    const document = applyStep(step, { keyRotation: kr, keySet, now, generateKey: deps.generateKey });
    const written = await writeSecret(
      deps.kube,
      { kr, secret, document, step, replaced: keySet, now },
      signal,
    );
    void deps.events.record(kr, {
      type: "Normal",
      reason: stepEvents[step.kind],
      note: describe(step, document),
      action: "Rotate",
    });
    await rollTargets(deps, kr, document, signal);
    await writeStatus(deps, { kr, document, secret: written, step }, now);
    // Plan again at once: the next step may already be due, or tells how long to wait.
    return { requeueAfterMs: 1 } satisfies ReconcileResult;
  };
}

/** The Secret exists but is not this KeyRotation's: Ready=False until it is labelled (or renamed). */
async function refuseSecret(
  deps: KeyRotationDeps,
  kr: KeyRotation,
  secret: Secret,
  now: Date,
): Promise<void> {
  const owner = secret.metadata?.labels?.[managedByLabel];
  const message = owner
    ? `Secret ${kr.spec.secretName} holds the key set of KeyRotation ${owner}`
    : `Secret ${kr.spec.secretName} exists and is not managed by a KeyRotation; label it ${managedByLabel}=${String(kr.metadata.name)} to hand it over (its data will be replaced)`;
  void deps.events.record(kr, {
    type: "Warning",
    reason: "SecretNotManaged",
    note: message,
    action: "Rotate",
  });
  const observed = observedGenerationOf(kr);
  const status: KeyRotationStatus = {
    ...kr.status,
    ...observed,
    conditions: setConditions(
      kr.status?.conditions,
      [{ type: "Ready", status: "False", reason: "SecretNotManaged", message, ...observed }],
      now,
    ),
  };
  await updateStatusIfChanged(deps.kube, type, kr, status as Record<string, unknown>);
}

async function readSecret(
  kube: KubeClient,
  kr: KeyRotation,
  signal: AbortSignal,
): Promise<Secret | undefined> {
  try {
    return await kube.get<Secret>(
      secretType,
      { namespace: kr.metadata.namespace, name: kr.spec.secretName },
      signal,
    );
  } catch (error) {
    if (statusCodeOf(error) === 404) return undefined;
    throw error;
  }
}

function decodeKeySet(
  deps: KeyRotationDeps,
  kr: KeyRotation,
  secret: Secret | undefined,
): KeySetDocument | undefined {
  const encoded = secret?.data?.[keysetFile];
  if (!encoded) return undefined;
  const text = Buffer.from(encoded, "base64").toString("utf8");
  try {
    parseKeySet(text); // the same validation services apply
    return JSON.parse(text) as KeySetDocument;
  } catch (error) {
    const note = `the key set in Secret ${kr.spec.secretName} is invalid and will be replaced: ${(error as Error).message}`;
    void deps.events.record(kr, { type: "Warning", reason: "InvalidKeySet", note, action: "Rotate" });
    return undefined;
  }
}

interface Written {
  kr: KeyRotation;
  document: KeySetDocument;
  secret: Secret | undefined;
  step?: Exclude<Step, { kind: "wait" }>;
}

interface SecretWrite extends Written {
  step: Exclude<Step, { kind: "wait" }>;
  /** The key set this write replaces, if any: it joins the revision history. */
  replaced: KeySetDocument | undefined;
  now: Date;
}

/** The Secret's annotations after a step: revision, hash, the step's own, the revision history. */
function secretAnnotations(written: SecretWrite): Record<string, string> {
  const { kr, secret: current, document, step, replaced, now } = written;
  const previous = current?.metadata?.annotations ?? {};
  const retired = replaced && {
    document: replaced,
    contentHash: previous[annotations.contentHash] ?? contentHash(replaced),
  };
  const history = nextHistory(readHistory(previous), retired, now, kr.spec.revisionHistoryLimit);
  return {
    ...previous,
    [annotations.revision]: String(document.revision),
    [annotations.contentHash]: contentHash(document),
    [revisionHistoryAnnotation]: JSON.stringify(history),
    ...stepAnnotations(step),
  };
}

async function writeSecret(kube: KubeClient, written: SecretWrite, signal: AbortSignal): Promise<Secret> {
  const { kr, secret: current, document } = written;
  const body: Secret = {
    apiVersion: "v1",
    kind: "Secret",
    type: "Opaque",
    metadata: {
      namespace: kr.metadata.namespace,
      name: kr.spec.secretName,
      // Optimistic concurrency: a writer that raced us makes this fail with 409 and we re-plan.
      resourceVersion: current?.metadata?.resourceVersion,
      labels: { ...current?.metadata?.labels, [managedByLabel]: kr.metadata.name ?? "" },
      annotations: secretAnnotations(written),
    },
    data: { [keysetFile]: Buffer.from(JSON.stringify(document, null, 2)).toString("base64") },
  };
  return current
    ? kube.replace<Secret>(secretType, body, signal)
    : kube.create<Secret>(secretType, body, signal);
}

/** Sets the key set's hash on each target's pod template; a PATCH only where it differs. */
async function rollTargets(
  deps: KeyRotationDeps,
  kr: KeyRotation,
  document: KeySetDocument,
  signal: AbortSignal,
): Promise<void> {
  const hash = keyMaterialHash(document);
  for (const target of kr.spec.rolloutTargets ?? []) {
    const workloadType = workloadTypes[target.kind];
    const ref = { namespace: kr.metadata.namespace, name: target.name };
    let workload: KubeObject & {
      spec?: { template?: { metadata?: { annotations?: Record<string, string> } } };
    };
    try {
      workload = await deps.kube.get(workloadType, ref, signal);
    } catch (error) {
      if (statusCodeOf(error) !== 404) throw error;
      void deps.events.record(kr, {
        type: "Warning",
        reason: "RolloutTargetMissing",
        note: `${target.kind} ${target.name} not found`,
        action: "Rollout",
      });
      continue;
    }
    if (workload.spec?.template?.metadata?.annotations?.[podTemplateAnnotation] === hash) continue;
    const body = { spec: { template: { metadata: { annotations: { [podTemplateAnnotation]: hash } } } } };
    await deps.kube.patch(workloadType, ref, { strategy: PatchStrategy.MergePatch, body, signal });
    void deps.events.record(kr, {
      type: "Normal",
      reason: "RolloutTriggered",
      // Names the revision: identical notes would be folded into one Event by the recorder.
      note: `${target.kind} ${target.name} restarts for key set revision ${document.revision}`,
      action: "Rollout",
    });
  }
}

function describe(step: Exclude<Step, { kind: "wait" }>, document: KeySetDocument): string {
  const revision = `revision ${document.revision}`;
  switch (step.kind) {
    case "initialize":
      return `created the key set (${step.reason}); ${revision}`;
    case "stage":
      return `staged a new key (${step.reason}), verifying only until it activates; ${revision}`;
    case "promote":
      return `key ${step.kid} now signs; the previous key verifies until its overlap ends; ${revision}`;
    case "prune":
      return `removed retired key(s) ${step.kids.join(", ")}; ${revision}`;
  }
}

/**
 * What status reports from the Secret, which keeps it even when the status write after a step
 * was lost: content hash, last rotation, handled trigger, and the revision history (cut to the
 * limit at once when it shrinks; the Secret's own copy is cut at its next write).
 */
function recordedOnSecret({ kr, document, secret }: Written): Partial<KeyRotationStatus> {
  const recorded = secret?.metadata?.annotations ?? {};
  const lastRotation = lastRotationTime(document);
  const handledTrigger = recorded[annotations.handledTrigger];
  const history = readHistory(recorded).slice(0, kr.spec.revisionHistoryLimit);
  return {
    contentHash: recorded[annotations.contentHash] ?? contentHash(document),
    ...(lastRotation && { lastRotationTime: lastRotation }),
    ...(handledTrigger && { lastHandledTrigger: handledTrigger }),
    ...((history.length > 0 || kr.status?.revisionHistory) && { revisionHistory: history }),
  };
}

/** The status a key set implies; pure. */
export function desiredStatus({ kr, document, secret }: Written, now: Date): KeyRotationStatus {
  const rotating = document.keys.some((k) => k.state !== "active");
  const kid = currentKid(document, now);
  const observed = observedGenerationOf(kr);
  return {
    ...kr.status,
    revision: document.revision,
    ...(kid !== undefined && { currentKid: kid }),
    nextRotationTime: nextRotationTime(kr, document).toISOString(),
    ...observed,
    ...recordedOnSecret({ kr, document, secret }),
    conditions: setConditions(
      kr.status?.conditions,
      [
        {
          type: "Ready",
          status: "True",
          reason: "KeySetPublished",
          message: `revision ${document.revision} in Secret ${kr.spec.secretName}`,
          ...observed,
        },
        rotating
          ? {
              type: "Rotating",
              status: "True",
              reason: "KeysInTransition",
              message: "a key is staged or retiring",
              ...observed,
            }
          : {
              type: "Rotating",
              status: "False",
              reason: "Idle",
              message: "one active key",
              ...observed,
            },
      ],
      now,
    ),
  };
}

async function writeStatus(deps: KeyRotationDeps, written: Written, now: Date): Promise<void> {
  await updateStatusIfChanged(
    deps.kube,
    type,
    written.kr,
    desiredStatus(written, now) as Record<string, unknown>,
  );
}
