// Status goes through the /status subresource (the main resource ignores status changes once a
// CRD enables the subresource, and RBAC can grant the two separately), as a JSON merge patch of
// the whole desired status, and only when it differs from what the object already says.
import { isDeepStrictEqual } from "node:util";
import { PatchStrategy } from "@kubernetes/client-node";
import { refOf } from "./kube-client.ts";
import type { KubeClient, KubeObject, ObjectRef, ResourceType } from "./kube-client.ts";

export interface StatusPatch extends ObjectRef {
  status: Record<string, unknown>;
  /** Make the write conditional: it fails with 409 unless the object is still at this version. */
  resourceVersion?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Merge-patches `status` into the object's status. Merge-patch semantics: keys set to null are
 * removed, arrays (e.g. conditions) are replaced whole, so pass the complete desired list.
 */
export function patchStatus<T extends KubeObject>(
  client: KubeClient,
  type: ResourceType,
  patch: StatusPatch,
): Promise<T> {
  const { namespace, name, status, resourceVersion, signal } = patch;
  const metadata = resourceVersion ? { resourceVersion } : undefined;
  return client.patch<T>(
    type,
    { namespace, name, subresource: "status" },
    { strategy: PatchStrategy.MergePatch, body: { metadata, status }, signal },
  );
}

/** True when writing `desired` would change the object's current status. */
export function statusDiffers(current: unknown, desired: Record<string, unknown>): boolean {
  const existing = (current ?? {}) as Record<string, unknown>;
  return Object.entries(desired).some(([key, value]) => {
    // In a merge patch null deletes; an absent key and a null one are the same outcome.
    if (value === null || value === undefined) return existing[key] !== undefined && existing[key] !== null;
    return !isDeepStrictEqual(existing[key], value);
  });
}

/** Patches the status only if it differs; returns the object as it now is. */
export async function updateStatusIfChanged<T extends KubeObject & { status?: unknown }>(
  client: KubeClient,
  type: ResourceType,
  object: T,
  desired: Record<string, unknown>,
): Promise<T> {
  if (!statusDiffers(object.status, desired)) return object;
  return patchStatus<T>(client, type, { ...refOf(object), status: desired });
}
