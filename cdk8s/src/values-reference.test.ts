import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderTable, renderValuesReference, valuesReferencePath, valuesRows } from "./values-reference.ts";
import type { SchemaNode } from "./values-reference.ts";

const repoRoot = path.resolve(import.meta.dirname, "../..");

describe("values reference", () => {
  it("the committed docs/values-reference.md matches the charts' schemas (node cdk8s/src/values-reference.ts)", async () => {
    expect(readFileSync(path.join(repoRoot, valuesReferencePath), "utf8")).toBe(
      await renderValuesReference(),
    );
  });

  const schema: SchemaNode = {
    type: "object",
    properties: {
      api: {
        type: "object",
        description: "The API.",
        properties: {
          replicas: { type: "integer", minimum: 0, description: "Replicas." },
          logLevel: { type: "string", enum: ["info", "debug"], description: "Level." },
          podAnnotations: { type: "object", additionalProperties: { type: "string" }, description: "Extra." },
        },
      },
      valkey: {
        type: "object",
        additionalProperties: true,
        description: "Passed on.",
        properties: { enabled: { type: "boolean", description: "Install it." } },
      },
    },
  };

  it("lists every leaf with its type, constraint and default from values.yaml", () => {
    const rows = valuesRows(schema, { api: { replicas: 2, logLevel: "info", podAnnotations: {} } });
    expect(rows).toEqual([
      { key: "api.replicas", type: "integer (≥ 0)", default: "`2`", description: "Replicas." },
      { key: "api.logLevel", type: '"info" | "debug"', default: "`info`", description: "Level." },
      { key: "api.podAnnotations", type: "map of string", default: "`{}`", description: "Extra." },
      { key: "valkey", type: "object (open)", default: "—", description: "Passed on." },
      { key: "valkey.enabled", type: "boolean", default: "—", description: "Install it." },
    ]);
  });

  it("changes when a description in the schema changes", () => {
    const before = renderTable(valuesRows(schema, {}));
    const changed = structuredClone(schema) as {
      properties: { api: { properties: { replicas: { description: string } } } };
    };
    changed.properties.api.properties.replicas.description = "Pods.";
    expect(renderTable(valuesRows(changed as SchemaNode, {}))).not.toBe(before);
  });
});
