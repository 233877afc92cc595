// Finalizers are added and removed with JSON patches that cannot clobber anyone else's:
// - add: guarded by a `test` of resourceVersion (the list might have changed since we read it,
//   and "add /metadata/finalizers" would otherwise replace a list someone just created);
// - remove: by index, guarded by a `test` that the entry at that index is still ours, so a
//   concurrent status write does not make it fail but a reordered list does.
// A failed `test` is rejected by the API server (422); the reconcile retries on fresh data.
import { PatchStrategy } from "@kubernetes/client-node";
import { statusCodeOf } from "./kube-client.ts";
import type { KubeClient, KubeObject, ResourceType } from "./kube-client.ts";

export type JsonPatchOperation =
  { op: "test" | "add" | "replace"; path: string; value: unknown } | { op: "remove"; path: string };

export function hasFinalizer(object: KubeObject, finalizer: string): boolean {
  return object.metadata?.finalizers?.includes(finalizer) ?? false;
}

/** The JSON patch adding `finalizer`, or undefined when it is already there. */
export function addFinalizerPatch(object: KubeObject, finalizer: string): JsonPatchOperation[] | undefined {
  if (hasFinalizer(object, finalizer)) return undefined;
  const resourceVersion = object.metadata?.resourceVersion;
  if (!resourceVersion) throw new Error("cannot add a finalizer safely to an object without resourceVersion");
  const guard: JsonPatchOperation = { op: "test", path: "/metadata/resourceVersion", value: resourceVersion };
  return object.metadata?.finalizers
    ? [guard, { op: "add", path: "/metadata/finalizers/-", value: finalizer }]
    : [guard, { op: "add", path: "/metadata/finalizers", value: [finalizer] }];
}

/** The JSON patch removing `finalizer`, or undefined when it is not there. */
export function removeFinalizerPatch(
  object: KubeObject,
  finalizer: string,
): JsonPatchOperation[] | undefined {
  const index = object.metadata?.finalizers?.indexOf(finalizer) ?? -1;
  if (index < 0) return undefined;
  const path = `/metadata/finalizers/${index}`;
  return [
    { op: "test", path, value: finalizer },
    { op: "remove", path },
  ];
}

/** Adds `finalizer` unless present; returns the object as it now is. */
export async function addFinalizer<T extends KubeObject>(
  client: KubeClient,
  type: ResourceType,
  object: T,
  finalizer: string,
): Promise<T> {
  const patch = addFinalizerPatch(object, finalizer);
  if (!patch) return object;
  return client.patch<T>(type, refOf(object), { strategy: PatchStrategy.JsonPatch, body: patch });
}

/**
 * Removes `finalizer` if present; returns the object as it now is, or undefined when the object
 * is gone (removing the last finalizer of a deleted object lets the API server delete it).
 */
export async function removeFinalizer<T extends KubeObject>(
  client: KubeClient,
  type: ResourceType,
  object: T,
  finalizer: string,
): Promise<T | undefined> {
  const patch = removeFinalizerPatch(object, finalizer);
  if (!patch) return object;
  try {
    return await client.patch<T>(type, refOf(object), { strategy: PatchStrategy.JsonPatch, body: patch });
  } catch (error) {
    if (statusCodeOf(error) === 404) return undefined;
    throw error;
  }
}

function refOf(object: KubeObject): { namespace?: string; name: string } {
  return { namespace: object.metadata?.namespace, name: object.metadata?.name ?? "" };
}
