// Stripe's request parameters: form-encoded with bracket notation in POST bodies and GET queries
// alike (metadata[plan]=pro, line_items[0][price]=price_…, expand[]=customer or expand[0]=…).
// Parsed into a tree, then read through typed accessors that fail the way Stripe does.
import { parameterInvalid, parameterMissing, parameterUnknown } from "./errors.ts";

export type Param = string | Param[] | ParamTree;
export interface ParamTree {
  [name: string]: Param;
}

/** `a[b][0]=v` → { a: { b: { "0": "v" } } }; `a[]=v` appends to an array. The last value wins. */
export function parseParams(encoded: string): ParamTree {
  const root: ParamTree = {};
  for (const [name, value] of new URLSearchParams(encoded)) setPath(root, pathOf(name), value);
  return root;
}

function pathOf(name: string): string[] {
  const open = name.indexOf("[");
  if (open <= 0 || !name.endsWith("]")) return [name];
  return [name.slice(0, open), ...name.slice(open + 1, -1).split("][")];
}

function setPath(root: ParamTree, path: string[], value: string): void {
  let node: ParamTree | Param[] = root;
  path.forEach((segment, index) => {
    const last = index === path.length - 1;
    const nextIsAppend = path[index + 1] === "";
    if (Array.isArray(node)) {
      // Only reachable through "[]": an appended leaf (deeper nesting under [] is not used by Stripe).
      if (last) node.push(value);
      return;
    }
    if (last) {
      node[segment] = value;
      return;
    }
    const existing = node[segment];
    const wanted = nextIsAppend ? Array.isArray(existing) : isTree(existing);
    if (!wanted) node[segment] = nextIsAppend ? [] : {};
    node = node[segment] as ParamTree | Param[];
  });
}

export function isTree(value: Param | undefined): value is ParamTree {
  return value !== undefined && typeof value === "object" && !Array.isArray(value);
}

/** Normalises what fastify parsed from a query string (already flat name → value) to a tree. */
export function paramsFromQuery(query: unknown): ParamTree {
  if (query === null || typeof query !== "object") return {};
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query as Record<string, unknown>)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === "string") search.append(name, item);
    }
  }
  return parseParams(search.toString());
}

/** The full name of a nested parameter as Stripe reports it: line_items[0][price]. */
export function paramName(path: readonly [string, ...(string | number)[]]): string {
  const [head, ...rest] = path;
  return `${head}${rest.map((segment) => `[${segment}]`).join("")}`;
}

export function optionalString(params: ParamTree, name: string, label = name): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw parameterInvalid(label, `Invalid string: ${describe(value)}`);
  return value;
}

export function requiredString(params: ParamTree, name: string, label = name): string {
  const value = optionalString(params, name, label);
  if (value === undefined || value === "") throw parameterMissing(label);
  return value;
}

/** An empty string unsets a nullable field (Stripe's convention): null then. */
export function nullableString(params: ParamTree, name: string, label = name): string | null | undefined {
  const value = optionalString(params, name, label);
  return value === "" ? null : value;
}

export function optionalInteger(
  params: ParamTree,
  name: string,
  range: { min?: number; max?: number; label?: string } = {},
): number | undefined {
  const label = range.label ?? name;
  const raw = optionalString(params, name, label);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw === "" || !Number.isInteger(value)) {
    throw parameterInvalid(label, `Invalid integer: ${raw}`, "parameter_invalid_integer");
  }
  if (range.min !== undefined && value < range.min) {
    throw parameterInvalid(
      label,
      `This value must be greater than or equal to ${range.min}.`,
      "parameter_invalid_integer",
    );
  }
  if (range.max !== undefined && value > range.max) {
    throw parameterInvalid(
      label,
      `This value must be less than or equal to ${range.max} (it currently is '${value}').`,
      "parameter_invalid_integer",
    );
  }
  return value;
}

