// The values reference of docs/values-reference.md, generated from what Helm enforces: each chart's
// values.schema.json (keys, types, constraints, descriptions) and values.yaml (defaults).
// `make charts` (cdk8s/src/main.ts) and `node cdk8s/src/values-reference.ts` rewrite the page; values-reference.test.ts fails when the
// committed page differs from the committed charts (run `make charts` first when cdk8s/src moved).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { format, resolveConfig } from "prettier";
import { parse } from "yaml";

/** The subset of JSON Schema that cdk8s/src/helm/schema.ts writes. */
export interface SchemaNode {
  readonly description?: string;
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: boolean | SchemaNode;
  readonly items?: SchemaNode;
}

export interface ValuesRow {
  readonly key: string;
  readonly type: string;
  readonly default: string;
  readonly description: string;
}

const repoRoot = path.resolve(import.meta.dirname, "../..");

/** The charts documented: the one an SRE edits most comes first. */
export const referencedCharts = ["phoenix", "phoenix-platform", "phoenix-load"] as const;

function bounds(node: SchemaNode): string {
  const parts = [
    node.minimum === undefined ? "" : `≥ ${String(node.minimum)}`,
    node.maximum === undefined ? "" : `≤ ${String(node.maximum)}`,
  ].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

function typeOf(node: SchemaNode): string {
  if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join(" | ");
  const base = node.type ?? "any";
  if (base === "array") return `list of ${node.items?.type ?? "any"}`;
  if (base === "object" && typeof node.additionalProperties === "object") {
    return `map of ${node.additionalProperties.type ?? "any"}`;
  }
  return node.pattern ? "quantity" : `${base}${bounds(node)}`;
}

function lookup(values: unknown, keyPath: readonly string[]): unknown {
  let node = values;
  for (const key of keyPath) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function formatDefault(value: unknown): string {
  if (value === undefined) return "—";
  if (value === "") return '`""`';
  const text = typeof value === "string" ? value : JSON.stringify(value);
  // Multi-line strings (valkeyConfig) stay on one table row.
  return `\`${text.replaceAll("\n", "\\n")}\``;
}

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/** Every leaf key of the schema, depth first, with its default from values.yaml. */
export function valuesRows(schema: SchemaNode, values: unknown): ValuesRow[] {
  const rows: ValuesRow[] = [];
  const walk = (node: SchemaNode, keyPath: string[]) => {
    const open = node.additionalProperties === true;
    if (node.type === "object" && node.properties && (keyPath.length === 0 || !isMap(node))) {
      if (open && keyPath.length > 0) {
        rows.push({
          key: keyPath.join("."),
          type: "object (open)",
          default: "—",
          description: node.description ?? "",
        });
      }
      for (const [key, child] of Object.entries(node.properties)) walk(child, [...keyPath, key]);
      return;
    }
    rows.push({
      key: keyPath.join("."),
      type: typeOf(node),
      default: formatDefault(lookup(values, keyPath)),
      description: node.description ?? "",
    });
  };
  walk(schema, []);
  return rows;
}

const isMap = (node: SchemaNode) => typeof node.additionalProperties === "object";

export function renderTable(rows: readonly ValuesRow[]): string {
  const lines = ["| key | type | default | description |", "| --- | --- | --- | --- |"];
  for (const row of rows) {
    lines.push(`| \`${row.key}\` | ${cell(row.type)} | ${cell(row.default)} | ${cell(row.description)} |`);
  }
  return lines.join("\n");
}

/** The whole page from the charts' files as committed under `root`, formatted as `prettier --check` wants it. */
export async function renderValuesReference(root = repoRoot): Promise<string> {
  const sections = referencedCharts.map((chart) => {
    const dir = path.join(root, "charts", chart);
    const schema = JSON.parse(readFileSync(path.join(dir, "values.schema.json"), "utf8")) as SchemaNode;
    const values: unknown = parse(readFileSync(path.join(dir, "values.yaml"), "utf8"));
    return [
      `## Chart \`${chart}\``,
      "",
      schema.description ?? "",
      "",
      renderTable(valuesRows(schema, values)),
      "",
    ].join("\n");
  });
  const page = [
    "<!-- Generated from charts/*/values.schema.json and values.yaml by `node cdk8s/src/values-reference.ts` — do not edit. -->",
    "",
    "# Values reference",
    "",
    "Every key the charts accept, as their `values.schema.json` enforces it (unknown keys are rejected,",
    "except under the keys typed `object (open)`, which are passed to a third-party subchart unvalidated),",
    "with the default from `values.yaml`. Environment overrides: `charts/phoenix/values-{dev,staging,prod}.yaml`;",
    "the platform's per-zone presets: `charts/phoenix-platform/ci/*-values.yaml`. How to install: [operations](operations.md).",
    "",
    ...sections,
  ].join("\n");
  const file = path.join(root, valuesReferencePath);
  return format(page, { ...(await resolveConfig(file)), filepath: file });
}

export const valuesReferencePath = "docs/values-reference.md";

if (process.argv[1] === import.meta.filename) {
  writeFileSync(path.join(repoRoot, valuesReferencePath), await renderValuesReference());
  process.stdout.write(`wrote ${valuesReferencePath}\n`);
}
