// The phoenix chart's PrometheusRules, rendered by the real helm: off by default, and when on,
// exactly the groups of the plain rule files (one source: @phoenix/observability), with the
// annotations' {{ $labels.x }} left for Prometheus and the extra labels merged in.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const chart = path.join(root, "charts/phoenix");

interface Rendered {
  kind: string;
  metadata: { name: string; labels: Record<string, string> };
  spec: { groups: unknown[] };
}

async function template(...set: string[]): Promise<Rendered[]> {
  const { stdout } = await run("helm", ["template", "phoenix", chart, ...set.flatMap((s) => ["--set", s])], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return parseAllDocuments(stdout)
    .map((d) => d.toJS() as Rendered | null)
    .filter((d): d is Rendered => d?.kind === "PrometheusRule");
}

const ruleFile = (name: string) =>
  (parse(readFileSync(path.join(root, "dashboards/rules", name), "utf8")) as { groups: unknown[] }).groups;

describe("the phoenix chart's PrometheusRules", () => {
  it("are off by default", async () => {
    expect(await template()).toEqual([]);
  });

  it("carry exactly the generated rule files' groups, with the extra labels", async () => {
    const rules = await template(
      "prometheusRule.enabled=true",
      "prometheusRule.labels.release=kube-prometheus-stack",
    );
    expect(rules.map((r) => r.metadata.name).sort()).toEqual(["phoenix-causes", "phoenix-slos"]);
    const byName = Object.fromEntries(rules.map((r) => [r.metadata.name, r]));
    expect(byName["phoenix-slos"]?.spec.groups).toEqual(ruleFile("phoenix-slos.rules.yml"));
    expect(byName["phoenix-causes"]?.spec.groups).toEqual(ruleFile("phoenix-causes.rules.yml"));
    expect(byName["phoenix-causes"]?.metadata.labels).toMatchObject({
      release: "kube-prometheus-stack",
      "app.kubernetes.io/part-of": "phoenix",
      "app.kubernetes.io/instance": "phoenix",
    });
    expect(JSON.stringify(byName["phoenix-causes"]?.spec)).toContain("{{ $labels.code }}");
  });
});
