// Wires a PhoenixWorkload to its values (<key>.*) and the shared settings: the knobs an SRE turns,
// the conditions under which each optional object exists, the env every service shares and the
// workload's NetworkPolicy.
import type { Construct } from "constructs";
import type { k8s } from "cdk8s-plus-34";
import { onlyIf } from "../helm/knobs.ts";
import type { Knobs } from "../helm/knobs.ts";
import { PhoenixWorkload } from "../constructs/workload.ts";
import type { KeySetMount, PhoenixWorkloadProps } from "../constructs/workload.ts";
import { commonLabels } from "../constructs/labels.ts";
import { workloadPolicy } from "../constructs/zones.ts";
import { setLate } from "../constructs/late-patch.ts";
import type { Rule } from "../constructs/zones.ts";

export type ComponentKey = "operator" | "api" | "agent" | "workers" | "smsRouter" | "web" | "iris" | "career";

export interface ComponentSpec {
  readonly key: ComponentKey;
  /** Folder and image name: phoenix-<component>. */
  readonly component: string;
  readonly port: number;
  readonly env: k8s.EnvVar[];
  readonly keySets?: KeySetMount[];
  readonly kubernetesApiAccess?: boolean;
  readonly queueScaling?: boolean;
  readonly ingress: readonly Rule[];
  readonly egress: readonly Rule[];
}

const value = (name: string, v: string): k8s.EnvVar => ({ name, value: v });

export const fromSecret = (name: string, secret: string, key: string, optional = false): k8s.EnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key, optional } },
});

/** SERVICE_NAME … REDIS_PASSWORD: the kernel's settings (packages/kernel/src/config.ts). */
export function kernelEnv(k: Knobs, serviceName: string, port: number): k8s.EnvVar[] {
  return [
    value("SERVICE_NAME", serviceName),
    { name: "LOG_LEVEL", value: k.str("global.logLevel") },
    value("HTTP_PORT", String(port)),
    { name: "OTEL_EXPORTER_OTLP_ENDPOINT", value: k.str("global.otlpEndpoint") },
  ];
}

export function dataEnv(k: Knobs): k8s.EnvVar[] {
  return [
    fromSecret("DATABASE_URL", k.str("database.secretName"), k.str("database.uriKey")),
    { name: "REDIS_SENTINELS", value: k.str("redis.sentinels") },
    { name: "REDIS_MASTER_NAME", value: k.str("redis.masterName") },
    fromSecret("REDIS_PASSWORD", k.str("redis.passwordSecret"), k.str("redis.passwordKey"), true),
  ];
}

export function twilioEnv(k: Knobs): k8s.EnvVar[] {
  return [
    fromSecret("TWILIO_ACCOUNT_SID", k.str("twilio.secretName"), "account-sid"),
    fromSecret("TWILIO_AUTH_TOKEN", k.str("twilio.secretName"), "auth-token"),
    { name: "TWILIO_BASE_URL", value: k.str("twilio.baseUrl") },
  ];
}

function image(k: Knobs, key: ComponentKey, component: string): string {
  k.path(`${key}.image.repository`, "string");
  return k.expr(
    `printf "%s/%s:%s" .Values.global.image.registry (.Values.${key}.image.repository | default "phoenix-${component}") (.Values.${key}.image.tag | default .Values.global.image.tag) | quote`,
  );
}

function resources(k: Knobs, key: ComponentKey): PhoenixWorkloadProps["resources"] {
  const q = (path: string) => k.str(`${key}.resources.${path}`);
  return {
    requests: { cpu: q("requests.cpu"), memory: q("requests.memory") },
    limits: { cpu: q("limits.cpu"), memory: q("limits.memory") },
  };
}

/** A component's workload, policy and conditions, from its values. */
export function phoenixComponent(scope: Construct, k: Knobs, spec: ComponentSpec): PhoenixWorkload {
  const { key } = spec;
  const name = `phoenix-${spec.component}`;
  const keda = spec.queueScaling ? `(and .Values.keda.enabled .Values.${key}.keda.enabled)` : "false";
  const hpa = `and ${k.path(`${key}.autoscaling.enabled`, "boolean")} (not ${keda})`;
  const workload = new PhoenixWorkload(scope, spec.component, {
    name,
    component: spec.component,
    image: image(k, key, spec.component),
    imagePullPolicy: k.str("global.image.pullPolicy"),
    imagePullSecrets: k.block("global.imagePullSecrets"),
    port: spec.port,
    replicas: k.int(`${key}.replicas`, { if: `not (or (${hpa}) ${keda})` }),
    resources: resources(k, key),
    env: [...spec.env, { name: "NODE_OPTIONS", value: k.str(`${key}.nodeOptions`) }],
    kubernetesApiAccess: spec.kubernetesApiAccess ?? false,
    keySets: spec.keySets ?? [],
    maxUnavailable: k.int(`${key}.pdb.maxUnavailable`),
    zoneSpread: k.expr(
      `ternary "DoNotSchedule" "ScheduleAnyway" ${k.path(`${key}.topologySpread`, "boolean")} | quote`,
    ),
    podAnnotations: k.block(`${key}.podAnnotations`),
    nodeSelector: k.block(`${key}.nodeSelector`),
    tolerations: k.block(`${key}.tolerations`),
    autoscaling: {
      minReplicas: k.int(`${key}.autoscaling.minReplicas`),
      maxReplicas: k.int(`${key}.autoscaling.maxReplicas`),
      targetCpu: k.int(`${key}.autoscaling.targetCPUUtilizationPercentage`),
    },
    ...(spec.queueScaling ? { queueScaling: queueScaling(k, key) } : {}),
    scrapeInterval: k.str("serviceMonitor.interval"),
  });
  onlyIf(scope, k.path(`${key}.enabled`, "boolean"));
  onlyIf(workload.hpa, hpa);
  onlyIf(workload.serviceMonitor, k.path("serviceMonitor.enabled", "boolean"));
  // Keep the services' own `service` label (prom-client default label): the alert rules of
  // @phoenix/observability select on it, and the Prometheus Operator would otherwise overwrite it
  // with the Kubernetes Service's name (moving ours to exported_service).
  setLate(workload.serviceMonitor, "/spec/endpoints/0/honorLabels", true);
  if (workload.scaledObject) onlyIf(workload.scaledObject, keda);
  if (workload.triggerAuthentication) onlyIf(workload.triggerAuthentication, keda);
  const policy = workloadPolicy(scope, "network-policy", {
    name,
    pods: workload.selector,
    ingress: spec.ingress,
    egress: spec.egress,
    labels: commonLabels(name, spec.component),
  });
  onlyIf(policy, k.path("networkPolicy.enabled", "boolean"));
  return workload;
}

function queueScaling(k: Knobs, key: ComponentKey) {
  const keda = (leaf: string) => k.path(`${key}.keda.${leaf}`);
  return {
    sentinels: k.str("redis.sentinels"),
    masterName: k.str("redis.masterName"),
    listName: k.expr(`printf "bull:%s:wait" ${keda("queue")} | quote`),
    listLength: k.expr(`${keda("listLength")} | toString | quote`),
    minReplicas: k.int(`${key}.keda.minReplicas`),
    maxReplicas: k.int(`${key}.keda.maxReplicas`),
    pollingInterval: k.int(`${key}.keda.pollingInterval`),
    passwordSecret: k.str("redis.passwordSecret"),
    passwordKey: k.str("redis.passwordKey"),
  };
}
