// JSON patches applied after an object's typed serialisation. cdk8s-plus' generated Kube* classes
// run their typed mapping over the already-patched JSON, which would iterate a knob marker standing
// in for a list or a map; these patches land after it. Read by manifestOf() (helm/render.ts).
import { JsonPatch } from "cdk8s";
import type { ApiObject } from "cdk8s";

const late = new WeakMap<ApiObject, JsonPatch[]>();

/** Sets `path` to `value` (a plain value or a knob marker) after typed serialisation. */
export function setLate(obj: ApiObject, path: string, value: unknown): void {
  late.set(obj, [...(late.get(obj) ?? []), JsonPatch.add(path, value)]);
}

/** The object's final JSON. */
export function manifestOf(obj: ApiObject): Record<string, unknown> {
  const patches = late.get(obj) ?? [];
  return JsonPatch.apply(obj.toJson(), ...patches) as Record<string, unknown>;
}
