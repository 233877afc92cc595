// Integration-tier global setup: the real control plane and data services must be running
// (`make test` starts them; by hand: `make data-up cluster-up`). Fail early and say so. Its
// teardown fails the run if a namespace the run created is left Terminating.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import net from "node:net";
import { CoreV1Api } from "@kubernetes/client-node";
import { adminConfig, namespacesLeftTerminating } from "../support/kube.ts";
import pg from "pg";
import { localEnv } from "../support/local-env.ts";

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => {
      resolve(false);
    });
  });
}

export default async function setup(): Promise<() => Promise<void>> {
  const missing: string[] = [];
  if (!existsSync(localEnv.kubeconfig)) missing.push(`kubeconfig ${localEnv.kubeconfig}`);
  const endpoints: Array<[string, number]> = [
    ["kube-apiserver", Number(new URL(localEnv.apiServerUrl).port)],
    ["postgres", localEnv.postgres.port],
    ...localEnv.redisPorts.map((p): [string, number] => [`redis ${p}`, p]),
    ...localEnv.sentinelPorts.map((p): [string, number] => [`sentinel ${p}`, p]),
  ];
  for (const [name, port] of endpoints) {
    if (!(await reachable(port))) missing.push(`${name} on 127.0.0.1:${port}`);
  }
  if (missing.length > 0) {
    throw new Error(`integration tier needs ${missing.join(", ")} — run \`make data-up cluster-up\``);
  }
  await requireDatabaseRoles();
  // Every namespace a test creates carries this run's id (test/support/kube.ts createNamespace);
  // the test workers inherit it.
  const run = `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
  process.env["PHOENIX_TEST_RUN"] = run;
  return async function teardown() {
    // A namespace left Terminating (content with a finalizer nobody will remove, e.g. a
    // TwilioNumber whose operator was stopped first) fails the run.
    const stuck = await namespacesLeftTerminating(adminConfig().makeApiClient(CoreV1Api), run);
    if (stuck.length > 0) {
      throw new Error(`test namespaces left Terminating by this run:\n  ${stuck.join("\n  ")}`);
    }
  };
}

/**
 * The owner and service roles the test databases use (test/support/sms-path.ts createAppDatabase):
 * `make migrate` creates them on a running Postgres (docs/decisions/0009-database-roles.md).
 */
async function requireDatabaseRoles(): Promise<void> {
  const admin = new pg.Client({ connectionString: localEnv.databaseUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ rolname: string }>(
      "SELECT rolname FROM pg_roles WHERE rolname = ANY($1) AND rolcanlogin AND NOT rolsuper AND NOT rolbypassrls",
      [[localEnv.ownerRole, localEnv.serviceRole]],
    );
    if (rows.length !== 2) {
      throw new Error(
        `integration tier needs the Postgres roles ${localEnv.ownerRole} and ${localEnv.serviceRole} — run \`make migrate\``,
      );
    }
  } finally {
    await admin.end();
  }
}
