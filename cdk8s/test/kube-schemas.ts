// JSON schemas for kubeconform, generated from the live API server's OpenAPI v2 document (the
// published Kubernetes schemas cannot be downloaded here, and this way our own CRDs are covered
// too). One file per kind, <dir>/<group or v1>/<kind>-<version>.json, holding the kind's
// definition and every definition it references; strict: unknown fields are errors.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

type Schema = Record<string, unknown>;
interface OpenApi {
  definitions: Record<string, Schema>;
}
interface Gvk {
  group: string;
  version: string;
  kind: string;
}

const refPrefix = "#/definitions/";

/** Encodings the OpenAPI document expresses as plain strings that YAML may write as numbers. */
const numberOrString: Record<string, Schema> = {
  "io.k8s.apimachinery.pkg.util.intstr.IntOrString": { oneOf: [{ type: "string" }, { type: "integer" }] },
  "io.k8s.apimachinery.pkg.api.resource.Quantity": { oneOf: [{ type: "string" }, { type: "number" }] },
};

function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (node === null || typeof node !== "object") return node;
  const out: Schema = Object.fromEntries(Object.entries(node as Schema).map(([k, v]) => [k, strict(v)]));
  if (out["format"] === "int-or-string" || out["x-kubernetes-int-or-string"] === true) {
    delete out["type"];
    delete out["format"];
    return { ...out, oneOf: [{ type: "string" }, { type: "integer" }] };
  }
  const open = out["x-kubernetes-preserve-unknown-fields"] === true;
  if (out["properties"] !== undefined && out["additionalProperties"] === undefined && !open) {
    out["additionalProperties"] = false;
  }
  return out;
}

function references(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    node.forEach((n) => {
      references(n, into);
    });
    return;
  }
  if (node === null || typeof node !== "object") return;
  for (const [k, v] of Object.entries(node as Schema)) {
    if (k === "$ref" && typeof v === "string") into.add(v.slice(refPrefix.length));
    else references(v, into);
  }
}

function closure(doc: OpenApi, root: string): Record<string, Schema> {
  const seen = new Set<string>();
  const queue = [root];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const found = new Set<string>();
    references(doc.definitions[name], found);
    queue.push(...found);
  }
  return Object.fromEntries(
    [...seen].map((n) => [n, numberOrString[n] ?? (strict(doc.definitions[n]) as Schema)]),
  );
}

/** Writes a schema for each wanted kind the server knows; returns the kinds it wrote. */
export function writeSchemas(doc: OpenApi, dir: string, wanted: ReadonlySet<string>): Set<string> {
  const written = new Set<string>();
  for (const [name, def] of Object.entries(doc.definitions)) {
    const gvks = (def["x-kubernetes-group-version-kind"] ?? []) as Gvk[];
    for (const { group, version, kind } of gvks) {
      const apiVersion = group ? `${group}/${version}` : version;
      if (!wanted.has(`${apiVersion}/${kind}`)) continue;
      const definitions = closure(doc, name);
      const file = path.join(dir, group || version, `${kind.toLowerCase()}-${version}.json`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify({ ...definitions[name], definitions }));
      written.add(`${apiVersion}/${kind}`);
    }
  }
  return written;
}

export const schemaLocation = (dir: string) =>
  `${dir}/{{ .Group }}/{{ .ResourceKind }}-{{ .ResourceAPIVersion }}.json`;
