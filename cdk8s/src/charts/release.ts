// The phoenix chart's shared objects: the apps zone's baseline policies, the public routes
// (Gateway API, optional Ingress), the KeyRotation CRs, dev Secrets, the migrate hook Job and the
// `helm test` Job.
import { ApiObject, Chart } from "cdk8s";
import type { App } from "cdk8s";
import { k8s } from "cdk8s-plus-34";
import { keyRotationResource } from "@phoenix/crds";
import type { KeyRotationSpec } from "@phoenix/crds";
import { onlyIf, release } from "../helm/knobs.ts";
import type { Knobs } from "../helm/knobs.ts";
import { commonLabels, selectorLabels, zoneLabel } from "../constructs/labels.ts";
import { phoenixJob } from "../constructs/job.ts";
import { setLate } from "../constructs/late-patch.ts";
import { HttpRoute } from "../constructs/third-party.ts";
import { ZoneBaseline, workloadPolicy } from "../constructs/zones.ts";
import { ports } from "../ports.ts";
import { routeTable, tableProblems } from "../routes/table.ts";
import type { RouteEntry } from "../routes/table.ts";
import { fromSecret } from "./workloads.ts";

const chartProps = { disableResourceNameHashes: true } as const;

/**
 * Hook annotations: Helm creates these objects on install and upgrade before any other object of
 * the release, lowest weight first, waits for a Job to complete (a failed one stops the release
 * before a Deployment changes), and deletes them once every hook of the phase succeeded.
 */
export function preDeployHook(weight: number): Record<string, string> {
  return {
    "helm.sh/hook": "pre-install,pre-upgrade",
    "helm.sh/hook-weight": String(weight),
    "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded",
  };
}

/** What the migrate Job needs (its Secret in dev, its NetworkPolicy) comes first, then the Job. */
export const hookWeights = { setup: -10, migrate: -5 } as const;

const annotate = (obj: { metadata: { addAnnotation(key: string, value: string): void } }, a: Record<string, string>) => {
  for (const [key, value] of Object.entries(a)) obj.metadata.addAnnotation(key, value);
};

export class AppsZoneChart extends Chart {
  constructor(app: App, k: Knobs) {
    super(app, "network", chartProps);
    new ZoneBaseline(this, "apps", { zone: "apps", labels: commonLabels("phoenix", "network") });
    onlyIf(this, k.path("networkPolicy.enabled", "boolean"));
  }
}

/** A Helm condition: the Gateway or Ingress flag and the backend component's own flag. */
const routeCondition = (k: Knobs, flag: "gateway" | "ingress", entry: RouteEntry) =>
  `and ${k.path(`${flag}.enabled`, "boolean")} ${k.path(`${entry.component}.enabled`, "boolean")}`;

/**
 * The public routes, generated from the route table (routes/table.ts): per entry, one HTTPRoute
 * and one optional Ingress on the one host hosts.app, each prefix a PathPrefix match to the
 * entry's Service. Precedence needs no ordering here: Gateway API and Ingress both give a request
 * to the longest matching prefix across every route of a host. A streaming entry's HTTPRoute rule
 * turns the request timeout off (Gateway API: 0s disables it), which SSE needs.
 */
