// The phoenix chart's PrometheusRules: the SLO burn-rate and cause alerts of
// @phoenix/observability, the same groups as dashboards/rules/*.rules.yml (one source).
import { ApiObject, Chart } from "cdk8s";
import type { App } from "cdk8s";
import { causeRules, sloRules } from "@phoenix/observability";
import type { RuleFile, RuleGroup } from "@phoenix/observability";
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
const labels = (name: string) =>
  `merge (dict "app.kubernetes.io/name" "${name}" "app.kubernetes.io/instance" .Release.Name ` +
  `"app.kubernetes.io/component" "monitoring" "app.kubernetes.io/part-of" "phoenix" ` +
  `"app.kubernetes.io/managed-by" .Release.Service "app.kubernetes.io/version" .Chart.AppVersion ` +
  `"helm.sh/chart" (printf "%s-%s" .Chart.Name (.Chart.Version | replace "+" "_"))) .Values.prometheusRule.labels`;

export class MonitoringChart extends Chart {
  constructor(app: App, k: Knobs) {
    super(app, "monitoring", { disableResourceNameHashes: true });
    k.path("prometheusRule.labels", "object");
    const rule = (id: string, name: string, file: RuleFile) => {
      const obj = new ApiObject(this, id, {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { name },
        spec: { groups: file.groups.map((g) => helmSafe(k, g)) },
      });
      setLate(obj, "/metadata/labels", k.expr(labels(name), { block: true }));
    };
    rule("slos", "phoenix-slos", sloRules());
    rule("causes", "phoenix-causes", causeRules());
    onlyIf(this, k.path("prometheusRule.enabled", "boolean"));
  }
}
