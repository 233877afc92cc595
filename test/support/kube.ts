// Clients for the local control plane: the admin identity from .local/kubeconfig, or a
// ServiceAccount's bearer token (TokenRequest), so RBAC is exercised for real.
import { readFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { ApiException, KubeConfig } from "@kubernetes/client-node";
import type { CoreV1Api } from "@kubernetes/client-node";
import { localEnv } from "./local-env.ts";

export function adminConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(localEnv.kubeconfig);
  return kc;
}

export function tokenConfig(token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: "local",
        server: localEnv.apiServerUrl,
        caData: readFileSync(path.join(localEnv.pkiDir, "ca.crt")).toString("base64"),
      },
    ],
    users: [{ name: "sa", token }],
    contexts: [{ name: "local", cluster: "local", user: "sa" }],
    currentContext: "local",
  });
  return kc;
}

/** A fresh namespace name, so test runs never collide with leftovers of an earlier run. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString("hex")}`;
}

/**
 * The label on every namespace `createNamespace` makes during an integration run: the run's id
 * (PHOENIX_TEST_RUN, set by test/setup/environment.ts), so the run's global teardown can check
 * that none of its own namespaces is left Terminating, whatever other runs share the cluster.
 */
export const testRunLabel = "phoenix.dev/test-run";

export async function createNamespace(core: CoreV1Api, name: string, labels: Record<string, string> = {}) {
  const run = process.env["PHOENIX_TEST_RUN"];
  await core.createNamespace({
    body: { metadata: { name, labels: { ...(run && { [testRunLabel]: run }), ...labels } } },
  });
}

export async function deleteNamespace(core: CoreV1Api, name: string): Promise<void> {
  await core.deleteNamespace({ name }).catch((error: unknown) => {
    if (!(error instanceof ApiException && error.code === 404)) throw error;
  });
}

/**
 * The namespaces of test run `run` that are still Terminating after `timeoutMs`, each with what
 * holds it (the namespace controller's conditions, e.g. "Some content in the namespace has
 * finalizers remaining: phoenix.dev/twilio-number in 2 resource instances"). A deleted namespace
 * normally goes within seconds (the controller waits 5 s before it starts); one whose content
 * keeps a finalizer no controller will remove stays Terminating forever.
 */
export async function namespacesLeftTerminating(
  core: CoreV1Api,
  run: string,
  timeoutMs = 30_000,
): Promise<string[]> {
  const terminating = async () =>
    (await core.listNamespace({ labelSelector: `${testRunLabel}=${run}` })).items.filter(
      (ns) => ns.status?.phase === "Terminating",
    );
  try {
    await eventually(
      "the run's namespaces gone",
      async () => ((await terminating()).length === 0 ? true : undefined),
      timeoutMs,
    );
    return [];
  } catch {
    return (await terminating()).map((ns) => {
      const why = (ns.status?.conditions ?? [])
        .filter((c) => c.status === "True")
        .map((c) => `${c.type}: ${c.message ?? ""}`);
      return `${ns.metadata?.name ?? "?"} (${why.join("; ") || "no conditions yet"})`;
    });
  }
}

/** Awaits `promise`, expecting the API server to refuse it; returns the server's Status. */
export async function expectRejection(
  promise: Promise<unknown>,
): Promise<{ code: number; message: string; reason?: string | undefined }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiException) {
      const body = (typeof error.body === "string" ? JSON.parse(error.body) : error.body) as {
        message: string;
        reason?: string;
      };
      return { code: error.code, message: body.message, reason: body.reason };
    }
    throw error;
  }
  throw new Error("expected the API server to reject the request, but it was accepted");
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ""}`,
  );
}
