// Finalizers (and the annotations a controller sets with them) are added and removed with JSON
// patches that cannot clobber anyone else's:
// - add: guarded by a `test` of resourceVersion (the list might have changed since we read it,
//   and "add /metadata/finalizers" would otherwise replace a list someone just created);
// - remove: by index, guarded by a `test` that the entry at that index is still ours, so a
//   concurrent status write does not make it fail but a reordered list does.
// A failed `test` is rejected by the API server (422); the reconcile retries on fresh data.
import { PatchStrategy } from "@kubernetes/client-node";
import { refOf, statusCodeOf } from "./kube-client.ts";
import type { KubeClient, KubeObject, ResourceType } from "./kube-client.ts";

export type JsonPatchOperation =
  { op: "test" | "add" | "replace"; path: string; value: unknown } | { op: "remove"; path: string };

export function hasFinalizer(object: KubeObject, finalizer: string): boolean {
  return object.metadata?.finalizers?.includes(finalizer) ?? false;
}

/**
 * The JSON patch adding `finalizer` and setting `annotations` in one write, or undefined when
 * the object already has both. Guarded by resourceVersion: an "add" of a whole list or map
 * would otherwise replace one someone created since we read the object.
 */
export function addFinalizerPatch(
  object: KubeObject,
  finalizer: string,
  annotations: Record<string, string> = {},
): JsonPatchOperation[] | undefined {
  const operations: JsonPatchOperation[] = [];
  if (!hasFinalizer(object, finalizer)) {
    operations.push(
      object.metadata?.finalizers
        ? { op: "add", path: "/metadata/finalizers/-", value: finalizer }
        : { op: "add", path: "/metadata/finalizers", value: [finalizer] },
    );
  }
  const current = object.metadata?.annotations;
  const changed = Object.entries(annotations).filter(([key, value]) => current?.[key] !== value);
  if (changed.length > 0 && !current) {
    operations.push({ op: "add", path: "/metadata/annotations", value: Object.fromEntries(changed) });
  } else {
    for (const [key, value] of changed) {
      operations.push({ op: "add", path: `/metadata/annotations/${pointerToken(key)}`, value });
    }
  }
  if (operations.length === 0) return undefined;
  const resourceVersion = object.metadata?.resourceVersion;
  if (!resourceVersion) throw new Error("cannot patch an object without resourceVersion safely");
  return [{ op: "test", path: "/metadata/resourceVersion", value: resourceVersion }, ...operations];
}

/** The JSON patch removing annotation `key`, guarded by its value; undefined when it is not set. */
export function removeAnnotationPatch(object: KubeObject, key: string): JsonPatchOperation[] | undefined {
  const value = object.metadata?.annotations?.[key];
  if (value === undefined) return undefined;
  const path = `/metadata/annotations/${pointerToken(key)}`;
  return [
    { op: "test", path, value },
    { op: "remove", path },
  ];
}

/** A JSON Pointer reference token (RFC 6901): "~" → "~0", "/" → "~1". */
function pointerToken(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
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
  return addFinalizerWith(client, type, object, { finalizer, annotations: {} });
}

/** Adds `finalizer` and sets `annotations` in one write, unless already so; returns the object as it now is. */
export async function addFinalizerWith<T extends KubeObject>(
  client: KubeClient,
  type: ResourceType,
  object: T,
  change: { finalizer: string; annotations: Record<string, string> },
): Promise<T> {
  return jsonPatch(client, type, object, addFinalizerPatch(object, change.finalizer, change.annotations));
}

/** Removes annotation `key` if it still has the value `object` shows; returns the object as it now is. */
export async function removeAnnotation<T extends KubeObject>(
  client: KubeClient,
  type: ResourceType,
  object: T,
  key: string,
): Promise<T> {
  return jsonPatch(client, type, object, removeAnnotationPatch(object, key));
}

async function jsonPatch<T extends KubeObject>(
  client: KubeClient,
  type: ResourceType,
  object: T,
  patch: JsonPatchOperation[] | undefined,
): Promise<T> {
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
  try {
    return await jsonPatch(client, type, object, removeFinalizerPatch(object, finalizer));
  } catch (error) {
    if (statusCodeOf(error) === 404) return undefined;
    throw error;
  }
}