export class RoutesChart extends Chart {
  constructor(app: App, k: Knobs, table: readonly RouteEntry[] = routeTable) {
    super(app, "routes", chartProps);
    const problems = tableProblems(table);
    if (problems.length > 0) throw new Error(`route table: ${problems.join("; ")}`);
    const host = k.str("hosts.app");
    for (const entry of table) {
      const metadata = { name: `phoenix-${entry.id}`, labels: commonLabels(`phoenix-${entry.id}`, "routes") };
      const route = new HttpRoute(this, `${entry.id}-route`, {
        metadata,
        spec: {
          parentRefs: [
            {
              name: k.str("gateway.name"),
              namespace: k.str("gateway.namespace"),
              sectionName: k.expr(".Values.gateway.sectionName | quote", { if: ".Values.gateway.sectionName" }),
            },
          ],
          hostnames: [host],
          rules: [
            {
              matches: entry.prefixes.map((value) => ({ path: { type: "PathPrefix" as const, value } })),
              backendRefs: [{ name: entry.service, port: entry.port }],
              ...(entry.streaming ? { timeouts: { request: "0s" } } : {}),
            },
          ],
        },
      });
      onlyIf(route, routeCondition(k, "gateway", entry));
      const ingress = new k8s.KubeIngress(this, `${entry.id}-ingress`, {
        metadata,
        spec: {
          ingressClassName: k.expr(".Values.ingress.className | quote", { if: ".Values.ingress.className" }),
          rules: [
            {
              host,
              http: {
                paths: entry.prefixes.map((path) => ({
                  path,
                  pathType: "Prefix",
                  backend: { service: { name: entry.service, port: { number: entry.port } } },
                })),
              },
            },
          ],
        },
      });
      setLate(ingress, "/metadata/annotations", k.block("ingress.annotations"));
      setLate(
        ingress,
        "/spec/tls",
        k.expr(`list (dict "hosts" (list .Values.hosts.app) "secretName" .Values.ingress.tlsSecretName)`, {
          block: true,
          if: ".Values.ingress.tlsSecretName",
        }),
      );
      onlyIf(ingress, routeCondition(k, "ingress", entry));
    }
  }
}

export class KeysChart extends Chart {
  constructor(app: App, k: Knobs) {
    super(app, "keys", chartProps);
    const rotation = (id: "jwt" | "internal", spec: Pick<KeyRotationSpec, "type" | "algorithm">) =>
      new ApiObject(this, id, {
        apiVersion: `${keyRotationResource.group}/${keyRotationResource.version}`,
        kind: keyRotationResource.kind,
        metadata: { name: `phoenix-${id}`, labels: commonLabels(`phoenix-${id}`, "keys") },
        spec: {
          ...spec,
          secretName: k.str(`keys.${id}.secretName`),
          rotationInterval: k.str(`keys.${id}.rotationInterval`),
          overlap: k.str(`keys.${id}.overlap`),
        } satisfies Partial<KeyRotationSpec>,
      });
    // Access tokens (signed by the API, verified by every replica by kid).
    rotation("jwt", { type: "JWTSigningKey", algorithm: k.str("keys.jwt.algorithm") as "ES256" });
    // Service-to-service HMAC.
    rotation("internal", { type: "HMAC", algorithm: k.str("keys.internal.algorithm") as "HS256" });
    onlyIf(this, k.path("keys.enabled", "boolean"));
  }
}

export class DevSecretsChart extends Chart {
  constructor(app: App, k: Knobs) {
    super(app, "secrets", chartProps);
    const secret = (id: string, name: string, stringData: Record<string, string>) =>
      new k8s.KubeSecret(this, id, {
        metadata: { name, labels: commonLabels("phoenix", "secrets") },
        type: "Opaque",
        stringData,
      });
    secret("database", k.str("database.secretName"), {
      uri: k.str("secrets.databaseUri"),
    });
    // The owner's credentials exist only while the migrate Job runs.
    const owner = secret("database-owner", k.str("database.owner.secretName"), {
      uri: k.str("secrets.databaseOwnerUri"),
    });
    annotate(owner, preDeployHook(hookWeights.setup));
    onlyIf(owner, k.path("migrations.enabled", "boolean"));
    secret("redis", k.str("redis.passwordSecret"), { password: k.str("secrets.redisPassword") });
    secret("twilio", k.str("twilio.secretName"), {
      "account-sid": k.str("secrets.twilioAccountSid"),
      "auth-token": k.str("secrets.twilioAuthToken"),
    });
    onlyIf(this, k.path("secrets.create", "boolean"));
  }
}

/**
 * `helm test`: a Job (kwok completes Job pods; a bare Pod would stay Running) that GETs /readyz
 * through the Service — the API's when api.enabled, else the SMS router's — with node's fetch
 * from the same image, so no third-party image is pulled.
 */
