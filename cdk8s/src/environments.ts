// Per-environment values files (values-<env>.yaml): only what differs from values.yaml, typed
// against the declaration so a misspelt key fails the type check before helm's schema does.
import type { DeepPartial } from "./helm/schema.ts";
import type { PhoenixValues } from "./values.ts";
import type { PlatformValues } from "./platform-values.ts";

type Workload = "api" | "agent" | "workers" | "smsRouter" | "web" | "iris" | "career";
const each = <T>(make: (key: Workload) => T): Record<Workload, T> => ({
  api: make("api"),
  agent: make("agent"),
  workers: make("workers"),
  smsRouter: make("smsRouter"),
  web: make("web"),
  iris: make("iris"),
  career: make("career"),
});

/** The queue consumers, which KEDA scales on queue depth; the HTTP services scale on CPU. */
const queueScaled = (key: Workload): key is "agent" | "workers" => key === "agent" || key === "workers";

const size = (cpu: string, memory: string, cpuLimit: string) => ({
  resources: { requests: { cpu, memory }, limits: { cpu: cpuLimit, memory } },
});

/** kind or the local control plane: one replica of everything, dev Secrets, images loaded by `make kind-load`. */
export const dev: DeepPartial<PhoenixValues> = {
  global: { image: { registry: "phoenix.local", tag: "dev", pullPolicy: "IfNotPresent" }, logLevel: "debug" },
  secrets: {
    create: true,
    databaseUri: "postgres://phoenix_app:phoenix_app@phoenix-db-rw.phoenix-data:5432/phoenix",
    databaseOwnerUri: "postgres://phoenix:phoenix@phoenix-db-rw.phoenix-data:5432/phoenix",
    redisPassword: "",
    twilioAccountSid: "AC00000000000000000000000000000000",
    twilioAuthToken: "dev-token",
  },
  operator: { replicas: 1, ...size("50m", "192Mi", "500m") },
  ...each(() => ({ replicas: 1, pdb: { maxUnavailable: 1 }, ...size("50m", "192Mi", "500m") })),
};

/** Staging: production's shape at a smaller scale. */
export const staging: DeepPartial<PhoenixValues> = {
  operator: { replicas: 2 },
  ...each((key) => ({
    replicas: 2,
    topologySpread: true,
    autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 4 },
    ...(queueScaled(key) ? { keda: { enabled: true, minReplicas: 1, maxReplicas: 6 } } : {}),
  })),
  keda: { enabled: true },
  serviceMonitor: { enabled: true },
  gateway: { enabled: true },
  hosts: { app: "app.staging.phoenix.example" },
  global: { publicBaseUrl: "https://app.staging.phoenix.example" },
};

/** Production: three zones, strict zone spread, autoscaling, standby operator. */
export const prod: DeepPartial<PhoenixValues> = {
  operator: { replicas: 2, topologySpread: true, ...size("200m", "384Mi", "1") },
  ...each((key) => ({
    replicas: 3,
    topologySpread: true,
    pdb: { maxUnavailable: 1 },
    autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 12 },
    ...size("500m", "512Mi", "2"),
    ...(queueScaled(key) ? { keda: { enabled: true, minReplicas: 3, maxReplicas: 20 } } : {}),
  })),
  keda: { enabled: true },
  serviceMonitor: { enabled: true },
  gateway: { enabled: true },
};

/** Scenario values under ci/: every optional object on, to render and validate them all. */
export const everything: DeepPartial<PhoenixValues> = {
  api: { enabled: true, autoscaling: { enabled: true } },
  agent: { keda: { enabled: true } },
  workers: { autoscaling: { enabled: true } },
  web: { autoscaling: { enabled: true } },
  keda: { enabled: true },
  serviceMonitor: { enabled: true },
  gateway: { enabled: true, sectionName: "" },
  ingress: { enabled: true, className: "contour", tlsSecretName: "phoenix-tls", annotations: { a: "b" } },
  secrets: { create: true },
};

export const environments = { dev, staging, prod } as const;

/**
 * The platform layer as releases of phoenix-platform, installed in this order (ADR 0021):
 * operators (their CRDs first), monitoring, data (needs CloudNativePG's CRDs), edge (Gateway API's).
 */
export const platformZones: Record<string, DeepPartial<PlatformValues>> = {
  operators: {
    zone: "none",
    "cert-manager": { enabled: true },
    "cloudnative-pg": { enabled: true },
    "plugin-barman-cloud": { enabled: true },
    "gateway-helm": { enabled: true },
  },
  monitoring: {
    zone: "monitoring",
    "kube-prometheus-stack": { enabled: true },
    loki: { enabled: true },
    alloy: { enabled: true },
    jaeger: { enabled: true },
  },
  data: { zone: "data", valkey: { enabled: true }, postgres: { enabled: true } },
  edge: { zone: "edge", gateway: { enabled: true } },
};
