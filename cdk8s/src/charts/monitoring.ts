// The phoenix chart's PrometheusRules: the SLO burn-rate and cause alerts of
// @phoenix/observability, the same groups as dashboards/rules/*.rules.yml (one source); and its
// Grafana dashboards as sidecar ConfigMaps, the same JSON as dashboards/grafana/*.json.
import path from "node:path";
import { ApiObject, Chart } from "cdk8s";
import type { App } from "cdk8s";
import { causeRules, sloRules } from "@phoenix/observability";
import type { RuleFile, RuleGroup } from "@phoenix/observability";
import { renderDashboards } from "@phoenix/observability/dashboards";
import { onlyIf } from "../helm/knobs.ts";
import type { Knobs } from "../helm/knobs.ts";
import { setLate } from "../constructs/late-patch.ts";

/**
 * Annotations name alert labels as `{{ $labels.x }}`, which Helm would expand: such a string
 * goes through a knob marker as a Go string literal, so the rendered file holds it verbatim.
 */
function helmSafe(k: Knobs, group: RuleGroup): RuleGroup {
  const safe = (text: string) => {
    if (!text.includes("{{")) return text;
    // Quotes and backslashes would need escaping in the literal (and in render.ts' readable()).
    if (/["\\]/.test(text)) throw new Error(`a templated annotation must not contain quotes: ${text}`);
    return k.expr(`"${text}" | quote`);
  };
  return {
    ...group,
    rules: group.rules.map((rule) =>
      "alert" in rule
        ? {
            ...rule,
            annotations: {
              summary: safe(rule.annotations.summary),
              description: safe(rule.annotations.description),
              runbook_url: rule.annotations.runbook_url,
            },
          }
        : rule,
    ),
  };
}

// The labels of constructs/labels.ts commonLabels, as one Helm dict so prometheusRule.labels
// (e.g. the `release` label a kube-prometheus-stack ruleSelector matches) can be merged in.
const labels = (name: string, extra = ".Values.prometheusRule.labels") =>
  `merge (dict "app.kubernetes.io/name" "${name}" "app.kubernetes.io/instance" .Release.Name ` +
  `"app.kubernetes.io/component" "monitoring" "app.kubernetes.io/part-of" "phoenix" ` +
  `"app.kubernetes.io/managed-by" .Release.Service "app.kubernetes.io/version" .Chart.AppVersion ` +
  `"helm.sh/chart" (printf "%s-%s" .Chart.Name (.Chart.Version | replace "+" "_"))) ${extra}`;

/**
 * A dashboard's JSON as a Go raw string literal piped to quote: the legends' `{{service}}` stay
 * Grafana's, not Helm's. Minified (one line, as a marker must be); Grafana reads it the same.
 */
function helmJson(k: Knobs, json: string): string {
  const minified = JSON.stringify(JSON.parse(json));
  if (minified.includes("`")) throw new Error("a dashboard must not contain a backtick");
  return k.expr(`\`${minified}\` | quote`);
}

export class MonitoringChart extends Chart {
  constructor(app: App, k: Knobs) {
    super(app, "monitoring", { disableResourceNameHashes: true });
    k.path("prometheusRule.labels", "object");
    const rulesEnabled = k.path("prometheusRule.enabled", "boolean");
    const rule = (id: string, name: string, file: RuleFile) => {
      const obj = new ApiObject(this, id, {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { name },
        spec: { groups: file.groups.map((g) => helmSafe(k, g)) },
      });
      setLate(obj, "/metadata/labels", k.expr(labels(name), { block: true }));
      onlyIf(obj, rulesEnabled);
    };
    rule("slos", "phoenix-slos", sloRules());
    rule("causes", "phoenix-causes", causeRules());
    k.path("grafanaDashboards.labels", "object");
    const dashboardsEnabled = k.path("grafanaDashboards.enabled", "boolean");
    for (const [file, json] of Object.entries(renderDashboards())) {
      const base = path.basename(file);
      const name = `${base.replace(/\.json$/, "")}-dashboard`;
      const obj = new ApiObject(this, name.replace(/^phoenix-/, ""), {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name, annotations: { grafana_folder: k.str("grafanaDashboards.folder") } },
        data: { [base]: helmJson(k, json) },
      });
      const sidecar = `merge (dict "grafana_dashboard" "1") (${labels(name, ".Values.grafanaDashboards.labels")})`;
      setLate(obj, "/metadata/labels", k.expr(sidecar, { block: true }));
      onlyIf(obj, dashboardsEnabled);
    }
  }
}
