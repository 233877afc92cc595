// The kernel's Redis connections against the real local Redis + Sentinels (make data-up).
import { randomBytes } from "node:crypto";
import { Queue, Worker } from "bullmq";
import { afterAll, describe, expect, it, vi } from "vitest";
import { closeRedis, createRedis, redisReadiness } from "../src/redis.ts";
import type { RedisConfig } from "../src/redis.ts";
import { localEnv } from "../../../test/support/local-env.ts";

const sentinels: RedisConfig = {
  REDIS_SENTINELS: localEnv.sentinels,
  REDIS_MASTER_NAME: localEnv.redisMasterName,
};
const suffix = randomBytes(4).toString("hex");
const opened: { quit(): Promise<unknown>; disconnect(): void }[] = [];

/** One Redis server of the local environment, addressed directly (no Sentinel). */
function serverUrl(): string {
  const [port] = localEnv.redisPorts;
  if (port === undefined) throw new Error("the local environment lists no REDIS_PORTS");
  return `redis://127.0.0.1:${port}`;
}

function track<T extends { quit(): Promise<unknown>; disconnect(): void }>(connection: T): T {
  opened.push(connection);
  return connection;
}

afterAll(async () => {
  await Promise.all(
    opened.map((connection) =>
      connection.quit().catch(() => {
        connection.disconnect();
      }),
    ),
  );
});

describe("createRedis through Sentinels", () => {
  it("reaches the primary, names the connection and passes readiness", async () => {
    const client = track(createRedis(sentinels, { role: "client", name: `kernel-test-${suffix}` }));
    await client.set(`kernel-test:${suffix}`, "1", "EX", 60);

    expect(await client.get(`kernel-test:${suffix}`)).toBe("1");
    expect(await client.client("GETNAME")).toBe(`kernel-test-${suffix}`);
    expect(await client.info("replication")).toContain("role:master");
    await expect(redisReadiness(client)()).resolves.toBeUndefined();
  });

  it("carries a BullMQ job from a queue connection to a worker connection", async () => {
    const name = `kernel-test-${suffix}`;
    const queue = new Queue(name, {
      connection: track(createRedis(sentinels, { role: "bullmq-queue", name })),
    });
    const workerConnection = track(createRedis(sentinels, { role: "bullmq-worker", name }));
    let worker: Worker | undefined;
    try {
      const done = new Promise((resolve, reject) => {
        worker = new Worker(name, (job) => Promise.resolve(job.data), { connection: workerConnection });
        worker.on("completed", (job) => {
          resolve(job.data);
        });
        worker.on("failed", (_job, error) => {
          reject(error);
        });
      });
      await queue.add("remind", { text: "drink water" });
      await expect(done).resolves.toEqual({ text: "drink water" });
    } finally {
      await worker?.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});

describe("createRedis with REDIS_URL", () => {
  it("connects to a standalone server", async () => {
    const client = track(createRedis({ REDIS_URL: serverUrl() }, { role: "client", name: "kernel-url" }));
    await expect(redisReadiness(client)()).resolves.toBeUndefined();
  });

  it("fails readiness fast instead of hanging when Redis is unreachable", async () => {
    const client = track(
      createRedis({ REDIS_URL: "redis://127.0.0.1:1" }, { role: "client", name: "kernel-dead" }),
    );
    client.on("error", () => undefined);
    const started = Date.now();
    await expect(redisReadiness(client)()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("closeRedis", () => {
  it("ends a client still trying to reach a Redis that is not there (it used to wait forever)", async () => {
    const client = createRedis(
      { REDIS_URL: "redis://127.0.0.1:1" },
      { role: "client", name: "kernel-close" },
    );
    client.on("error", () => undefined);
    // Only the timer that schedules the next attempt is faked: the sockets stay real.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      // Its first attempt failed and the next one is scheduled.
      await new Promise((resolve) => client.once("reconnecting", resolve));
      expect(client.status).toBe("reconnecting");
      await closeRedis(client, { timeoutMs: 1000 });
      // And it stays closed: the scheduled attempt (at most 100 ms away, then 200, 400 …) and
      // any later one never come, however much time passes.
      let attempts = 0;
      client.on("reconnecting", () => attempts++);
      client.on("connect", () => attempts++);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(["connecting", "connect", "ready"]).not.toContain(client.status);
      expect(attempts).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  }, 5000);

  it("quits a connected client cleanly", async () => {
    const client = createRedis({ REDIS_URL: serverUrl() }, { role: "client", name: "kernel-quit" });
    await client.ping();
    await closeRedis(client);
    expect(client.status).toBe("end");
  });
});
