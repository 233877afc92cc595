// The phoenix chart's shared objects: the apps zone's baseline policies, the public routes
// (Gateway API, optional Ingress), the KeyRotation CRs, dev Secrets and the `helm test` Job.
import { ApiObject, Chart } from "cdk8s";
import type { App } from "cdk8s";
import { k8s } from "cdk8s-plus-34";
import { keyRotationResource } from "@phoenix/crds";
import type { KeyRotationSpec } from "@phoenix/crds";
import { onlyIf, release } from "../helm/knobs.ts";
import type { Knobs } from "../helm/knobs.ts";
import { commonLabels, zoneLabel } from "../constructs/labels.ts";
import { containerSecurityContext, podSecurityContext } from "../constructs/security.ts";
import { setLate } from "../constructs/late-patch.ts";
import { HttpRoute } from "../constructs/third-party.ts";
import { ZoneBaseline, workloadPolicy } from "../constructs/zones.ts";
import { ports } from "./components.ts";

const chartProps = { disableResourceNameHashes: true } as const;

export class AppsZoneChart extends Chart {
  constructor(app: App, k: Knobs) {
    super(app, "network", chartProps);
    new ZoneBaseline(this, "apps", { zone: "apps", labels: commonLabels("phoenix", "network") });
    onlyIf(this, k.path("networkPolicy.enabled", "boolean"));
  }
}

interface Route {
  readonly id: string;
  /** values path of the host name. */
  readonly hostPath: "hosts.api" | "hosts.sms";
  readonly host: string;
  readonly path: string;
  readonly service: string;
  readonly port: number;
  readonly enabled: string;
}

const routes = (k: Knobs): Route[] => [
  {
    id: "api",
    hostPath: "hosts.api",
    host: k.str("hosts.api"),
    path: "/",
    service: "phoenix-api",
    port: ports.api,
    enabled: k.path("api.enabled", "boolean"),
  },
  {
    // Twilio's webhooks: /twilio/sms/{numberSid?} and /twilio/status.
    id: "twilio",
    hostPath: "hosts.sms",
    host: k.str("hosts.sms"),
    path: "/twilio",
    service: "phoenix-sms-router",
    port: ports.smsRouter,
    enabled: k.path("smsRouter.enabled", "boolean"),
  },
];

export class RoutesChart extends Chart {
  constructor(app: App, k: Knobs) {
    super(app, "routes", chartProps);
    for (const r of routes(k)) {
      const metadata = { name: `phoenix-${r.id}`, labels: commonLabels(`phoenix-${r.id}`, "routes") };
      const route = new HttpRoute(this, `${r.id}-route`, {
        metadata,
        spec: {
          parentRefs: [
            {
              name: k.str("gateway.name"),
              namespace: k.str("gateway.namespace"),
              sectionName: k.expr(".Values.gateway.sectionName | quote", { if: ".Values.gateway.sectionName" }),
            },
          ],
          hostnames: [r.host],
          rules: [
            {
              matches: [{ path: { type: "PathPrefix", value: r.path } }],
              backendRefs: [{ name: r.service, port: r.port }],
            },
          ],
        },
      });
      onlyIf(route, `and ${k.path("gateway.enabled", "boolean")} ${r.enabled}`);
      const ingress = new k8s.KubeIngress(this, `${r.id}-ingress`, {
        metadata,
        spec: {
          ingressClassName: k.expr(".Values.ingress.className | quote", { if: ".Values.ingress.className" }),
          rules: [
            {
              host: r.host,
              http: {
                paths: [
                  {
                    path: r.path,
                    pathType: "Prefix",
                    backend: { service: { name: r.service, port: { number: r.port } } },
                  },
                ],
              },
            },
          ],
        },
      });
      setLate(ingress, "/metadata/annotations", k.block("ingress.annotations"));
      setLate(
        ingress,
        "/spec/tls",
        k.expr(`list (dict "hosts" (list .Values.${r.hostPath}) "secretName" .Values.ingress.tlsSecretName)`, {
          block: true,
          if: ".Values.ingress.tlsSecretName",
        }),
      );
      onlyIf(ingress, `and ${k.path("ingress.enabled", "boolean")} ${r.enabled}`);
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
    const labels = {
      ...commonLabels("phoenix-test", "test"),
      [zoneLabel]: "apps",
    };
    const script =
      "fetch(process.env.TARGET_URL, { signal: AbortSignal.timeout(5000) }).then(async (r) => { console.log(r.status, await r.text()); process.exit(r.ok ? 0 : 1); }, (e) => { console.error(e.message); process.exit(1); })";
    const job = new k8s.KubeJob(this, "readyz", {
      metadata: {
        name: "phoenix-test-readyz",
        labels,
        annotations: {
          "helm.sh/hook": "test",
          "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded",
        },
      },
      spec: {
        backoffLimit: 2,
        activeDeadlineSeconds: 120,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: "Never",
            automountServiceAccountToken: false,
            securityContext: podSecurityContext,
            containers: [
              {
                name: "readyz",
                image: k.expr(
                  `printf "%s/phoenix-%s:%s" .Values.global.image.registry (${component}) .Values.global.image.tag | quote`,
                ),
                args: ["-e", script],
                env: [{ name: "TARGET_URL", value: k.expr(`${target} | quote`) }],
                resources: {
                  requests: { cpu: k8s.Quantity.fromString("10m"), memory: k8s.Quantity.fromString("32Mi") },
                  limits: { cpu: k8s.Quantity.fromString("100m"), memory: k8s.Quantity.fromString("64Mi") },
                },
                securityContext: containerSecurityContext,
              },
            ],
          },
        },
      },
    });
    setLate(job, "/spec/template/spec/imagePullSecrets", k.block("global.imagePullSecrets"));
    const policy = workloadPolicy(this, "network-policy", {
      name: "phoenix-test",
      pods: { "app.kubernetes.io/name": "phoenix-test", "app.kubernetes.io/instance": release.name },
      ingress: [],
      egress: [
        {
          peers: [{ pods: { "app.kubernetes.io/instance": release.name } }],
          ports: [{ port: ports.api }, { port: ports.smsRouter }],
        },
      ],
      labels,
    });
    onlyIf(policy, k.path("networkPolicy.enabled", "boolean"));
    onlyIf(this, k.path("tests.enabled", "boolean"));
  }
}
