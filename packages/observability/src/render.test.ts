import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { causeRulesFile, renderAll, rulesDir, sloRulesFile } from "./render.ts";
import { defaultOptions, isAlert, minutes } from "./rules.ts";
import type { AlertingRule, RuleFile } from "./rules.ts";
import type { TestFile } from "./promtool-tests.ts";
import { slos } from "./slos.ts";
import { exportedMetrics, metricsIn } from "./promql-metrics.ts";

const root = path.resolve(import.meta.dirname, "../../..");
const read = (name: string) => readFileSync(path.join(root, name), "utf8");
const committedAlerts = (): AlertingRule[] =>
  [sloRulesFile, causeRulesFile].flatMap((f) =>
    (parse(read(f)) as RuleFile).groups.flatMap((g) => g.rules.filter(isAlert)),
  );

/** One alerting rule: its name plus the labels that tell the rules of one name apart. */
const ruleKey = (rule: AlertingRule) =>
  `${rule.alert}${rule.labels["long_window"] ? `[${rule.labels["long_window"]}]` : ""}`;

describe("generated rule files", () => {
  it("are what the generator writes (run `npm run generate -w @phoenix/observability`)", () => {
    const rendered = renderAll();
    const tests = readdirSync(path.join(root, rulesDir, "tests")).map((f) => `${rulesDir}/tests/${f}`);
    expect(tests.sort()).toEqual(
      Object.keys(rendered)
        .filter((f) => f.includes("/tests/"))
        .sort(),
    );
    for (const [name, content] of Object.entries(rendered)) expect(read(name), name).toBe(content);
  });

  it("give every alert a for, a page or ticket severity, a summary, a description and a runbook", () => {
    const alerts = committedAlerts();
    expect(alerts.length).toBeGreaterThan(20);
    for (const rule of alerts) {
      expect(minutes(rule.for), rule.alert).toBeGreaterThan(0);
      expect(["page", "ticket"], rule.alert).toContain(rule.labels.severity);
      expect(rule.annotations.summary.length, rule.alert).toBeGreaterThan(10);
      expect(rule.annotations.description.length, rule.alert).toBeGreaterThan(40);
      expect(rule.annotations.runbook_url, rule.alert).toBe(
        `${defaultOptions.runbookBaseUrl}${rule.alert}.md`,
      );
    }
  });

  it("link every alert to a runbook page that exists", () => {
    for (const rule of committedAlerts()) {
      const page = rule.annotations.runbook_url.slice(defaultOptions.runbookBaseUrl.length);
      expect(existsSync(path.join(root, "docs/runbooks", page)), `docs/runbooks/${page}`).toBe(true);
    }
  });

  it("burn at the SRE workbook's rates: 14.4x and 6x page, 3x and 1x ticket", () => {
    const budgetBurn = committedAlerts().filter((r) => r.labels["long_window"] !== undefined);
    expect(budgetBurn).toHaveLength(slos.length * 4);
    const pairs = budgetBurn.map(
      (r) => `${r.labels["long_window"] ?? ""}/${r.labels["short_window"] ?? ""} ${r.labels.severity}`,
    );
    expect(new Set(pairs)).toEqual(new Set(["1h/5m page", "6h/30m page", "1d/2h ticket", "3d/6h ticket"]));
    const availability = budgetBurn.find(
      (r) => r.alert === "ApiAvailabilityBudgetBurn" && r.labels["long_window"] === "1h",
    );
    expect(availability?.expr).toBe(
      'slo:sli_error:ratio_rate1h{slo="api-availability"} > (14.4 * 0.001) and slo:sli_error:ratio_rate5m{slo="api-availability"} > (14.4 * 0.001)',
    );
  });
});

describe("promtool tests (meta)", () => {
  const evaluations = () =>
    readdirSync(path.join(root, rulesDir, "tests")).flatMap((f) =>
      (parse(read(`${rulesDir}/tests/${f}`)) as TestFile).tests.flatMap((t) => t.alert_rule_test),
    );

  it("test every alert both quiet and firing at its boundary", () => {
    const fired = new Set<string>();
    const quiet = new Set<string>();
    const alerts = committedAlerts();
    for (const evaluation of evaluations()) {
      for (const rule of alerts.filter((r) => r.alert === evaluation.alertname)) {
        const matches = evaluation.exp_alerts.some((a) =>
          Object.entries(rule.labels).every(([k, v]) => a.exp_labels[k] === v),
        );
        (matches ? fired : quiet).add(ruleKey(rule));
      }
    }
    const missing = alerts.map(ruleKey).filter((key) => !fired.has(key) || !quiet.has(key));
    expect(missing, "alerts without a firing and a quiet promtool case").toEqual([]);
  });
});

describe("metrics the rules read", () => {
  it("are all exported by the code (no invented metric)", () => {
    const exported = exportedMetrics();
    expect(exported.has("http_requests_total")).toBe(true);
    const rules = [sloRulesFile, causeRulesFile].flatMap((f) =>
      (parse(read(f)) as RuleFile).groups.flatMap((g) => g.rules),
    );
    const used = new Set(rules.flatMap((r) => metricsIn(r.expr)));
    expect(used.size).toBeGreaterThan(8);
    expect([...used].filter((m) => !exported.has(m))).toEqual([]);
  });

  it("finds metric names in PromQL", () => {
    expect(
      metricsIn(
        'sum by (code) (rate(twilio_requests_total{code!~"2.."}[15m])) / ignoring (code) group_left () sum(rate(x_total[1h])) > 0.05',
      ),
    ).toEqual(["twilio_requests_total", "x_total"]);
    expect(metricsIn("max by (service, name) (workqueue_depth) > 500")).toEqual(["workqueue_depth"]);
    expect(metricsIn('(sum(rate(h_count{a="b"}[5m])) - sum(rate(h_bucket{le="1"}[5m])))')).toEqual([
      "h",
      "h",
    ]);
  });
});

describe("latency SLOs", () => {
  // Prometheus 3 normalises a classic histogram's `le` to float form at ingestion ("5" → "5.0");
  // a selector with le="5" matches nothing and its SLO could never burn.
  const promFloat = (le: string) =>
    Number.isInteger(Number(le)) ? `${String(Number(le))}.0` : String(Number(le));
  it.each(slos.filter((slo) => slo.sli.kind === "latency").map((slo) => [slo.name, slo] as const))(
    "%s names its bucket as Prometheus 3 stores it",
    (_name, slo) => {
      if (slo.sli.kind !== "latency") throw new Error("not a latency SLO");
      expect(slo.sli.le).toBe(promFloat(slo.sli.le));
    },
  );
});
