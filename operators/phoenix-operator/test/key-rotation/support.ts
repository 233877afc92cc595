// Builders and observers shared by the KeyRotation integration tests: the CR, its Events, the
// key set documents a Secret went through, the verifier child process, and a handle on the
// operator's ClusterRole to take a permission away for a while.
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import {
  CustomObjectsApi,
  EventsV1Api,
  PatchStrategy,
  RbacAuthorizationV1Api,
  setHeaderOptions,
  V1PolicyRule,
} from "@kubernetes/client-node";
import type { KubeConfig } from "@kubernetes/client-node";
import { keyRotationResource } from "@phoenix/crds/key-rotation";
import type { KeyRotation, KeyRotationSpec } from "@phoenix/crds/key-rotation";
import type { KeySetDocument } from "@phoenix/kernel/keyset";
import { setupOperatorEnvironment } from "../harness.ts";
export { quietWindow } from "../harness.ts";
import type { OperatorEnvironment } from "../harness.ts";
import { isolateNamespace } from "../isolation.ts";
import type { SecretVersion } from "../secret-projector.ts";
import type { Verdict } from "./jws.ts";

import { keysetFile } from "../../src/key-rotation/reconcile.ts";

export { keysetFile };
export const second = 1000;

/**
 * An HMAC policy whose timings are the shortest the CRD's CEL rules allow (overlap ≥ tokenLifetime +
 * reloadDelay, activationDelay ≥ reloadDelay), rotating on its own only hourly: within a test only
 * the triggers rotate. Spread into a spec with its secretName.
 */
export const fastHmacPolicy = {
  type: "HMAC",
  algorithm: "HS256",
  rotationInterval: "1h",
  tokenLifetime: "1s",
  reloadDelay: "1s",
  activationDelay: "1s",
  overlap: "2s",
} as const;
/** The key set document of one Secret version's data. */
export const documentOf = (data: Record<string, string>) => JSON.parse(data[keysetFile]!) as KeySetDocument;

/** The harness's environment, with no other phoenix-operator allowed to write in it. */
export async function setupKeyRotationEnvironment(
  kc: KubeConfig,
  prefix: string,
): Promise<OperatorEnvironment> {
  const env = await setupOperatorEnvironment(prefix);
  const release = await isolateNamespace(kc, env.namespace).catch(async (error: unknown) => {
    await env.teardown();
    throw error;
  });
  return {
    ...env,
    async teardown() {
      await env.teardown();
      await release();
    },
  };
}

export function keyRotation(
  name: string,
  spec: KeyRotationSpec,
  annotations?: Record<string, string>,
): Omit<KeyRotation, "spec"> & { spec: KeyRotationSpec } {
  return {
    apiVersion: "phoenix.dev/v1alpha1",
    kind: "KeyRotation",
    metadata: { name, ...(annotations && { annotations }) },
    spec,
  };
}

export function keyRotationApi(kc: KubeConfig, namespace: string) {
  const objects = kc.makeApiClient(CustomObjectsApi);
  return {
    create: (body: object) =>
      objects.createNamespacedCustomObject({ ...keyRotationResource, namespace, body }),
    get: async (name: string) =>
      (await objects.getNamespacedCustomObject({ ...keyRotationResource, namespace, name })) as KeyRotation,
    /** Merge-patches the spec. */
    patchSpec: (name: string, spec: Partial<KeyRotationSpec>) =>
      objects.patchNamespacedCustomObject(
        { ...keyRotationResource, namespace, name, body: { spec } },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      ),
    /** Merge-patches metadata.annotations (null removes one). */
    annotate: (name: string, annotations: Record<string, string | null>) =>
      objects.patchNamespacedCustomObject(
        { ...keyRotationResource, namespace, name, body: { metadata: { annotations } } },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      ),
  };
}

export interface RecordedEvent {
  reason: string;
  note: string;
  type: string;
  reportingInstance: string;
  eventTime: string;
}

/** The Events (events.k8s.io/v1) about one object, oldest first. */
export async function eventsAbout(kc: KubeConfig, namespace: string, name: string): Promise<RecordedEvent[]> {
  const list = await kc.makeApiClient(EventsV1Api).listNamespacedEvent({
    namespace,
    fieldSelector: `regarding.name=${name}`,
  });
  return list.items
    .map((e) => ({
      reason: e.reason ?? "",
      note: e.note ?? "",
      type: e.type ?? "",
      reportingInstance: e.reportingInstance ?? "",
      eventTime: new Date(e.eventTime as unknown as string).toISOString(),
    }))
    .sort((a, b) => a.eventTime.localeCompare(b.eventTime));
}

