// The phoenix-platform chart's own objects: the edge, data and monitoring zones' NetworkPolicies,
// the CloudNativePG Cluster with Barman Cloud backups, and the Gateway.
import { Chart } from "cdk8s";
import type { App } from "cdk8s";
import { onlyIf } from "../helm/knobs.ts";
import type { Knobs } from "../helm/knobs.ts";
import { commonLabels } from "../constructs/labels.ts";
import type { Zone } from "../constructs/labels.ts";
import { ZoneBaseline, workloadPolicy } from "../constructs/zones.ts";
import type { Rule } from "../constructs/zones.ts";
import { CnpgCluster, Gateway, GatewayClass, ObjectStore, ScheduledBackup } from "../constructs/third-party.ts";
import { routeTable } from "../routes/table.ts";

const chartProps = { disableResourceNameHashes: true } as const;
const everyPodHere: Rule["peers"] = [{ pods: {} }];
const apiServer: Rule = { peers: [{ cidr: "0.0.0.0/0" }], ports: [{ port: 443 }, { port: 6443 }] };

/** Allows per zone, on top of the zone's default deny. Pods of one zone namespace talk freely. */
const zoneRules: Record<Exclude<Zone, "apps">, { ingress: Rule[]; egress: Rule[] }> = {
  edge: {
    // Envoy's proxies listen on 10080/10443 for the Gateway's 80/443 listeners.
    ingress: [{ peers: [{ cidr: "0.0.0.0/0" }], ports: [{ port: 10080 }, { port: 10443 }] }],
    egress: [
      // Every Service the route table sends traffic to.
      { peers: [{ zone: "apps" }], ports: [...new Set(routeTable.map((r) => r.port))].map((port) => ({ port })) },
      { peers: [{ zone: "monitoring" }], ports: [{ port: 4317 }, { port: 4318 }] },
      { peers: everyPodHere, ports: [] },
      apiServer,
    ],
  },
  data: {
    ingress: [
      { peers: [{ zone: "apps" }], ports: [{ port: 5432 }, { port: 6379 }, { port: 26379 }] },
      { peers: [{ zone: "monitoring" }], ports: [] },
      // CloudNativePG's operator polls each instance's status endpoint.
      { peers: [{ namespace: "cnpg-system" }], ports: [{ port: 8000 }] },
      { peers: everyPodHere, ports: [] },
    ],
    // Backups and WAL to the object store; the instance manager watches the API server.
    egress: [{ peers: everyPodHere, ports: [] }, { peers: [{ cidr: "0.0.0.0/0" }], ports: [{ port: 443 }] }, apiServer],
  },
  monitoring: {
    ingress: [
      { peers: [{ zone: "apps" }, { zone: "edge" }], ports: [{ port: 4317 }, { port: 4318 }] },
      { peers: [{ zone: "edge" }], ports: [{ port: 3000 }, { port: 16686 }] },
      { peers: everyPodHere, ports: [] },
    ],
    // Prometheus scrapes every namespace; alerting and remote storage leave the cluster.
    egress: [{ peers: [{ anyNamespace: true }], ports: [] }, { peers: [{ cidr: "0.0.0.0/0" }], ports: [{ port: 443 }] }],
  },
};

export class PlatformZonesChart extends Chart {
  constructor(app: App, k: Knobs) {
    super(app, "zones", chartProps);
    k.path("zone", "string");
    for (const zone of ["edge", "data", "monitoring"] as const) {
      const labels = commonLabels(`phoenix-${zone}`, "network");
      const baseline = new ZoneBaseline(this, zone, { zone, labels });
      const allow = workloadPolicy(this, `${zone}-allow`, {
        name: `${zone}-allow`,
        pods: {},
        ...zoneRules[zone],
        labels,
      });
      onlyIf(baseline, `eq .Values.zone "${zone}"`);
      onlyIf(allow, `eq .Values.zone "${zone}"`);
    }
  }
}

