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

/**
 * Deletes every key under `${prefix}:` on the current primary (found through Sentinel): what a test
 * harness's BullMQ queues, rate limits and quotas left under the prefix it made up, since the local
 * Redis outlives test runs and would otherwise fill up to its maxmemory. SCAN (COUNT 1000) and
 * UNLINK in batches; resolves to the number of keys removed. Only the given prefix is ever touched:
 * an empty one or one with a glob character (`*`, `?`, `[`, `]`, `\`) is refused.
 */
export async function dropRedisKeys(prefix: string): Promise<number> {
  if (prefix === "" || /[*?[\]\\]/.test(prefix))
    throw new Error(`dropRedisKeys: refusing the prefix ${JSON.stringify(prefix)}`);
  const redis = new Redis({
    sentinels: localEnv.sentinelPorts.map((port) => ({ host: "127.0.0.1", port })),
    name: localEnv.redisMasterName,
    lazyConnect: true,
    maxRetriesPerRequest: 3,
    // A few tries (a failover under way), then an error rather than ioredis's endless retries.
    sentinelRetryStrategy: (times: number) => (times > 10 ? null : 200),
  });
  try {
    await redis.connect();
    let removed = 0;
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) removed += await redis.unlink(...keys);
    } while (cursor !== "0");
    return removed;
  } finally {
    redis.disconnect();
  }
}
