// templates/NOTES.txt of the phoenix chart: what was installed and how to check it.
import { routeTable } from "./routes/table.ts";

// One line per route of the table, shown while its component is enabled; the descriptions in one column.
const width = Math.max(...routeTable.flatMap((r) => r.prefixes.map((p) => p.length)));
const endpoints = routeTable
  .map((r) => {
    const lines = r.prefixes
      .map((p) => `  https://{{ .Values.hosts.app }}${p.padEnd(width)} ${r.what}`)
      .join("\n");
    return `{{- if .Values.${r.component}.enabled }}\n${lines}\n{{- end }}`;
  })
  .join("\n");

export const notes = `{{- /* Generated from cdk8s/src by \`make charts\` — do not edit. */ -}}
Phoenix {{ .Chart.AppVersion }} — release {{ .Release.Name }} in namespace {{ .Release.Namespace }}.

Components:
  operator    {{ ternary "enabled" "disabled" .Values.operator.enabled }}
  api         {{ ternary "enabled" "disabled (api.enabled=false)" .Values.api.enabled }}
  agent       {{ ternary "enabled" "disabled" .Values.agent.enabled }}
  workers     {{ ternary "enabled" "disabled" .Values.workers.enabled }}
  sms-router  {{ ternary "enabled" "disabled" .Values.smsRouter.enabled }}
  web         {{ ternary "enabled" "disabled" .Values.web.enabled }}
  iris        {{ ternary "enabled" "disabled" .Values.iris.enabled }}
  career      {{ ternary "enabled" "disabled" .Values.career.enabled }}

Watch the rollout:
  kubectl -n {{ .Release.Namespace }} get deploy,pods -l app.kubernetes.io/instance={{ .Release.Name }}

Check readiness through the Service ({{ ternary "the API's" "the SMS router's" .Values.api.enabled }} /readyz):
  helm test {{ .Release.Name }} -n {{ .Release.Namespace }}
{{- if .Values.keys.enabled }}

Key sets (rotated by the operator, mounted into the services):
  kubectl -n {{ .Release.Namespace }} get keyrotations
  kubectl -n {{ .Release.Namespace }} annotate keyrotation phoenix-jwt phoenix.dev/rotate="$(date +%s)" --overwrite
{{- end }}
{{- if or .Values.gateway.enabled .Values.ingress.enabled }}

Public endpoints, one origin (the longest matching prefix wins):
${endpoints}
{{- end }}
{{- if .Values.networkPolicy.enabled }}

NetworkPolicies are default-deny: label this namespace phoenix.dev/zone=apps, and the gateway,
data and monitoring namespaces phoenix.dev/zone=edge|data|monitoring, or traffic is refused.
{{- end }}
`;
