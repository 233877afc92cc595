// The Alloy pipeline as `helm template` renders it (subcharts stubbed: the upstream charts cannot be
// downloaded here), checked against the labels the rendered phoenix chart puts on its pods.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { platformDependencies } from "../platform-values.ts";
import { phoenixPods, pipelineKey } from "./alloy.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const charts = path.join(repoRoot, "charts");
const platform = mkdtempSync(path.join(tmpdir(), "phoenix-platform-alloy-"));
cpSync(path.join(charts, "phoenix-platform"), platform, { recursive: true });
for (const dep of platformDependencies) {
  mkdirSync(path.join(platform, "charts", dep.name), { recursive: true });
  writeFileSync(
    path.join(platform, "charts", dep.name, "Chart.yaml"),
    `apiVersion: v2\nname: ${dep.name}\nversion: ${dep.version.replace(/^v/, "")}\n`,
  );
}
afterAll(() => {
  rmSync(platform, { recursive: true, force: true });
});

interface Doc {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: { template?: { metadata?: { labels?: Record<string, string> } } };
}

const helm = (...args: string[]): Doc[] =>
  parseAllDocuments(execFileSync("helm", ["template", ...args], { encoding: "utf8", maxBuffer: 64 << 20 }))
    .map((d) => d.toJS() as Doc | null)
    .filter((d): d is Doc => d !== null);

const pipeline = (...set: string[]): string => {
  const docs = helm("mon", platform, "-n", "observability", "-f", path.join(platform, "ci/monitoring-values.yaml"), ...set);
  const cm = docs.find((d) => d.kind === "ConfigMap" && d.metadata.name === "phoenix-alloy");
  return cm?.data?.[pipelineKey] ?? "";
};

/** The body of the first Alloy block `<header> {`, up to its matching brace. */
function block(text: string, header: string): string {
  const start = text.indexOf(`${header} {`);
  if (start < 0) return "";
  let depth = 0;
  for (let i = text.indexOf("{", start); i < text.length; i++) {
    if (text[i] === "{") depth++;
    if (text[i] === "}" && --depth === 0) return text.slice(start, i + 1);
  }
  return "";
}

describe("the platform chart's Alloy pipeline", () => {
  const rendered = pipeline();

  it("renders the ConfigMap the Alloy subchart mounts, only with alloy.enabled", () => {
    expect(rendered).toContain('loki.source.kubernetes "phoenix_pods"');
    const values = parse(
      execFileSync("helm", ["show", "values", platform], { encoding: "utf8" }),
    ) as { alloy: { alloy: { configMap: { create: boolean; name: string; key: string } } } };
    expect(values.alloy.alloy.configMap).toEqual({ create: false, name: "phoenix-alloy", key: pipelineKey });
    const off = helm("mon", platform, "-f", path.join(platform, "ci/data-values.yaml"));
    expect(off.some((d) => d.metadata.name === "phoenix-alloy")).toBe(false);
  });

  it("selects exactly the pods the phoenix chart renders, by a label they all carry", () => {
    const pods = helm("t", path.join(charts, "phoenix"), "-f", path.join(charts, "phoenix/ci/everything-values.yaml"))
      .map((d) => d.spec?.template?.metadata?.labels)
      .filter((l): l is Record<string, string> => l !== undefined);
    expect(pods.length).toBeGreaterThanOrEqual(5);
    const [key = "", value = ""] = phoenixPods.split("=");
    for (const labels of pods) expect(labels[key]).toBe(value);
    const discovery = block(rendered, 'discovery.kubernetes "phoenix_pods"');
    expect(discovery).toContain('role  = "pod"');
    expect(discovery).toContain(`label = "${key}=${value}"`);
    const keep = block(rendered, 'discovery.relabel "phoenix_pods"');
    expect(keep).toContain(`"__meta_kubernetes_pod_label_${key.replace(/[./-]/g, "_")}"`);
    expect(keep).toContain(`regex         = "${value}"`);
  });

  it("parses pino's JSON: level and service as labels, trace_id as structured metadata, never a label", () => {
    const process = block(rendered, 'loki.process "phoenix"');
    const json = block(process, "stage.json");
    for (const field of ["level", "service", "trace_id", "msg"]) expect(json).toContain(`${field} `);
    const labels = block(process, "stage.labels");
    expect(labels).toMatch(/level\s+= ""/);
    expect(labels).toMatch(/service\s+= ""/);
    expect(labels).not.toContain("trace_id");
    expect(block(process, "stage.structured_metadata")).toMatch(/trace_id\s+= ""/);
    // pino's numeric levels become names.
    expect(block(process, "stage.template")).toContain('eq .Value \\"30\\" }}info');
    expect(block(process, "stage.drop")).toContain("healthz|readyz|metrics");
  });

  it("writes to this release's Loki gateway, or to logs.lokiPushUrl, with the tenant", () => {
    const write = block(rendered, 'loki.write "loki"');
    expect(write).toContain('url       = "http://mon-loki-gateway.observability.svc/loki/api/v1/push"');
    expect(write).toContain('tenant_id = "phoenix"');
    const custom = block(
      pipeline("--set", "logs.lokiPushUrl=https://logs.example/loki/api/v1/push", "--set", "logs.tenant=acme"),
      'loki.write "loki"',
    );
    expect(custom).toContain('url       = "https://logs.example/loki/api/v1/push"');
    expect(custom).toContain('tenant_id = "acme"');
  });
});
