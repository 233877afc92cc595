// The phoenix chart's Grafana dashboard ConfigMaps, rendered by the real helm: off by default, and
// when on, one ConfigMap per dashboards/grafana/*.json labelled for the Grafana sidecar, holding
// exactly that JSON (the legends' {{service}} left to Grafana), with the extra labels and folder.
import { execFile } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const chart = path.join(root, "charts/phoenix");

interface ConfigMap {
  kind: string;
  metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
  data: Record<string, string>;
}

async function configMaps(...set: string[]): Promise<ConfigMap[]> {
  const { stdout } = await run("helm", ["template", "phoenix", chart, ...set.flatMap((s) => ["--set", s])], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return parseAllDocuments(stdout)
    .map((d) => d.toJS() as ConfigMap | null)
    .filter((d): d is ConfigMap => d?.kind === "ConfigMap" && d.metadata.name.endsWith("-dashboard"));
}

describe("the phoenix chart's Grafana dashboards", () => {
  it("are off by default", async () => {
    expect(await configMaps()).toEqual([]);
  });

  it("are sidecar ConfigMaps holding exactly the generated JSON", async () => {
    const maps = await configMaps(
      "grafanaDashboards.enabled=true",
      "grafanaDashboards.labels.team=sre",
      "grafanaDashboards.folder=SRE",
    );
    const files = readdirSync(path.join(root, "dashboards/grafana")).sort();
    expect(maps.flatMap((m) => Object.keys(m.data)).sort()).toEqual(files);
    for (const map of maps) {
      expect(map.metadata.labels).toMatchObject({
        grafana_dashboard: "1",
        team: "sre",
        "app.kubernetes.io/part-of": "phoenix",
      });
      expect(map.metadata.annotations["grafana_folder"]).toBe("SRE");
      for (const [file, json] of Object.entries(map.data)) {
        const committed = readFileSync(path.join(root, "dashboards/grafana", file), "utf8");
        expect(JSON.parse(json), file).toEqual(JSON.parse(committed));
      }
    }
    expect(JSON.stringify(maps)).toContain("{{service}}");
  });
});
