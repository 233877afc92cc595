// A tiny builder for a chart's values: one declaration gives values.schema.json (unknown keys
// rejected), the commented values.yaml, the TypeScript type of the values, and the paths the
// templates may reference (a template naming a path that is not declared fails the synth).
export type JsonSchema = Record<string, unknown>;

export interface Leaf<T> {
  readonly kind: "leaf";
  readonly schema: JsonSchema;
  readonly default: T;
  readonly description: string;
}

export interface Group<P extends Record<string, Node>> {
  readonly kind: "group";
  readonly props: P;
  readonly description: string;
  /** Free-form subtree (a third-party subchart's values): its keys are not checked. */
  readonly open: boolean;
}

export type Node = Leaf<unknown> | Group<Record<string, Node>>;

export type Infer<N> =
  N extends Leaf<infer T> ? T : N extends Group<infer P> ? { [K in keyof P]: Infer<P[K]> } : never;

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

const leaf = <T>(schema: JsonSchema, value: T, description: string): Leaf<T> => ({
  kind: "leaf",
  schema,
  default: value,
  description,
});

/** A Kubernetes quantity such as 250m, 1, 512Mi. */
const quantityPattern = "^[0-9]+(\\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?$";

export const s = {
  str: (value: string, description: string, extra: JsonSchema = {}) =>
    leaf<string>({ type: "string", ...extra }, value, description),
  enumOf: <T extends string>(values: readonly T[], value: T, description: string) =>
    leaf<T>({ type: "string", enum: values }, value, description),
  int: (value: number, description: string, extra: JsonSchema = {}) =>
    leaf<number>({ type: "integer", ...extra }, value, description),
  bool: (value: boolean, description: string) => leaf<boolean>({ type: "boolean" }, value, description),
  quantity: (value: string, description: string) =>
    leaf<string>({ type: "string", pattern: quantityPattern }, value, description),
  /** A string → string map (labels, annotations, node selectors). */
  stringMap: (value: Record<string, string>, description: string) =>
    leaf<Record<string, string>>(
      { type: "object", additionalProperties: { type: "string" } },
      value,
      description,
    ),
  /** A list of objects passed through verbatim (tolerations, imagePullSecrets). */
  objectList: (value: Record<string, unknown>[], description: string) =>
    leaf<Record<string, unknown>[]>({ type: "array", items: { type: "object" } }, value, description),
  stringList: (value: string[], description: string) =>
    leaf<string[]>({ type: "array", items: { type: "string" } }, value, description),
  group: <P extends Record<string, Node>>(description: string, props: P): Group<P> => ({
    kind: "group",
    props,
    description,
    open: false,
  }),
  /** A subtree whose keys belong to someone else (a subchart): declared defaults, any extra keys. */
  open: <P extends Record<string, Node>>(description: string, props: P): Group<P> => ({
    kind: "group",
    props,
    description,
    open: true,
  }),
};

export function toJsonSchema(node: Node): JsonSchema {
  if (node.kind === "leaf") return { description: node.description, ...node.schema };
  const properties = Object.fromEntries(Object.entries(node.props).map(([k, v]) => [k, toJsonSchema(v)]));
  return {
    description: node.description,
    type: "object",
    additionalProperties: node.open,
    properties,
  };
}

export function defaults<N extends Node>(node: N): Infer<N> {
  if (node.kind === "leaf") return structuredClone(node.default) as Infer<N>;
  return Object.fromEntries(Object.entries(node.props).map(([k, v]) => [k, defaults(v)])) as Infer<N>;
}

/** The declaration at a dotted path, or undefined. */
export function lookup(node: Node, path: string): Node | undefined {
  let current: Node | undefined = node;
  for (const key of path.split(".")) {
    if (current?.kind !== "group") return undefined;
    current = current.props[key];
  }
  return current;
}

/** Every leaf with its dotted path, in declaration order (the values reference in the docs). */
export function leaves(node: Node, prefix = ""): Array<{ path: string; leaf: Leaf<unknown> }> {
  if (node.kind === "leaf") return [{ path: prefix, leaf: node }];
  return Object.entries(node.props).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}
