// Integration-tier global setup: the real control plane and data services must be running
// (`make test` starts them; by hand: `make data-up cluster-up`). Fail early and say so.
import { existsSync } from "node:fs";
import net from "node:net";
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
}
