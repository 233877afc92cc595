// Synth tests: the committed charts are exactly what the app synthesises, plus targeted
// assertions on the security and availability properties every workload must have.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ApiObject } from "cdk8s";
import type { Chart } from "cdk8s";
import { describe, expect, it } from "vitest";
import { renderCrds } from "@phoenix/crds";
import { parse, parseAllDocuments } from "yaml";
import { buildApp, synthCharts } from "./synth.ts";
import { manifestOf } from "./constructs/late-patch.ts";
import { readable } from "./helm/render.ts";

const repoRoot = path.resolve(import.meta.dirname, "../..");

/** The documents of a YAML stream; throws on the first error (parseAllDocuments only records them). */
function yamlDocuments(text: string): unknown[] {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || documents.length === 0) throw new Error("no YAML document");
  for (const document of documents) {
    const [error] = document.errors;
    if (error) throw error;
  }
  return documents.map((document) => document.toJS() as unknown);
}

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

function manifests(charts: readonly Chart[]): Manifest[] {
  return charts.flatMap((c) =>
    c.node
      .findAll()
      .filter((x): x is ApiObject => x instanceof ApiObject)
      .map((o) => readable(manifestOf(o)) as Manifest),
  );
}

function committedFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    // Vendored subcharts and their lock file come from `helm dependency build`, not from cdk8s.
    if (entry === "charts" || entry === "Chart.lock") return [];
    return statSync(full).isDirectory() ? committedFiles(full) : [full];
  });
}

interface PodTemplate {
  spec: {
    securityContext: Record<string, unknown>;
    containers: Array<{
      name: string;
      securityContext: Record<string, unknown>;
      resources: { requests?: Record<string, string>; limits?: Record<string, string> };
      livenessProbe?: unknown;
      readinessProbe?: unknown;
    }>;
  };
  metadata: { labels: Record<string, string> };
}

const { phoenix, platform } = buildApp();
const all = manifests(phoenix);
const podTemplates = all
  .filter((m) => m.kind === "Deployment" || m.kind === "Job")
  .map((m) => ({
    name: m.metadata.name,
    kind: m.kind,
    template: (m.spec as { template: PodTemplate }).template,
  }));

describe("the committed charts", () => {
  it("are exactly what a fresh synth produces (run `make charts` after changing cdk8s/src)", () => {
    const fresh = synthCharts();
    const committed = ["phoenix", "phoenix-crds", "phoenix-platform", "phoenix-load"].flatMap((c) =>
      committedFiles(path.join(repoRoot, "charts", c)),
    );
    expect(committed.map((f) => path.relative(repoRoot, f)).sort()).toEqual(Object.keys(fresh).sort());
    for (const [name, content] of Object.entries(fresh)) {
      expect(readFileSync(path.join(repoRoot, name), "utf8"), name).toBe(content);
    }
  });

  it("carry the generated-do-not-edit header on every template and values file", () => {
    for (const [name, content] of Object.entries(synthCharts())) {
      if (name.endsWith(".json")) continue;
      expect(content.slice(0, 120), name).toMatch(/Generated from cdk8s\/src by `make charts` — do not edit/);
    }
  });

  it("render the phoenix.dev CRDs exactly as packages/crds declares them", () => {
    const crdTemplates = Object.entries(synthCharts()).filter(([n]) =>
      n.startsWith("charts/phoenix-crds/templates/"),
    );
    const fromCharts = crdTemplates
      .map(([, t]) => parse(t) as Manifest)
      .map(({ metadata, ...rest }) => ({
        ...rest,
        metadata: { name: metadata.name },
      }));
    const fromPackage = Object.values(renderCrds()).map((t) => parse(t) as Manifest);
    expect(fromCharts.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))).toEqual(
      fromPackage.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)),
    );
  });
});