export const countReasons = (events: RecordedEvent[]) =>
  events.reduce<Record<string, number>>(
    (counts, e) => ({ ...counts, [e.reason]: (counts[e.reason] ?? 0) + 1 }),
    {},
  );

/** The key set document of each distinct revision a Secret went through, in order. */
export function revisions(history: SecretVersion[]): KeySetDocument[] {
  const documents = history
    .filter((v) => v.data[keysetFile])
    .map((v) => JSON.parse(v.data[keysetFile]!) as KeySetDocument);
  return documents.filter((d, i) => i === 0 || d.revision !== documents[i - 1]!.revision);
}

/** A compact picture of a revision: `kid:state` per key, e.g. ["k1:retiring", "k2:active"]. */
export const shape = (document: KeySetDocument) => document.keys.map((k) => `${k.kid}:${k.state}`);

export interface Verifier {
  verify(keyring: string, token: string): Promise<Verdict>;
  keys(keyring: string): Promise<{ revision: number; kids: string[] }>;
  stop(): Promise<void>;
}

/** Starts verifier-process.ts on the given key set directories; resolves once every keyring loaded. */
export async function startVerifier(dirs: Record<string, string>, pollIntervalMs: number): Promise<Verifier> {
  const script = path.join(import.meta.dirname, "verifier-process.ts");
  const child = spawn(process.execPath, [script, JSON.stringify(dirs), String(pollIntervalMs)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stderr: string[] = [];
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      resolve();
    }),
  );
  const pending = new Map<number, (value: unknown) => void>();
  let ready: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (ready = resolve));
  const lines = createInterface({ input: child.stdout });
  lines.on("line", (line) => {
    const { id, ready: isReady, ...message } = JSON.parse(line) as { id?: number; ready?: boolean };
    if (isReady) ready();
    if (id === undefined) return;
    pending.get(id)?.(message);
    pending.delete(id);
  });
  await Promise.race([
    started,
    exited.then(() => {
      throw new Error(`verifier exited before it was ready:\n${stderr.join("")}`);
    }),
  ]);
  let next = 0;
  const call = <T>(request: object) =>
    new Promise<T>((resolve) => {
      const id = ++next;
      pending.set(id, resolve as (value: unknown) => void);
      child.stdin.write(`${JSON.stringify({ id, ...request })}\n`);
    });
  return {
    verify: (keyring, token) => call<Verdict>({ keyring, token }),
    keys: (keyring) => call<{ revision: number; kids: string[] }>({ keyring }),
    async stop() {
      child.stdin.end();
      child.kill();
      await exited;
    },
  };
}

/**
 * The ClusterRole the harness bound to the operator's ServiceAccount in `namespace`, with a way
 * to take one verb away and give it back (RBAC changes apply to the next request).
 */
export async function operatorClusterRole(kc: KubeConfig, namespace: string) {
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  const bindings = await rbac.listClusterRoleBinding();
  const binding = bindings.items.find((b) =>
    b.subjects?.some((s) => s.kind === "ServiceAccount" && s.namespace === namespace),
  );
  if (!binding) throw new Error(`no ClusterRoleBinding for the operator in ${namespace}`);
  const name = binding.roleRef.name;
  const original = (await rbac.readClusterRole({ name })).rules ?? [];
  const replaceRules = async (rules: V1PolicyRule[]) => {
    // The ClusterRole as it is now (its resourceVersion for the update), with other rules.
    const current = await rbac.readClusterRole({ name });
    current.rules = rules;
    await rbac.replaceClusterRole({ name, body: current });
  };
  return {
    /** Removes `verb` on `resource` (e.g. "keyrotations/status", "patch"). */
    revoke: (resource: string, verb: string) =>
      replaceRules(
        original.map((rule) =>
          rule.resources?.includes(resource)
            ? Object.assign(new V1PolicyRule(), rule, { verbs: rule.verbs.filter((v) => v !== verb) })
            : rule,
        ),
      ),
    restore: () => replaceRules(original),
  };
}
