// The phoenix-platform chart's values: its own objects (zone policies, the CloudNativePG Cluster
// with Barman Cloud backups, the Gateway) and the pinned third-party subcharts' switches. A
// subchart's subtree is open (its own chart validates it); ours reject unknown keys.
import { s } from "./helm/schema.ts";
import type { Infer } from "./helm/schema.ts";

const subchart = (description: string, extra: Parameters<typeof s.open>[1] = {}) =>
  s.open(`${description} Any other key is passed to the subchart.`, {
    enabled: s.bool(false, "Install this dependency in this release."),
    ...extra,
  });

export const platformValues = s.group("Phoenix platform layer: third-party engines, one release per zone.", {
  zone: s.enumOf(
    ["none", "edge", "data", "monitoring"],
    "none",
    "Zone of this release's namespace: renders that zone's default-deny and allow policies.",
  ),
  postgres: s.group(
    "CloudNativePG Cluster (needs the cloudnative-pg and plugin-barman-cloud releases first).",
    {
      enabled: s.bool(false, "Create the Cluster, its ObjectStore and ScheduledBackup."),
      name: s.str("phoenix-db", "Cluster name (services phoenix-db-rw / -ro, Secret phoenix-db-app)."),
      instances: s.int(3, "PostgreSQL instances (1 primary + replicas).", { minimum: 1 }),
      imageName: s.str("ghcr.io/cloudnative-pg/postgresql:17.6", "PostgreSQL image."),
      storageSize: s.quantity("20Gi", "PVC size per instance."),
      storageClass: s.str("", "StorageClass; empty: the cluster default."),
      database: s.str("phoenix", "Application database."),
      owner: s.str(
        "phoenix",
        "The database's owner: owns the schema, used only by the phoenix chart's migrate Job (Secret <name>-app).",
      ),
      serviceRole: s.group(
        "The services' role, declared as a CloudNativePG managed role: LOGIN, no superuser, no BYPASSRLS, no CREATEDB/CREATEROLE; the migrate Job grants it data privileges only (docs/decisions/0009).",
        {
          name: s.str("phoenix_app", "Role name (the phoenix chart's database.serviceRole)."),
          passwordSecret: s.str(
            "phoenix-db-service",
            "kubernetes.io/basic-auth Secret with username and password of that role, created beforehand; give it a uri key too and copy it into the apps namespace as the phoenix chart's database.secretName.",
          ),
        },
      ),
      resources: s.group("Per-instance requests/limits.", {
        requests: s.group("Requests.", {
          cpu: s.quantity("500m", "CPU."),
          memory: s.quantity("1Gi", "Memory."),
        }),
        limits: s.group("Limits.", { cpu: s.quantity("2", "CPU."), memory: s.quantity("1Gi", "Memory.") }),
      }),
      backup: s.group("Barman Cloud plugin backups to an object store (RPO 24 h: daily base backup + WAL).", {
        schedule: s.str("0 0 3 * * *", "Base backup schedule (six-field cron, seconds first)."),
        retentionPolicy: s.str("30d", "How long backups are kept."),
        destinationPath: s.str("s3://phoenix-backups/postgres", "Bucket path."),
        endpointURL: s.str("", "S3-compatible endpoint; empty: AWS."),
        credentialsSecret: s.str("phoenix-backup-s3", "Secret with ACCESS_KEY_ID and ACCESS_SECRET_KEY."),
      }),
    },
  ),
  gateway: s.group("The Gateway the phoenix chart's HTTPRoutes attach to (needs the gateway-helm release).", {
    enabled: s.bool(false, "Create the GatewayClass and Gateway."),
    className: s.str("envoy", "GatewayClass name."),
    controllerName: s.str("gateway.envoyproxy.io/gatewayclass-controller", "Controller of the class."),
    name: s.str("phoenix", "Gateway name."),
    tlsSecretName: s.str("phoenix-tls", "Certificate Secret for the HTTPS listener."),
  }),
  "cert-manager": subchart("cert-manager (the Barman Cloud plugin's TLS).", {
    crds: s.open("CRDs.", { enabled: s.bool(true, "Install cert-manager's CRDs.") }),
  }),
  "cloudnative-pg": subchart("CloudNativePG operator."),
  "plugin-barman-cloud": subchart("Barman Cloud plugin for CloudNativePG (same namespace as the operator)."),
  valkey: subchart("Valkey with Sentinel: 1 primary, 2 replicas, 3 sentinels; AOF, noeviction.", {
    mode: s.str("sentinel", "Topology."),
    sentinel: s.open("Sentinel.", {
      masterSet: s.str("phoenix", "Master set name (REDIS_MASTER_NAME)."),
      replicas: s.int(3, "Sentinels.", { minimum: 3 }),
    }),
    replica: s.open("Replicas.", { replicas: s.int(2, "Replicas of the primary.", { minimum: 0 }) }),
    valkeyConfig: s.str(
      "appendonly yes\nappendfsync everysec\nmaxmemory-policy noeviction\n",
      "Extra valkey.conf: AOF on, never evict (BullMQ jobs must not vanish).",
    ),
  }),
  "kube-prometheus-stack": subchart("Prometheus Operator, Prometheus, Alertmanager, Grafana."),
  loki: subchart("Loki (logs)."),
  alloy: subchart("Grafana Alloy (log and OTLP collection).", {
    alloy: s.open("Alloy's own settings (the upstream chart's alloy key).", {
      configMap: s.open(
        "The pipeline's ConfigMap: the platform chart's own (cdk8s/src/charts/alloy.ts, settings under logs), mounted by the subchart.",
        {
          create: s.bool(false, "Let the subchart create its own ConfigMap instead (then set content)."),
          name: s.str(
            "phoenix-alloy",
            "Name of the pipeline's ConfigMap (created by this chart with alloy.enabled).",
          ),
          key: s.str("config.alloy", "Key of the pipeline in that ConfigMap."),
        },
      ),
      clustering: s.open("Alloy clustering: loki.source.kubernetes spreads the pods over the replicas.", {
        enabled: s.bool(true, "Cluster the replicas (each pod's log read by one replica)."),
      }),
    }),
  }),
  logs: s.group(
    "The Alloy pipeline (alloy.enabled): Phoenix pods' stdout, pino JSON, pushed unchanged to Loki with level and service labels and trace_id as structured metadata.",
    {
      lokiPushUrl: s.str(
        "",
        "Loki push URL; empty: this release's Loki gateway, http://<release>-loki-gateway.<namespace>.svc/loki/api/v1/push.",
      ),
      tenant: s.str("phoenix", "Loki tenant (X-Scope-OrgID); Loki's chart enables multi-tenancy by default."),
    },
  ),
  jaeger: subchart("Jaeger v2 (OTLP traces)."),
  "gateway-helm": subchart("Envoy Gateway (Gateway API implementation, with the Gateway API CRDs)."),
});

export type PlatformValues = Infer<typeof platformValues>;

/** Pinned dependencies (Chart.yaml); `helm dependency build` fetches them on a connected machine. */
export const platformDependencies = [
  { name: "cert-manager", version: "v1.18.2", repository: "https://charts.jetstack.io" },
  { name: "cloudnative-pg", version: "0.28.3", repository: "https://cloudnative-pg.github.io/charts" },
  { name: "plugin-barman-cloud", version: "0.7.1", repository: "https://cloudnative-pg.github.io/charts" },
  { name: "valkey", version: "1.0.0", repository: "https://valkey.io/valkey-helm/" },
  {
    name: "kube-prometheus-stack",
    version: "77.6.2",
    repository: "https://prometheus-community.github.io/helm-charts",
  },
  { name: "loki", version: "6.40.0", repository: "https://grafana.github.io/helm-charts" },
  { name: "alloy", version: "1.2.1", repository: "https://grafana.github.io/helm-charts" },
  { name: "jaeger", version: "4.1.0", repository: "https://jaegertracing.github.io/helm-charts" },
  { name: "gateway-helm", version: "v1.7.4", repository: "oci://docker.io/envoyproxy" },
].map((d) => ({ ...d, condition: `${d.name}.enabled` }));