describe("every pod the phoenix chart runs", () => {
  it("is restricted: non-root, seccomp RuntimeDefault, no privilege escalation, drop ALL, read-only root", () => {
    expect(podTemplates.length).toBeGreaterThanOrEqual(6);
    for (const { name, template } of podTemplates) {
      expect(template.spec.securityContext, name).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: "RuntimeDefault" },
      });
      for (const c of template.spec.containers) {
        expect(c.securityContext, `${name}/${c.name}`).toEqual({
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
          seccompProfile: { type: "RuntimeDefault" },
        });
      }
    }
  });

  it("has CPU and memory requests and limits on every container", () => {
    for (const { name, template } of podTemplates) {
      for (const c of template.spec.containers) {
        expect(Object.keys(c.resources.requests ?? {}).sort(), name).toEqual(["cpu", "memory"]);
        expect(Object.keys(c.resources.limits ?? {}).sort(), name).toEqual(["cpu", "memory"]);
      }
    }
  });

  it("probes /healthz for liveness and /readyz for readiness (Deployments)", () => {
    for (const { name, template } of podTemplates.filter((p) => p.kind === "Deployment")) {
      const [c] = template.spec.containers;
      expect(c?.livenessProbe, name).toMatchObject({ httpGet: { path: "/healthz" } });
      expect(c?.readinessProbe, name).toMatchObject({ httpGet: { path: "/readyz" } });
    }
  });
});

describe("availability and isolation", () => {
  const deployments = all.filter((m) => m.kind === "Deployment");
  const selectorOf = (m: Manifest) =>
    (m.spec as { selector: { matchLabels: Record<string, string> } }).selector;

  it("gives every Deployment a PodDisruptionBudget selecting exactly its pods", () => {
    const pdbs = all.filter((m) => m.kind === "PodDisruptionBudget");
    expect(deployments).toHaveLength(8);
    for (const d of deployments) {
      expect(
        pdbs.some((p) => JSON.stringify(selectorOf(p)) === JSON.stringify(selectorOf(d))),
        d.metadata.name,
      ).toBe(true);
    }
  });

  it("covers every workload's pods with a NetworkPolicy of its own", () => {
    const policies = all.filter((m) => m.kind === "NetworkPolicy");
    const podSelectors = policies.map(
      (p) => (p.spec as { podSelector: { matchLabels?: object } }).podSelector,
    );
    for (const { name, template } of podTemplates) {
      const covered = podSelectors.some(
        (s) =>
          s.matchLabels !== undefined &&
          Object.entries(s.matchLabels).every(([k, v]) => template.metadata.labels[k] === v),
      );
      expect(covered, name).toBe(true);
    }
  });

  it("denies all ingress and egress in the apps zone by default, allowing DNS", () => {
    const deny = all.find((m) => m.metadata.name === "apps-default-deny");
    expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    const dns = all.find((m) => m.metadata.name === "apps-allow-dns");
    expect(JSON.stringify(dns?.spec)).toContain('"port":53');
  });

  it("renders a default deny for each platform zone too", () => {
    const names = manifests(platform).map((m) => m.metadata.name);
    for (const zone of ["edge", "data", "monitoring"]) expect(names).toContain(`${zone}-default-deny`);
  });

  it("mounts the ServiceAccount token only into what talks to the API server: operator, API, workers' number mirror", () => {
    const withToken = podTemplates
      .filter(
        ({ template }) =>
          (template.spec as { automountServiceAccountToken?: boolean }).automountServiceAccountToken,
      )
      .map((p) => p.name);
    expect(withToken.sort()).toEqual(["phoenix-api", "phoenix-operator", "phoenix-workers"]);
  });
});

