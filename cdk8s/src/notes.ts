// templates/NOTES.txt of the phoenix chart: what was installed and how to check it.
export const notes = `{{- /* Generated from cdk8s/src by \`make charts\` — do not edit. */ -}}
Phoenix {{ .Chart.AppVersion }} — release {{ .Release.Name }} in namespace {{ .Release.Namespace }}.

Components:
  operator    {{ ternary "enabled" "disabled" .Values.operator.enabled }}
  api         {{ ternary "enabled" "disabled (api.enabled=false)" .Values.api.enabled }}
  agent       {{ ternary "enabled" "disabled" .Values.agent.enabled }}
  workers     {{ ternary "enabled" "disabled" .Values.workers.enabled }}
  sms-router  {{ ternary "enabled" "disabled" .Values.smsRouter.enabled }}

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

Public endpoints:
{{- if .Values.api.enabled }}
  https://{{ .Values.hosts.api }}/            the API
{{- end }}
  https://{{ .Values.hosts.sms }}/twilio/…    Twilio webhooks (configure numbers with {{ .Values.global.publicBaseUrl }})
{{- end }}
{{- if .Values.networkPolicy.enabled }}

NetworkPolicies are default-deny: label this namespace phoenix.dev/zone=apps, and the gateway,
data and monitoring namespaces phoenix.dev/zone=edge|data|monitoring, or traffic is refused.
{{- end }}
`;