export class TestsChart extends Chart {
  constructor(app: App, k: Knobs) {
    super(app, "tests", chartProps);
    k.path("api.enabled", "boolean");
    const target = `ternary "http://phoenix-api:${ports.api}/readyz" "http://phoenix-sms-router:${ports.smsRouter}/readyz" .Values.api.enabled`;
    const component = `ternary "api" "sms-router" .Values.api.enabled`;
    const labels = commonLabels("phoenix-test", "test");
    const script =
      "fetch(process.env.TARGET_URL, { signal: AbortSignal.timeout(5000) }).then(async (r) => { console.log(r.status, await r.text()); process.exit(r.ok ? 0 : 1); }, (e) => { console.error(e.message); process.exit(1); })";
    phoenixJob(this, "readyz", {
      name: "phoenix-test-readyz",
      container: "readyz",
      labels,
      annotations: {
        "helm.sh/hook": "test",
        "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded",
      },
      image: k.expr(
        `printf "%s/phoenix-%s:%s" .Values.global.image.registry (${component}) .Values.global.image.tag | quote`,
      ),
      args: ["-e", script],
      env: [{ name: "TARGET_URL", value: k.expr(`${target} | quote`) }],
      imagePullSecrets: k.block("global.imagePullSecrets"),
      backoffLimit: 2,
      activeDeadlineSeconds: 120,
      resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
    });
    const policy = workloadPolicy(this, "network-policy", {
      name: "phoenix-test",
      pods: { "app.kubernetes.io/name": "phoenix-test", "app.kubernetes.io/instance": release.name },
      ingress: [],
      egress: [
        {
          peers: [{ pods: { "app.kubernetes.io/instance": release.name } }],
          ports: [{ port: ports.api }, { port: ports.smsRouter }, { port: ports.web }],
        },
      ],
      labels: { ...labels, [zoneLabel]: "apps" },
    });
    onlyIf(policy, k.path("networkPolicy.enabled", "boolean"));
    onlyIf(this, k.path("tests.enabled", "boolean"));
  }
}

/**
 * The migrate Job (docs/decisions/0009): `node packages/store/src/main.ts` from a service image, as
 * the schema's owner, granting the services' role data privileges only. A pre-install/pre-upgrade
 * hook, so it completes before Helm creates or updates any Deployment. Its NetworkPolicy is a hook
 * too, created first: on an upgrade the apps zone's default deny is already there.
 */
export class MigrationsChart extends Chart {
  constructor(app: App, k: Knobs) {
    super(app, "migrations", chartProps);
    const name = "phoenix-migrate";
    const labels = commonLabels(name, "migrate");
    const repository = `${k.path("migrations.image.repository", "string")} | default (ternary "phoenix-api" "phoenix-sms-router" ${k.path("api.enabled", "boolean")})`;
    const tag = `${k.path("migrations.image.tag", "string")} | default .Values.global.image.tag`;
    phoenixJob(this, "migrate", {
      name,
      container: "migrate",
      labels,
      annotations: preDeployHook(hookWeights.migrate),
      image: k.expr(`printf "%s/%s:%s" .Values.global.image.registry (${repository}) (${tag}) | quote`),
      args: ["/app/packages/store/src/main.ts"],
      env: [
        fromSecret("DATABASE_URL", k.str("database.owner.secretName"), k.str("database.owner.uriKey")),
        { name: "DATABASE_SERVICE_ROLE", value: k.str("database.serviceRole") },
        { name: "LOG_LEVEL", value: k.str("global.logLevel") },
      ],
      imagePullSecrets: k.block("global.imagePullSecrets"),
      backoffLimit: k.int("migrations.backoffLimit"),
      activeDeadlineSeconds: k.int("migrations.activeDeadlineSeconds"),
      resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    });
    const policy = workloadPolicy(this, "network-policy", {
      name,
      pods: selectorLabels(name),
      ingress: [],
      egress: [{ peers: [{ zone: "data" }], ports: [{ port: 5432 }] }],
      labels,
    });
    annotate(policy, preDeployHook(hookWeights.setup));
    onlyIf(policy, k.path("networkPolicy.enabled", "boolean"));
    onlyIf(this, k.path("migrations.enabled", "boolean"));
  }
}
