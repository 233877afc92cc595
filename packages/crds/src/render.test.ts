import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { renderCrds } from "./render.ts";

const generated = path.resolve(import.meta.dirname, "../generated");

describe("generated CRDs", () => {
  it("match the TypeBox schemas (run `npm run generate -w @phoenix/crds` after changing them)", () => {
    const rendered = renderCrds();
    expect(readdirSync(generated).sort()).toEqual(Object.keys(rendered).sort());
    for (const [name, content] of Object.entries(rendered)) {
      expect(readFileSync(path.join(generated, name), "utf8"), name).toBe(content);
    }
  });

  it("are structural: every schema node carries a type and none uses const or additionalProperties: false", () => {
    const problems: string[] = [];
    const walk = (node: Record<string, unknown>, at: string) => {
      if (!("type" in node)) problems.push(`${at}: no type`);
      if ("const" in node) problems.push(`${at}: const`);
      if (node["additionalProperties"] === false) problems.push(`${at}: additionalProperties false`);
      for (const [key, child] of Object.entries(
        (node["properties"] ?? {}) as Record<string, Record<string, unknown>>,
      )) {
        walk(child, `${at}.${key}`);
      }
      if (node["items"]) walk(node["items"] as Record<string, unknown>, `${at}[]`);
    };
    for (const name of Object.keys(renderCrds())) {
      const content = readFileSync(path.join(generated, name), "utf8");
      const crd = parse(content) as {
        spec: { versions: { schema: { openAPIV3Schema: Record<string, unknown> } }[] };
      };
      walk(crd.spec.versions[0]!.schema.openAPIV3Schema, name);
    }
    expect(problems).toEqual([]);
  });
});
