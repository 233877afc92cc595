// The non-template files of a Helm chart, from the values declaration: Chart.yaml,
// values.yaml (every key with its description as a comment), values.schema.json.
import { Document, isMap, isScalar } from "yaml";
import type { YAMLMap } from "yaml";
import { defaults, toJsonSchema } from "./schema.ts";
import type { Group, Node } from "./schema.ts";
import { generatedHeader } from "./render.ts";

export interface ChartMeta {
  readonly name: string;
  readonly description: string;
  readonly version: string;
  readonly appVersion: string;
  readonly dependencies?: ReadonlyArray<Record<string, string>>;
}

export function chartYaml(meta: ChartMeta): string {
  const doc = new Document({
    apiVersion: "v2",
    name: meta.name,
    description: meta.description,
    type: "application",
    version: meta.version,
    appVersion: meta.appVersion,
    kubeVersion: ">=1.30.0-0",
    home: "https://github.com/phoenix/phoenix",
    ...(meta.dependencies ? { dependencies: meta.dependencies } : {}),
  });
  return generatedHeader + doc.toString({ lineWidth: 0 });
}

function annotate(map: YAMLMap, group: Group<Record<string, Node>>): void {
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    const node = group.props[key];
    if (!node || !isScalar(pair.key)) continue;
    pair.key.commentBefore = ` ${node.description}`;
    if (node.kind === "group" && isMap(pair.value)) annotate(pair.value, node);
  }
}

export function valuesYaml(schema: Group<Record<string, Node>>, overrides?: unknown): string {
  const doc = new Document(overrides ?? defaults(schema));
  if (!overrides && isMap(doc.contents)) annotate(doc.contents, schema);
  return generatedHeader + doc.toString({ lineWidth: 0 });
}

export function schemaJson(schema: Node): string {
  return `${JSON.stringify({ $schema: "https://json-schema.org/draft-07/schema#", ...toJsonSchema(schema) }, null, 2)}\n`;
}
