// Runs the real operator as a child process against the local control plane, authenticated
// with a token of its own ServiceAccount bound to exactly the RBAC rules the charts ship, and
// against the Twilio emulator (in-process, on loopback). Teardown deletes the TwilioNumbers
// while their operator still runs to release them, and only then stops it, so no namespace is
// left Terminating behind a finalizer nobody will remove.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import {
  AdmissionregistrationV1Api,
  CoreV1Api,
  PatchStrategy,
  RbacAuthorizationV1Api,
} from "@kubernetes/client-node";
import { twilioNumberResource } from "@phoenix/crds/twilio-number";
import type { TwilioNumber } from "@phoenix/crds/twilio-number";
import { ACCOUNT_SID, AUTH_TOKEN, startEmulator } from "@phoenix/twilio/testing";
import type { RunningEmulator, StartEmulatorOptions } from "@phoenix/twilio/testing";
import { installCrds } from "../../../test/support/crds.ts";
import {
  adminConfig,
  createNamespace,
  deleteNamespace,
  eventually,
  uniqueName,
} from "../../../test/support/kube.ts";
import { localEnv, repoRoot } from "../../../test/support/local-env.ts";
import { clusterRules, namespaceRules, secretWritePolicy } from "../src/rbac.ts";
import { removeFinalizerPatch } from "@phoenix/kube/finalizers";
import { KubeClient, refOf, statusCodeOf } from "@phoenix/kube/kube-client";
import { finalizer as twilioNumberFinalizer } from "../src/twilio-number/decisions.ts";

export const publicBaseUrl = "https://sms.phoenix.test";
const mainTs = path.join(repoRoot, "operators/phoenix-operator/src/main.ts");

export interface OperatorEnvironment {
  namespace: string;
  /** A kubeconfig holding the operator ServiceAccount's token (not the admin identity). */
  kubeconfig: string;
  emulator: RunningEmulator;
  /** Every operator `startOperator` started for this environment; teardown stops them. */
  operators: OperatorProcess[];
  /**
   * Deletes the TwilioNumbers and waits until a running operator has released them, stops the
   * operators, removes the finalizer of any TwilioNumber left (no operator remains to do it),
   * then deletes the namespace and the cluster-wide objects. Call it instead of stopping the
   * operators first.
   */
  teardown(): Promise<void>;
}

/**
 * Namespace, CRDs, ServiceAccount + least-privilege RBAC and the Secret admission policy, token
 * kubeconfig, emulator.
 */
export async function setupOperatorEnvironment(
  prefix = "op",
  emulatorOptions: StartEmulatorOptions = {},
): Promise<OperatorEnvironment> {
  const admin = adminConfig();
  const core = admin.makeApiClient(CoreV1Api);
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  const namespace = uniqueName(prefix);
  const clusterName = `phoenix-operator-${namespace}`;
  await installCrds();
  await createNamespace(core, namespace);
  await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: "phoenix-operator" } } });
  const subjects = [{ kind: "ServiceAccount", name: "phoenix-operator", namespace }];
  await rbac.createClusterRole({ body: { metadata: { name: clusterName }, rules: clusterRules } });
  await rbac.createClusterRoleBinding({
    body: {
      metadata: { name: clusterName },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: clusterName },
      subjects,
    },
  });
  await rbac.createNamespacedRole({
    namespace,
    body: { metadata: { name: "phoenix-operator" }, rules: namespaceRules },
  });
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name: "phoenix-operator" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "phoenix-operator" },
      subjects,
    },
  });
  const admission = admin.makeApiClient(AdmissionregistrationV1Api);
  const { policy, binding } = secretWritePolicy({ namespace, name: "phoenix-operator" }, clusterName);
  await admission.createValidatingAdmissionPolicy({ body: policy });
  await admission.createValidatingAdmissionPolicyBinding({ body: binding });
  const token = await core.createNamespacedServiceAccountToken({
    name: "phoenix-operator",
    namespace,
    body: { spec: { audiences: ["https://kubernetes.default.svc.cluster.local"], expirationSeconds: 7200 } },
  });
  const kubeconfig = path.join(mkdtempSync(path.join(os.tmpdir(), "phoenix-operator-")), "kubeconfig");
  const saToken = token.status?.token;
  if (!saToken) throw new Error("TokenRequest returned no token");
  writeFileSync(kubeconfig, tokenKubeconfig(saToken));
  const emulator = await startEmulator(emulatorOptions);
  const operators: OperatorProcess[] = [];
  return {
    namespace,
    kubeconfig,
    emulator,
    operators,
    async teardown() {
      await deleteTwilioNumbers({ namespace, emulator, operators });
      await emulator.close();
      await deleteNamespace(core, namespace);
      await admission.deleteValidatingAdmissionPolicyBinding({ name: clusterName }).catch(() => undefined);
      await admission.deleteValidatingAdmissionPolicy({ name: clusterName }).catch(() => undefined);
      await rbac.deleteClusterRoleBinding({ name: clusterName }).catch(() => undefined);
      await rbac.deleteClusterRole({ name: clusterName }).catch(() => undefined);
    },
  };
}