describe("database roles (docs/decisions/0009)", () => {
  interface Env {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string } };
  }
  const envOf = (m: Manifest): Env[] =>
    (
      m.spec as { template: { spec: { containers: Array<{ env?: Env[] }> } } }
    ).template.spec.containers.flatMap((c) => c.env ?? []);
  const migrate = all.find((m) => m.kind === "Job" && m.metadata.name === "phoenix-migrate");
  const hookWeight = (m: Manifest | undefined) => Number(m?.metadata.annotations?.["helm.sh/hook-weight"]);

  it("migrates in a pre-install/pre-upgrade hook Job, which Helm completes before it creates or updates any Deployment", () => {
    expect(migrate?.metadata.annotations).toEqual({
      "helm.sh/hook": "pre-install,pre-upgrade",
      "helm.sh/hook-weight": "-5",
      "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded",
    });
    // Hooks run before the release's plain objects; the Deployments must be plain objects.
    const deployments = all.filter((m) => m.kind === "Deployment");
    expect(deployments).toHaveLength(8);
    for (const d of deployments)
      expect(d.metadata.annotations?.["helm.sh/hook"], d.metadata.name).toBeUndefined();
    const container = (migrate?.spec as { template: PodTemplate }).template.spec.containers[0] as unknown as {
      args: string[];
    };
    expect(container.args).toEqual(["/app/packages/store/src/main.ts"]);
  });

  it("gives the Job the owner's Secret and the services' role name; what it needs is a hook of lower weight", () => {
    const env = envOf(migrate as Manifest);
    expect(env.find((e) => e.name === "DATABASE_URL")?.valueFrom?.secretKeyRef).toEqual({
      name: "{{ .Values.database.owner.secretName | quote }}",
      key: "{{ .Values.database.owner.uriKey | quote }}",
      optional: false,
    });
    expect(env.find((e) => e.name === "DATABASE_SERVICE_ROLE")?.value).toBe(
      "{{ .Values.database.serviceRole | quote }}",
    );
    const policy = all.find((m) => m.kind === "NetworkPolicy" && m.metadata.name === "phoenix-migrate");
    const ownerSecret = all.find(
      (m) => m.kind === "Secret" && m.metadata.name === "{{ .Values.database.owner.secretName | quote }}",
    );
    for (const setup of [policy, ownerSecret]) {
      expect(setup?.metadata.annotations?.["helm.sh/hook"]).toBe("pre-install,pre-upgrade");
      expect(hookWeight(setup)).toBeLessThan(hookWeight(migrate));
    }
  });

  it("connects every Deployment but the operator's and the web app's (no database) with the services' role Secret, never the owner's", () => {
    const withDatabase = all.filter(
      (m) => m.kind === "Deployment" && !["phoenix-operator", "phoenix-web"].includes(m.metadata.name),
    );
    expect(withDatabase.map((d) => d.metadata.name).sort()).toEqual([
      "phoenix-agent",
      "phoenix-api",
      "phoenix-career",
      "phoenix-iris",
      "phoenix-sms-router",
      "phoenix-workers",
    ]);
    for (const d of withDatabase) {
      const env = envOf(d);
      expect(env.find((e) => e.name === "DATABASE_URL")?.valueFrom?.secretKeyRef?.name, d.metadata.name).toBe(
        "{{ .Values.database.secretName | quote }}",
      );
      expect(JSON.stringify(env), d.metadata.name).not.toContain("database.owner");
    }
    const values = parse(synthCharts()["charts/phoenix/values.yaml"] ?? "") as {
      database: { secretName: string; serviceRole: string; owner: { secretName: string } };
    };
    expect(values.database).toMatchObject({ secretName: "phoenix-db-service", serviceRole: "phoenix_app" });
    expect(values.database.owner.secretName).toBe("phoenix-db-app");
  });

  it("declares the services' role in the CloudNativePG Cluster without superuser, BYPASSRLS or CREATEROLE", () => {
    const cluster = manifests(platform).find((m) => m.kind === "Cluster");
    const roles = (cluster?.spec as { managed: { roles: Array<Record<string, unknown>> } }).managed.roles;
    expect(roles).toEqual([
      expect.objectContaining({
        name: "{{ .Values.postgres.serviceRole.name | quote }}",
        login: true,
        superuser: false,
        bypassrls: false,
        createrole: false,
        createdb: false,
      }),
    ]);
  });
});

