// Helm knobs inside cdk8s: cdk8s synthesises static YAML, so a field an SRE may change is set to
// a marker naming a Helm expression; render.ts turns each marker into template syntax. Markers
// are hex-encoded so no YAML quoting or escaping can corrupt them, and every path they name is
// checked against the values declaration (schema.ts) at synth time.
import type { IConstruct } from "constructs";
import { lookup } from "./schema.ts";
import type { Node } from "./schema.ts";

export interface Marker {
  /** The Helm expression, e.g. `.Values.agent.replicas`. */
  readonly e: string;
  /** Render as an indented YAML block (`toYaml … | nindent`) instead of an inline value. */
  readonly block?: boolean;
  /** Keep the field only when this Helm condition holds. */
  readonly if?: string;
}

export const markerPattern = /(["']?)__HELM_([0-9a-f]+)_MLEH__\1/g;

export function marker(m: Marker): string {
  return `__HELM_${Buffer.from(JSON.stringify(m)).toString("hex")}_MLEH__`;
}

export function decodeMarker(hex: string): Marker {
  return JSON.parse(Buffer.from(hex, "hex").toString("utf8")) as Marker;
}

const conditions = new WeakMap<IConstruct, string[]>();

/** Render `scope` (an object or a whole chart) only when the Helm condition holds. */
export function onlyIf(scope: IConstruct, condition: string): void {
  conditions.set(scope, [...(conditions.get(scope) ?? []), condition]);
}

/** Every condition on `scope` and its ancestors, outermost first. */
export function conditionsOf(scope: IConstruct): string[] {
  return scope.node.scopes.flatMap((s) => conditions.get(s) ?? []);
}

type LeafType = "string" | "integer" | "boolean" | "object" | "array";

/**
 * Typed references to a chart's values. The returned values are markers standing in for numbers,
 * booleans and objects: they are only ever serialised, never computed with.
 */
export class Knobs {
  readonly #schema: Node;

  constructor(schema: Node) {
    this.#schema = schema;
  }

  /** `.Values.<path>`, after checking that the path is declared with this type. */
  path(path: string, type?: LeafType): string {
    const node = lookup(this.#schema, path);
    if (node?.kind !== "leaf") throw new Error(`values path ${path} is not declared`);
    if (type !== undefined && node.schema["type"] !== type) {
      throw new Error(`values path ${path} is ${String(node.schema["type"])}, not ${type}`);
    }
    return `.Values.${path}`;
  }

  str(path: string): string {
    return marker({ e: `${this.path(path, "string")} | quote` });
  }

  int(path: string, options: { if?: string } = {}): number {
    return marker({ e: this.path(path, "integer"), ...options }) as unknown as number;
  }

  bool(path: string): boolean {
    return marker({ e: this.path(path, "boolean") }) as unknown as boolean;
  }

  /** An object or list value rendered as YAML under its key. */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a marker stands in for whatever value type the manifest field expects
  block<T>(path: string): T {
    return marker({ e: this.path(path), block: true }) as unknown as T;
  }

  /** Any Helm expression producing a ready-to-use scalar (quote strings yourself) or, with block, YAML. */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a marker stands in for whatever value type the manifest field expects
  expr<T = string>(expression: string, options: { if?: string; block?: boolean } = {}): T {
    return marker({ e: expression, ...options }) as unknown as T;
  }
}

/** Release-scoped names and labels every chart uses. */
export const release = {
  name: marker({ e: ".Release.Name | quote" }),
  namespace: marker({ e: ".Release.Namespace | quote" }),
  service: marker({ e: ".Release.Service | quote" }),
  chart: marker({ e: `printf "%s-%s" .Chart.Name (.Chart.Version | replace "+" "_") | quote` }),
  version: marker({ e: ".Chart.AppVersion | quote" }),
  /** `<prefix>-<release namespace>`: for cluster-scoped objects, which must not collide across installs. */
  clusterScoped: (prefix: string) => marker({ e: `printf "${prefix}-%s" .Release.Namespace | quote` }),
};