export function optionalBoolean(params: ParamTree, name: string, label = name): boolean | undefined {
  const raw = optionalString(params, name, label);
  if (raw === undefined) return undefined;
  if (raw === "true") return true;
  if (raw === "false") return false;
  throw parameterInvalid(label, `Invalid boolean: ${raw}`);
}

export function optionalEnum<T extends string>(
  params: ParamTree,
  name: string,
  values: readonly T[],
  label = name,
): T | undefined {
  const raw = optionalString(params, name, label);
  if (raw === undefined) return undefined;
  if (!(values as readonly string[]).includes(raw)) {
    throw parameterInvalid(label, `Invalid ${label}: must be one of ${values.join(", ")}`);
  }
  return raw as T;
}

/** A list parameter, sent as a[0]=…&a[1]=… (stripe-node) or a[]=… (curl); index order kept. */
export function optionalList(params: ParamTree, name: string): Param[] | undefined {
  const value = params[name];
  if (value === undefined || value === "") return undefined;
  if (Array.isArray(value)) return value;
  if (isTree(value) && Object.keys(value).every((key) => /^\d+$/.test(key))) {
    return Object.entries(value)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, item]) => item);
  }
  throw parameterInvalid(name, `Invalid array`);
}

export function stringList(params: ParamTree, name: string): string[] {
  return (optionalList(params, name) ?? []).map((item, index) => {
    if (typeof item !== "string") throw parameterInvalid(paramName([name, index]), "Invalid string");
    return item;
  });
}

/** Nested object parameter (recurring[interval]…), or undefined. */
export function optionalTree(params: ParamTree, name: string): ParamTree | undefined {
  const value = params[name];
  if (value === undefined || value === "") return undefined;
  if (!isTree(value)) throw parameterInvalid(name, `Invalid object`);
  return value;
}

export type Metadata = Record<string, string>;

const METADATA_LIMITS = { keys: 50, keyLength: 40, valueLength: 500 };

/** `current` with `changes` merged in as Stripe merges metadata: an empty value deletes its key. */
export function mergeMetadata(current: Metadata, changes: Metadata): Metadata {
  return Object.fromEntries(Object.entries({ ...current, ...changes }).filter(([, item]) => item !== ""));
}

/**
 * Applies a metadata parameter to `current` as Stripe does: keys merge, an empty value deletes
 * its key, and `metadata=` (empty) clears everything.
 */
export function applyMetadata(current: Metadata, params: ParamTree, name = "metadata"): Metadata {
  const value = params[name];
  if (value === undefined) return current;
  if (value === "") return {};
  if (!isTree(value)) throw parameterInvalid(name, "Invalid object");
  const changes: Metadata = {};
  for (const [key, item] of Object.entries(value)) {
    const label = paramName([name, key]);
    if (typeof item !== "string") throw parameterInvalid(label, "Invalid string");
    if (key.length > METADATA_LIMITS.keyLength) {
      throw parameterInvalid(label, `Metadata keys can have up to ${METADATA_LIMITS.keyLength} characters.`);
    }
    if (item.length > METADATA_LIMITS.valueLength) {
      throw parameterInvalid(
        label,
        `Metadata values can have up to ${METADATA_LIMITS.valueLength} characters.`,
      );
    }
    changes[key] = item;
  }
  const next = mergeMetadata(current, changes);
  if (Object.keys(next).length > METADATA_LIMITS.keys) {
    throw parameterInvalid(name, `Metadata can have up to ${METADATA_LIMITS.keys} keys.`);
  }
  return next;
}

export function expandParam(params: ParamTree): string[] {
  return stringList(params, "expand");
}

/** Stripe rejects top-level parameters the endpoint does not declare. */
export function rejectUnknown(params: ParamTree, known: ReadonlySet<string>): void {
  for (const name of Object.keys(params)) {
    if (!known.has(name)) throw parameterUnknown(name);
  }
}

function describe(value: Param): string {
  return Array.isArray(value) ? "an array" : "a hash";
}