describe("the agent Deployment", () => {
  it("matches its snapshot (markers shown as the Helm expressions they become)", () => {
    expect(all.find((m) => m.kind === "Deployment" && m.metadata.name === "phoenix-agent")).toMatchSnapshot();
  });

  it("leaves the replica count to the autoscaler when one is on", () => {
    const agent = readFileSync(
      path.join(repoRoot, "charts/phoenix/templates/agent/agent-deployment.yaml"),
      "utf8",
    );
    expect(agent).toMatch(/\{\{- if not \(or \(and \.Values\.agent\.autoscaling\.enabled .*\n {2}replicas: /);
  });
});

describe("the web workload", () => {
  const web = all.find((m) => m.kind === "Deployment" && m.metadata.name === "phoenix-web");
  const policy = (name: string) =>
    all.find((m) => m.kind === "NetworkPolicy" && m.metadata.name === name)?.spec as {
      ingress: Array<{ from: Array<Record<string, unknown>>; ports: Array<{ port: number }> }>;
      egress: Array<{ to: Array<Record<string, unknown>>; ports: Array<{ port: number }> }>;
    };
  const apiPods = {
    matchLabels: {
      "app.kubernetes.io/name": "phoenix-api",
      "app.kubernetes.io/instance": "{{ .Release.Name | quote }}",
    },
  };
  const webPods = {
    matchLabels: {
      "app.kubernetes.io/name": "phoenix-web",
      "app.kubernetes.io/instance": "{{ .Release.Name | quote }}",
    },
  };

  it("reaches the API through its Service and knows the public origin; no database, Redis or key set", () => {
    const env = (
      web?.spec as {
        template: { spec: { containers: Array<{ env: Array<{ name: string; value?: string }> }> } };
      }
    ).template.spec.containers[0]?.env;
    expect(env?.find((e) => e.name === "API_INTERNAL_URL")?.value).toBe("http://phoenix-api:8000");
    expect(env?.find((e) => e.name === "PUBLIC_BASE_URL")?.value).toBe(
      "{{ .Values.global.publicBaseUrl | quote }}",
    );
    expect(env?.find((e) => e.name === "HTTP_PORT")?.value).toBe("8004");
    expect(env?.map((e) => e.name)).not.toContain("DATABASE_URL");
    expect(env?.map((e) => e.name)).not.toContain("REDIS_SENTINELS");
  });

  it("talks to the API pods on 8000 and to tracing only; the API admits the web pods on 8000", () => {
    expect(policy("phoenix-web").egress).toEqual([
      { to: [{ podSelector: apiPods }], ports: [{ port: 8000, protocol: "TCP" }] },
      expect.objectContaining({
        ports: [
          { port: 4317, protocol: "TCP" },
          { port: 4318, protocol: "TCP" },
        ],
      }),
    ]);
    expect(policy("phoenix-api").ingress).toContainEqual({
      from: [{ podSelector: webPods }],
      ports: [{ port: 8000, protocol: "TCP" }],
    });
  });

  it("is reached from the edge zone, monitoring and the helm test pods, on its port only", () => {
    const ingress = policy("phoenix-web").ingress;
    expect(ingress.map((r) => r.ports)).toEqual([
      [{ port: 8004, protocol: "TCP" }],
      [{ port: 8004, protocol: "TCP" }],
      [{ port: 8004, protocol: "TCP" }],
    ]);
    expect(JSON.stringify(ingress)).toMatch(
      /"phoenix.dev\/zone":"edge".*"phoenix.dev\/zone":"monitoring".*"app.kubernetes.io\/component":"test"/,
    );
  });

  it("has a PDB, an HPA and a ServiceMonitor like every component", () => {
    for (const kind of [
      "PodDisruptionBudget",
      "HorizontalPodAutoscaler",
      "ServiceMonitor",
      "Service",
      "ServiceAccount",
    ])
      expect(
        all.some((m) => m.kind === kind && m.metadata.name === "phoenix-web"),
        kind,
      ).toBe(true);
  });
});

describe("the values files", () => {
  it("are valid YAML documents, one per environment", () => {
    for (const env of ["dev", "staging", "prod"]) {
      const text = synthCharts()[`charts/phoenix/values-${env}.yaml`] ?? "";
      const documents = yamlDocuments(text);
      expect(documents, env).toHaveLength(1);
      expect(documents[0], env).toBeTypeOf("object");
    }
  });

  it("the YAML check fails on a malformed document", () => {
    expect(() => yamlDocuments("api:\n  replicas: [1, 2\n")).toThrow();
    expect(() => yamlDocuments("a: 1\n a: 2\n")).toThrow();
    expect(() => yamlDocuments("")).toThrow(/no YAML document/);
  });
});
