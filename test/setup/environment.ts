// Integration-tier global setup: the real control plane and data services must be running
// (`make test` starts them; by hand: `make data-up cluster-up`). Fail early and say so.
import { existsSync } from "node:fs";
import net from "node:net";
import pg from "pg";
import { localEnv } from "../support/local-env.ts";

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export default async function setup(): Promise<void> {
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
