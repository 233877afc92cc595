// Building blocks for structural CRD schemas written in TypeBox. The API server accepts only
// structural schemas: every node has a `type`, no `additionalProperties: false`, no `const`.
import Type from "typebox";
import type { TSchema, TUnsafe } from "typebox";

export const group = "phoenix.dev";
export const version = "v1alpha1";

/** A string enum with `type: string`, which `Type.Enum` omits and structural schemas need. */
export function stringEnum<const V extends readonly string[]>(
  values: V,
  options: { description: string; default?: V[number] },
): TUnsafe<V[number]> {
  return Type.Unsafe<V[number]>({ type: "string", enum: [...values], ...options });
}

/** A Go-style duration ("90s", "15m", "720h", "1h30m"), the format CEL's duration() parses. */
export function duration(options: { description: string; default?: string }): TUnsafe<string> {
  return Type.Unsafe<string>({ type: "string", pattern: "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$", ...options });
}

/** A field that cannot change once set (CEL transition rule). */
export function immutable<T extends TSchema>(schema: T, field: string): T {
  return {
    ...schema,
    "x-kubernetes-validations": [{ rule: "self == oldSelf", message: `${field} is immutable` }],
  };
}

/** metav1.Condition, as a list keyed by `type` (server-side apply merges by key). */
export const conditions = Type.Array(
  Type.Object({
    type: Type.String({ description: "Type of condition, e.g. Ready.", maxLength: 316 }),
    status: stringEnum(["True", "False", "Unknown"], { description: "Status of the condition." }),
    reason: Type.String({
      description: "CamelCase reason for the last transition.",
      maxLength: 1024,
      pattern: "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$",
    }),
    message: Type.String({ description: "Human-readable detail of the last transition.", maxLength: 32768 }),
    lastTransitionTime: Type.String({ description: "When the status last changed.", format: "date-time" }),
    observedGeneration: Type.Optional(
      Type.Integer({ description: "The .metadata.generation the condition was set for.", minimum: 0 }),
    ),
  }),
  {
    description: "Latest observations of the resource's state.",
    "x-kubernetes-list-type": "map",
    "x-kubernetes-list-map-keys": ["type"],
    maxItems: 16,
  },
);

/**
 * The spec as the API server stores it: the server applies the schema's defaults, so readers
 * (the operator) see every defaulted field set. Default values live only in the schemas.
 */
export type Defaulted<T, K extends keyof T> = T & Required<Pick<T, K>>;

/** Object metadata as it travels on the wire (JSON: timestamps are strings). */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  finalizers?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
