// The charts against real tools and the real API server: helm lint with every values file,
// unknown values keys rejected, kubeconform (strict) with schemas from the server's own OpenAPI,
// and `make deploy`'s script installing into a namespace enforcing Pod Security `restricted` —
// the migrate hook Job completed before the Deployments exist, every pod admitted and Ready on kwok
// nodes, `helm test` green, an upgrade rolling only what changed, and an uninstall leaving nothing
// behind; a migrate Job that cannot complete stops the install before any Deployment is created.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppsV1Api, CoreV1Api, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { parse, parseAllDocuments } from "yaml";
import { adminConfig, createNamespace, deleteNamespace, uniqueName } from "../../test/support/kube.ts";
import { localEnv, repoRoot } from "../../test/support/local-env.ts";
import { platformDependencies } from "../src/platform-values.ts";
import { schemaLocation, writeSchemas } from "./kube-schemas.ts";

const exec = promisify(execFile);
const env = { ...process.env, KUBECONFIG: localEnv.kubeconfig };
const charts = path.join(repoRoot, "charts");
const phoenix = path.join(charts, "phoenix");

/** Runs a tool; a failure's error carries its stdout and stderr (helm lint reports on stdout). */
function run(cmd: string, args: string[], input = ""): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      cmd,
      args,
      { env, cwd: repoRoot, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${cmd} ${args.join(" ")} failed:\n${stdout}\n${stderr}`));
        else resolve(stdout);
      },
    );
    child.stdin?.end(input);
  });
}

const phoenixValueFiles = [
  "values.yaml",
  "values-dev.yaml",
  "values-staging.yaml",
  "values-prod.yaml",
  "ci/everything-values.yaml",
];

/** phoenix-platform with empty stand-ins for its subcharts (they cannot be downloaded here). */
function platformWithStubs(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "phoenix-platform-"));
  cpSync(path.join(charts, "phoenix-platform"), dir, { recursive: true });
  for (const dep of platformDependencies) {
    const stub = path.join(dir, "charts", dep.name);
    mkdirSync(stub, { recursive: true });
    writeFileSync(
      path.join(stub, "Chart.yaml"),
      `apiVersion: v2\nname: ${dep.name}\nversion: ${dep.version.replace(/^v/, "")}\n`,
    );
  }
  return dir;
}

describe("helm lint and render", () => {
  it.each(phoenixValueFiles)("lints phoenix --strict with %s", async (file) => {
    await run("helm", ["lint", "--strict", phoenix, "-f", path.join(phoenix, file)]);
  });

  it("lints phoenix-crds and phoenix-platform (subcharts stubbed) with every zone preset", async () => {
    await run("helm", ["lint", "--strict", path.join(charts, "phoenix-crds")]);
    const platform = platformWithStubs();
    try {
      for (const zone of ["operators", "monitoring", "data", "edge"]) {
        await run("helm", [
          "lint",
          "--strict",
          platform,
          "-f",
          path.join(platform, `ci/${zone}-values.yaml`),
        ]);
      }
    } finally {
      rmSync(platform, { recursive: true, force: true });
    }
  });

  it("rejects unknown values keys, at the top level and nested", async () => {
    await expect(run("helm", ["lint", "--strict", phoenix, "--set", "replicaCount=3"])).rejects.toThrow(
      /additional properties 'replicaCount' not allowed/,
    );
    await expect(run("helm", ["template", "t", phoenix, "--set", "agent.replica=3"])).rejects.toThrow(
      /additional properties 'replica' not allowed/,
    );
  });

  it("renders requests, limits, probes and a restricted securityContext for every container (prod values)", async () => {
    const out = await run("helm", ["template", "t", phoenix, "-f", path.join(phoenix, "values-prod.yaml")]);
    const docs = parseAllDocuments(out)
      .map((d) => d.toJS() as { kind: string; spec: { template: { spec: PodSpec } } } | null)
      .filter((d) => d !== null);
    const pods = docs.filter((d) => d.kind === "Deployment").map((d) => d.spec.template.spec);
    expect(pods).toHaveLength(8);
    for (const pod of pods) {
      for (const c of pod.containers) {
        expect(Object.keys(c.resources.requests).sort()).toEqual(["cpu", "memory"]);
        expect(Object.keys(c.resources.limits).sort()).toEqual(["cpu", "memory"]);
        expect(c.readinessProbe?.httpGet?.path).toBe("/readyz");
        expect(c.securityContext.capabilities.drop).toEqual(["ALL"]);
        expect(c.securityContext.seccompProfile.type).toBe("RuntimeDefault");
      }
      // prod: strict zone spread, and no fixed replica count fighting the autoscalers.
      expect(pod.topologySpreadConstraints[0]?.whenUnsatisfiable).toBe("DoNotSchedule");
    }
    expect(docs.filter((d) => d.kind === "PodDisruptionBudget")).toHaveLength(8);
  });
});

interface PodSpec {
  containers: Array<{
    resources: { requests: object; limits: object };
    readinessProbe?: { httpGet?: { path: string } };
    securityContext: { capabilities: { drop: string[] }; seccompProfile: { type: string } };
  }>;
  topologySpreadConstraints: Array<{ whenUnsatisfiable: string }>;
}

describe("kubeconform -strict against the local API server's OpenAPI", () => {
  // CRs of third-party operators whose CRDs are not installed here (and cannot be downloaded):
  // validated only by `helm lint`/`helm template`, never silently.
  const skipped = [
    "ServiceMonitor",
    "ScaledObject",
    "TriggerAuthentication",
    "HTTPRoute",
    "Gateway",
    "GatewayClass",
    "Cluster",
    "ScheduledBackup",
    "ObjectStore",
  ];
  let schemas: string;

  beforeAll(() => {
    schemas = mkdtempSync(path.join(tmpdir(), "kube-schemas-"));
  });
  afterAll(() => {
    rmSync(schemas, { recursive: true, force: true });
  });

  it.each([
    ["phoenix (everything on)", phoenix, ["-f", path.join(phoenix, "ci/everything-values.yaml")]],
    ["phoenix (prod)", phoenix, ["-f", path.join(phoenix, "values-prod.yaml")]],
    ["phoenix-crds", path.join(charts, "phoenix-crds"), []],
  ])("validates every object of %s, listing the skipped kinds", async (_name, chart, args) => {
    const rendered = await run("helm", ["template", "t", chart, ...args]);
    const kinds = new Set(
      parseAllDocuments(rendered)
        .map((d) => d.toJS() as { apiVersion: string; kind: string } | null)
        .filter((d) => d !== null)
        .map((d) => `${d.apiVersion}/${d.kind}`),
    );
    const openapi = JSON.parse(await run("kubectl", ["get", "--raw", "/openapi/v2"])) as Parameters<
      typeof writeSchemas
    >[0];
    const written = writeSchemas(openapi, schemas, kinds);
    const missing = [...kinds].filter((k) => !written.has(k)).map((k) => k.split("/").pop() as string);
    expect(missing.filter((k) => !skipped.includes(k))).toEqual([]);
    const out = await run(
      "kubeconform",
      [
        "-strict",
        "-summary",
        "-output",
        "json",
        "-skip",
        skipped.join(","),
        "-schema-location",
        schemaLocation(schemas),
      ],
      rendered,
    );
    const summary = (
      JSON.parse(out) as { summary: { valid: number; invalid: number; errors: number; skipped: number } }
    ).summary;
    expect(summary).toMatchObject({ invalid: 0, errors: 0 });
    expect(summary.valid).toBeGreaterThan(0);
  });
});

describe("make deploy on the local control plane", () => {
  const kc = adminConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  const namespace = uniqueName("phx-deploy");
  const crdsNamespace = `${namespace}-crds`;
  const deployEnv = {
    ...env,
    NAMESPACE: namespace,
    RELEASE: namespace,
    CRDS_NAMESPACE: crdsNamespace,
    CRDS_RELEASE: `${namespace}-crds`,
    TIMEOUT: "2m",
  };
  const deploy = (cmd: string, extra: Record<string, string> = {}) =>
    exec(path.join(repoRoot, "tools/deploy.sh"), [cmd], {
      env: { ...deployEnv, ...extra },
      cwd: repoRoot,
      maxBuffer: 16 << 20,
    });

  afterAll(async () => {
    await exec("helm", ["uninstall", `${namespace}-crds`, "-n", crdsNamespace, "--ignore-not-found"], {
      env,
    }).catch(() => undefined);
    await deleteNamespace(core, namespace);
    await deleteNamespace(core, crdsNamespace);
  });

  it("installs phoenix-crds then phoenix into a restricted namespace; every pod is admitted and Ready; helm test passes", async () => {
    const { stdout, stderr } = await deploy("deploy");
    expect(stderr).toContain("no KEDA CRDs: queue-depth autoscaling off");
    expect(stdout).toMatch(/TEST SUITE:\s+phoenix-test-readyz[\s\S]*Phase:\s+Succeeded/);
    const ns = await core.readNamespace({ name: namespace });
    expect(ns.metadata?.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    const deployments = await apps.listNamespacedDeployment({ namespace });
    expect(deployments.items.map((d) => d.metadata?.name).sort()).toEqual([
      "phoenix-agent",
      "phoenix-api",
      "phoenix-career",
      "phoenix-iris",
      "phoenix-operator",
      "phoenix-sms-router",
      "phoenix-web",
      "phoenix-workers",
    ]);
    for (const d of deployments.items)
      expect(d.status?.availableReplicas, d.metadata?.name).toBe(d.spec?.replicas);
    const pods = await core.listNamespacedPod({
      namespace,
      labelSelector: `app.kubernetes.io/instance=${namespace}`,
    });
    for (const pod of pods.items.filter(
      (p) => !["test", "migrate"].includes(p.metadata?.labels?.["app.kubernetes.io/component"] ?? ""),
    )) {
      expect(pod.spec?.nodeName).toMatch(/^kwok-node-/);
      expect(pod.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    }
  });

  it("completed the migrate hook Job before any Deployment existed, then deleted it and the owner's Secret", async () => {
    const deployments = await apps.listNamespacedDeployment({ namespace });
    expect(deployments.items).toHaveLength(8);
    const events = await core.listNamespacedEvent({
      namespace,
      fieldSelector: "involvedObject.kind=Job,involvedObject.name=phoenix-migrate",
    });
    const completed = events.items.find((e) => e.reason === "Completed");
    expect(completed, JSON.stringify(events.items.map((e) => e.reason))).toBeDefined();
    const completedAt = new Date(completed?.lastTimestamp ?? completed?.eventTime ?? 0).getTime();
    for (const d of deployments.items)
      expect(d.metadata?.creationTimestamp?.getTime(), d.metadata?.name).toBeGreaterThanOrEqual(completedAt);
    const left = await run("kubectl", ["get", "jobs,secrets", "-n", namespace, "-o", "name"]);
    expect(left).not.toMatch(/job.batch\/phoenix-migrate|secret\/phoenix-db-app/);
  });

  it("creates no Deployment when the migrate Job cannot complete", async () => {
    const blocked = uniqueName("phx-nomigrate");
    await createNamespace(core, blocked);
    try {
      // No pod may start here, so the Job reaches its deadline without ever running.
      await core.createNamespacedResourceQuota({
        namespace: blocked,
        body: { metadata: { name: "no-pods" }, spec: { hard: { pods: "0" } } },
      });
      const install = run("helm", [
        "install",
        blocked,
        phoenix,
        "-n",
        blocked,
        "-f",
        path.join(phoenix, "values-dev.yaml"),
        "--set",
        "keys.enabled=false,migrations.activeDeadlineSeconds=2,migrations.backoffLimit=0",
        "--timeout",
        "90s",
      ]);
      await expect(install).rejects.toThrow(/failed pre-install[\s\S]*phoenix-migrate/);
      expect((await apps.listNamespacedDeployment({ namespace: blocked })).items).toEqual([]);
    } finally {
      await exec("helm", ["uninstall", blocked, "-n", blocked, "--ignore-not-found"], { env }).catch(
        () => undefined,
      );
      await deleteNamespace(core, blocked);
    }
  });

  it("rolls exactly the Deployment whose value changed on helm upgrade", async () => {
    const generations = async (): Promise<Record<string, number | undefined>> =>
      Object.fromEntries(
        (await apps.listNamespacedDeployment({ namespace })).items.map((d) => [
          d.metadata?.name ?? "",
          d.metadata?.generation,
        ]),
      );
    const before = await generations();
    await deploy("deploy", { HELM_ARGS: "--set agent.podAnnotations.rolled=yes" });
    const after = await generations();
    const changed = Object.keys(after).filter((name) => after[name] !== before[name]);
    expect(changed).toEqual(["phoenix-agent"]);
  });

  it("is refused by Pod Security when a pod would not be restricted", async () => {
    interface Container {
      name: string;
      securityContext: object;
    }
    interface Rendered {
      kind: string;
      metadata: { name: string };
      spec: { template: { spec: { containers: Container[] } } };
    }
    const rendered = await run("helm", [
      "template",
      namespace,
      phoenix,
      "-n",
      namespace,
      "-f",
      path.join(phoenix, "values-dev.yaml"),
    ]);
    const agent = parseAllDocuments(rendered)
      .map((d) => d.toJS() as Rendered | null)
      .find((d) => d?.kind === "Deployment" && d.metadata.name === "phoenix-agent");
    const podSpec = agent?.spec.template.spec;
    expect(podSpec).toBeDefined();
    // The chart's own pod spec, with one container allowed to escalate privileges.
    const containers = (podSpec?.containers ?? []).map((c) => ({
      ...c,
      securityContext: { allowPrivilegeEscalation: true },
    }));
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "unrestricted" },
      spec: { ...podSpec, containers },
    };
    await expect(
      run("kubectl", ["apply", "-n", namespace, "--dry-run=server", "-f", "-"], JSON.stringify(pod)),
    ).rejects.toThrow(/violates PodSecurity "restricted:latest"/);
  });

  it("leaves nothing of the release behind after undeploy", async () => {
    await deploy("undeploy");
    const kinds = [
      "deployments",
      "services",
      "serviceaccounts",
      "networkpolicies",
      "poddisruptionbudgets",
      "roles",
      "rolebindings",
      "keyrotations",
      "secrets",
      "jobs",
    ];
    const left = await run("kubectl", [
      "get",
      kinds.join(","),
      "-n",
      namespace,
      "-l",
      `app.kubernetes.io/instance=${namespace}`,
      "-o",
      "name",
    ]);
    expect(left.trim()).toBe("");
    const clusterRoles = await rbac.listClusterRole({
      labelSelector: `app.kubernetes.io/instance=${namespace}`,
    });
    expect(clusterRoles.items).toEqual([]);
    // The CRDs stay (helm.sh/resource-policy: keep): deleting them would delete every custom resource.
    expect(
      parse(await run("kubectl", ["get", "crd", "keyrotations.phoenix.dev", "-o", "yaml"])),
    ).toBeTruthy();
  });
});

it("reads the committed values the tests use", () => {
  expect(readFileSync(path.join(phoenix, "values-dev.yaml"), "utf8")).toContain("create: true");
});
