// The local Redis topology as Sentinel sees it, for tests that fail the primary over.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { localEnv, repoRoot } from "./local-env.ts";

/** The port of the current primary, asked of the first Sentinel. */
export async function currentPrimaryPort(): Promise<number> {
  const port = localEnv.sentinelPorts[0];
  const sentinel = new Redis({ ...(port !== undefined && { port }), lazyConnect: true });
  try {
    const [, port] = (await sentinel.call(
      "SENTINEL",
      "get-master-addr-by-name",
      localEnv.redisMasterName,
    )) as [string, string];
    return Number(port);
  } finally {
    sentinel.disconnect();
  }
}

/** kill -9 of the Redis on `port` (a crash, not a handover), by the pid file tools/data.sh keeps. */
export function killRedis(port: number): void {
  const pid = Number(readFileSync(path.join(repoRoot, `.local/run/redis-${port}.pid`), "utf8"));
  process.kill(pid, "SIGKILL");
}
