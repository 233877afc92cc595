// Addresses of the local control plane and data services, read from tools/ports.env — the
// same file the start scripts use, so tests and scripts can never disagree on a port.
import { readFileSync } from "node:fs";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "../..");

function readPorts(): Record<string, string> {
  const text = readFileSync(path.join(repoRoot, "tools/ports.env"), "utf8");
  const entries = text
    .split("\n")
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => {
      const [key = "", ...rest] = line.split("=");
      return [key, rest.join("=").replace(/^"|"$/g, "")] as const;
    });
  return Object.fromEntries(entries);
}

const ports = readPorts();
const port = (name: string): number => Number(ports[name]);
const list = (name: string): number[] => (ports[name] ?? "").split(" ").filter(Boolean).map(Number);

export const localEnv = {
  kubeconfig: path.join(repoRoot, ".local/kubeconfig"),
  pkiDir: path.join(repoRoot, ".local/cluster/pki"),
  apiServerUrl: `https://127.0.0.1:${port("APISERVER_PORT")}`,
  etcdUrl: `http://127.0.0.1:${port("ETCD_PORT")}`,
  postgres: { host: "127.0.0.1", port: port("POSTGRES_PORT"), user: "phoenix", database: "phoenix" },
  databaseUrl: `postgres://phoenix@127.0.0.1:${port("POSTGRES_PORT")}/phoenix`,
  /** The services' role: data privileges only, row-level security applies (docs/decisions/0009). */
  serviceRole: ports["POSTGRES_SERVICE_ROLE"] ?? "phoenix_app",
  /** The role that owns the schema and runs the migrations (`make migrate`). */
  ownerRole: ports["POSTGRES_OWNER_ROLE"] ?? "phoenix_owner",
  /** The services' database as the services connect to it. */
  appDatabaseUrl: `postgres://${ports["POSTGRES_SERVICE_ROLE"] ?? "phoenix_app"}@127.0.0.1:${port("POSTGRES_PORT")}/${ports["POSTGRES_APP_DATABASE"] ?? "phoenix_app"}`,
  redisPorts: list("REDIS_PORTS"),
  sentinelPorts: list("SENTINEL_PORTS"),
  redisMasterName: ports["REDIS_MASTER_NAME"] ?? "phoenix",
  sentinels: list("SENTINEL_PORTS")
    .map((p) => `127.0.0.1:${p}`)
    .join(","),
} as const;

/**
 * Compacts etcd up to its current revision, as the API server itself does every few minutes, so a
 * watch from an older resourceVersion gets the real 410 Gone even on a freshly started cluster.
 */
export async function compactEtcd(): Promise<number> {
  const range = (await (
    await fetch(`${localEnv.etcdUrl}/v3/kv/range`, {
      method: "POST",
      body: JSON.stringify({ key: Buffer.from("/").toString("base64") }),
    })
  ).json()) as { header: { revision: string } };
  const revision = Number(range.header.revision);
  const response = await fetch(`${localEnv.etcdUrl}/v3/kv/compaction`, {
    method: "POST",
    body: JSON.stringify({ revision, physical: true }),
  });
  if (!response.ok) throw new Error(`etcd compaction failed: ${response.status} ${await response.text()}`);
  return revision;
}
