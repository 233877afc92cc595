import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exportedMetrics, metricsIn } from "../promql-metrics.ts";
import { slos } from "../slos.ts";
import { dashboardSpecs } from "./dashboards.ts";
import { dashboardsDir, renderDashboards } from "./render.ts";
import { generatedBy } from "./panels.ts";

const root = path.resolve(import.meta.dirname, "../../../..");

interface Model {
  __generated: string;
  uid: string;
  description: string;
  templating: { list: Array<{ name: string }> };
  panels: Array<{
    id: number;
    type: string;
    title: string;
    targets?: Array<{ expr: string; refId: string }>;
  }>;
}
const models = (): Model[] => Object.values(renderDashboards()).map((json) => JSON.parse(json) as Model);

/** prom-client's default metrics (collectDefaultMetrics in packages/kernel/src/metrics.ts) and Prometheus' own `up`. */
const scraped = new Set([
  "up",
  "process_resident_memory_bytes",
  "process_cpu_seconds_total",
  "nodejs_eventloop_lag_p99_seconds",
]);

describe("generated dashboards", () => {
  it("are what the generator writes (run `npm run generate -w @phoenix/observability`)", () => {
    const rendered = renderDashboards();
    const committed = readdirSync(path.join(root, dashboardsDir)).map((f) => `${dashboardsDir}/${f}`);
    expect(committed.sort()).toEqual(Object.keys(rendered).sort());
    for (const [name, content] of Object.entries(rendered))
      expect(readFileSync(path.join(root, name), "utf8"), name).toBe(content);
  });

  it("carry the generated header, stable distinct UIDs and distinct panel ids", () => {
    const all = models();
    expect(all.map((m) => m.uid)).toEqual([
      "phoenix-overview",
      "phoenix-sms-path",
      "phoenix-api",
      "phoenix-operator",
      "phoenix-billing",
      "phoenix-llm",
      "phoenix-slos",
    ]);
    for (const model of all) {
      expect(model.__generated).toBe(generatedBy);
      expect(model.description.endsWith(generatedBy)).toBe(true);
      expect(model.uid.length).toBeLessThanOrEqual(40);
      const ids = model.panels.map((p) => p.id);
      expect(new Set(ids).size, model.uid).toBe(ids.length);
      expect(model.templating.list.map((v) => v.name).slice(0, 2)).toEqual(["datasource", "namespace"]);
    }
  });

  it("read counters with $__rate_interval and filter by $namespace (the SLO dashboard reads the rules' windows)", () => {
    for (const spec of dashboardSpecs().filter((s) => s.uid !== "phoenix-slos")) {
      for (const target of spec.rows.flatMap((r) => r.panels.flatMap((p) => p.targets))) {
        expect(target.expr, spec.uid).toContain('namespace=~"$namespace"');
        for (const range of target.expr.matchAll(/\[([^\]]+)\]/g))
          expect(range[1], target.expr).toBe("$__rate_interval");
      }
    }
  });

  it("read only metrics the code exports, Prometheus' up, or the SLO recording rules", () => {
    const exported = exportedMetrics();
    const exprs = models().flatMap((m) => m.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)));
    expect(exprs.length).toBeGreaterThan(100);
    const used = new Set(exprs.flatMap(metricsIn));
    expect([...used].filter((m) => !exported.has(m) && !scraped.has(m))).toEqual([]);
    const recordings = new Set(exprs.flatMap((e) => [...e.matchAll(/slo:[a-z_:0-9]+/g)].map((m) => m[0])));
    const rules = readFileSync(path.join(root, "dashboards/rules/phoenix-slos.rules.yml"), "utf8");
    for (const record of recordings) expect(rules, record).toContain(`record: ${record}\n`);
  });

  it("give every SLO of slos.ts a row, so a changed objective changes the SLO dashboard", () => {
    const slo = models().find((m) => m.uid === "phoenix-slos");
    const rows = slo?.panels.filter((p) => p.type === "row").map((p) => p.title) ?? [];
    expect(rows).toHaveLength(slos.length);
    slos.forEach((s, i) => {
      expect(rows[i]).toContain(s.name);
    });
    const first = slos[0];
    if (!first) throw new Error("no SLO");
    const changed = renderDashboards([{ ...first, objective: 0.9876 }, ...slos.slice(1)]);
    const before = renderDashboards();
    expect(changed[`${dashboardsDir}/phoenix-slos.json`]).not.toBe(
      before[`${dashboardsDir}/phoenix-slos.json`],
    );
    expect(changed[`${dashboardsDir}/phoenix-slos.json`]).toContain("/ 0.0124");
    expect(before[`${dashboardsDir}/phoenix-slos.json`]).not.toContain("/ 0.0124");
  });
});