export class PostgresChart extends Chart {
  constructor(app: App, k: Knobs) {
    super(app, "postgres", chartProps);
    const name = k.str("postgres.name");
    const labels = commonLabels("phoenix-db", "postgres");
    const store = k.expr(`printf "%s-backups" .Values.postgres.name | quote`);
    new ObjectStore(this, "object-store", {
      metadata: { name: store, labels },
      spec: {
        retentionPolicy: k.str("postgres.backup.retentionPolicy"),
        configuration: {
          destinationPath: k.str("postgres.backup.destinationPath"),
          endpointURL: k.expr(".Values.postgres.backup.endpointURL | quote", {
            if: ".Values.postgres.backup.endpointURL",
          }),
          s3Credentials: {
            accessKeyId: { name: k.str("postgres.backup.credentialsSecret"), key: "ACCESS_KEY_ID" },
            secretAccessKey: { name: k.str("postgres.backup.credentialsSecret"), key: "ACCESS_SECRET_KEY" },
          },
          wal: { compression: "gzip" },
          data: { compression: "gzip" },
        },
      },
    });
    const q = (path: string) => k.str(`postgres.resources.${path}`);
    new CnpgCluster(this, "cluster", {
      metadata: { name, labels },
      spec: {
        instances: k.int("postgres.instances"),
        imageName: k.str("postgres.imageName"),
        primaryUpdateStrategy: "unsupervised",
        storage: {
          size: k.str("postgres.storageSize"),
          storageClass: k.expr(".Values.postgres.storageClass | quote", { if: ".Values.postgres.storageClass" }),
        },
        bootstrap: { initdb: { database: k.str("postgres.database"), owner: k.str("postgres.owner") } },
        // The services' role: data privileges only, granted by the phoenix chart's migrate Job as
        // the owner; nothing that could switch row-level security off (docs/decisions/0009).
        managed: {
          roles: [
            {
              name: k.str("postgres.serviceRole.name"),
              ensure: "present",
              login: true,
              superuser: false,
              bypassrls: false,
              createdb: false,
              createrole: false,
              replication: false,
              inherit: true,
              passwordSecret: { name: k.str("postgres.serviceRole.passwordSecret") },
            },
          ],
        },
        resources: {
          requests: { cpu: q("requests.cpu"), memory: q("requests.memory") },
          limits: { cpu: q("limits.cpu"), memory: q("limits.memory") },
        },
        affinity: { topologyKey: "topology.kubernetes.io/zone", enablePodAntiAffinity: true },
        monitoring: { enablePodMonitor: false },
        plugins: [{ name: "barman-cloud.cloudnative-pg.io", isWALArchiver: true, parameters: { barmanObjectName: store } }],
      },
    });
    new ScheduledBackup(this, "daily", {
      metadata: { name: k.expr(`printf "%s-daily" .Values.postgres.name | quote`), labels },
      spec: {
        schedule: k.str("postgres.backup.schedule"),
        backupOwnerReference: "self",
        cluster: { name },
        method: "plugin",
        pluginConfiguration: { name: "barman-cloud.cloudnative-pg.io" },
        immediate: true,
      },
    });
    onlyIf(this, k.path("postgres.enabled", "boolean"));
  }
}

export class GatewayChart extends Chart {
  constructor(app: App, k: Knobs) {
    super(app, "gateway", chartProps);
    const labels = commonLabels("phoenix-gateway", "gateway");
    new GatewayClass(this, "class", {
      metadata: { name: k.str("gateway.className"), labels },
      spec: { controllerName: k.str("gateway.controllerName") },
    });
    // Routes may attach only from the apps zone's namespaces.
    const allowedRoutes = {
      namespaces: { from: "Selector" as const, selector: { matchLabels: { "phoenix.dev/zone": "apps" } } },
    };
    new Gateway(this, "gateway", {
      metadata: { name: k.str("gateway.name"), labels },
      spec: {
        gatewayClassName: k.str("gateway.className"),
        listeners: [
          { name: "http", protocol: "HTTP", port: 80, allowedRoutes },
          {
            name: "https",
            protocol: "HTTPS",
            port: 443,
            tls: { mode: "Terminate", certificateRefs: [{ name: k.str("gateway.tlsSecretName") }] },
            allowedRoutes,
          },
        ],
      },
    });
    onlyIf(this, k.path("gateway.enabled", "boolean"));
  }
}