const twilioNumbers = twilioNumberResource;
const running = (operator: OperatorProcess) =>
  operator.child.exitCode === null && operator.child.signalCode === null;

/**
 * The TwilioNumbers go while their operator can still release them (faults cleared: the test is
 * over), then the operators stop; what is left — no operator was running, or it could not
 * finish — loses the operator's finalizer, which nobody else would remove. Fails if a
 * TwilioNumber still remains after that.
 */
async function deleteTwilioNumbers(env: Pick<OperatorEnvironment, "namespace" | "emulator" | "operators">) {
  const admin = new KubeClient(adminConfig());
  const { namespace } = env;
  const list = async () => (await admin.list<TwilioNumber>(twilioNumbers, { namespace })).items;
  await env.emulator.control.clearFaults().catch(() => undefined);
  const existing = await list();
  await Promise.all(existing.map((tn) => admin.delete(twilioNumbers, refOf(tn)).catch(ignoreNotFound)));
  if (existing.length > 0 && env.operators.some(running)) {
    await eventually(
      `the operator to release the TwilioNumbers in ${namespace}`,
      async () => ((await list()).length === 0 ? true : undefined),
      30_000,
    ).catch((error: unknown) => {
      console.warn(`teardown: ${(error as Error).message}; removing the finalizers`);
    });
  }
  await Promise.all(env.operators.map((operator) => operator.stop()));
  const left = await list();
  for (let i = 0; i < left.length; i += 32) {
    await Promise.all(left.slice(i, i + 32).map((tn) => removeOwnFinalizer(admin, tn)));
  }
  const remaining = await list();
  if (remaining.length > 0) {
    const held = remaining.map(
      (tn) => `${String(tn.metadata.name)} (${(tn.metadata.finalizers ?? []).join(", ")})`,
    );
    throw new Error(`TwilioNumbers left in ${namespace} after teardown: ${held.join("; ")}`);
  }
}

/** Removes the operator's finalizer, re-reading the object while the guarded patch conflicts. */
async function removeOwnFinalizer(admin: KubeClient, tn: TwilioNumber): Promise<void> {
  let current: TwilioNumber | undefined = tn;
  for (let attempt = 0; current && attempt < 5; attempt += 1) {
    const patch = removeFinalizerPatch(current, twilioNumberFinalizer);
    if (!patch) return;
    try {
      await admin.patch(twilioNumbers, refOf(current), { strategy: PatchStrategy.JsonPatch, body: patch });
      return;
    } catch (error) {
      if (statusCodeOf(error) === 404) return;
      if (statusCodeOf(error) !== 422) throw error;
      current = await admin.get<TwilioNumber>(twilioNumbers, refOf(current)).catch(() => undefined);
    }
  }
}

function ignoreNotFound(error: unknown): void {
  if (statusCodeOf(error) !== 404) throw error;
}

function tokenKubeconfig(token: string): string {
  const ca = readFileSync(path.join(localEnv.pkiDir, "ca.crt")).toString("base64");
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      { name: "local", cluster: { server: localEnv.apiServerUrl, "certificate-authority-data": ca } },
    ],
    users: [{ name: "phoenix-operator", user: { token } }],
    contexts: [{ name: "local", context: { cluster: "local", user: "phoenix-operator" } }],
    "current-context": "local",
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}

export interface OperatorProcess {
  child: ChildProcess;
  url: string;
  /** Every log line so far (JSON). */
  logs: string[];
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `node src/main.ts` with the environment's token and emulator; the environment's
 * teardown stops it (after its TwilioNumbers are gone).
 */
export async function startOperator(
  env: OperatorEnvironment,
  overrides: Record<string, string> = {},
): Promise<OperatorProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [mainTs], {
    env: {
      PATH: process.env["PATH"],
      SERVICE_NAME: "phoenix-operator",
      HTTP_HOST: "127.0.0.1",
      HTTP_PORT: String(port),
      LOG_LEVEL: "info",
      KUBECONFIG: env.kubeconfig,
      WATCH_NAMESPACE: env.namespace,
      LEADER_ELECTION_NAMESPACE: env.namespace,
      LEASE_DURATION_MS: "4000",
      RENEW_DEADLINE_MS: "3000",
      RETRY_PERIOD_MS: "500",
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_BASE_URL: env.emulator.url,
      TWILIO_PRICING_URL: env.emulator.url,
      PUBLIC_BASE_URL: publicBaseUrl,
      ...overrides,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  const collect = (chunk: Buffer) => logs.push(...chunk.toString().split("\n").filter(Boolean));
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      resolve(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const operator: OperatorProcess = {
    child,
    url,
    logs,
    exited,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      // A graceful stop that hangs must not hang the teardown.
      const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
      try {
        return await exited;
      } finally {
        clearTimeout(kill);
      }
    },
  };
  env.operators.push(operator);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const healthy = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(
        `operator did not start (exit ${child.exitCode ?? "none: still running"}):\n${logs.slice(-20).join("\n")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return operator;
}

/**
 * A fixed wait, only where time itself is asserted on: a negative assertion (no call during a
 * pause, none from a quiet operator, nothing until the next due time) or a duration the test is
 * about. Waiting for something to happen is `eventually`'s job, never this.
 */
export const quietWindow = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
