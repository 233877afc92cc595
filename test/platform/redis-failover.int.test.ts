// Killing the Redis primary triggers a Sentinel failover; the kernel's Sentinel connection
// follows the new primary without being recreated, and a BullMQ job queued before the
// failover is processed after it.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { Queue, Worker } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { closeRedis, createRedis } from "@phoenix/kernel/redis";
import { localEnv, repoRoot } from "../support/local-env.ts";
import { eventually, uniqueName } from "../support/kube.ts";
import { currentPrimaryPort, killRedis } from "../support/redis.ts";

const run = promisify(execFile);
const config = { REDIS_SENTINELS: localEnv.sentinels, REDIS_MASTER_NAME: localEnv.redisMasterName };

describe("Redis Sentinel failover", () => {
  const queueName = uniqueName("failover");
  const client = createRedis(config, { role: "client", name: "failover-test-client" });
  const queueConnection = createRedis(config, { role: "bullmq-queue", name: "failover-test-queue" });
  const workerConnection = createRedis(config, { role: "bullmq-worker", name: "failover-test-worker" });
  const queue = new Queue(queueName, { connection: queueConnection });
  let worker: Worker | undefined;

  afterAll(async () => {
    // Bring the killed primary back first (Sentinel turns it into a replica of the new primary):
    // a connection still retrying its address then settles instead of holding the teardown (a
    // worker.close() waiting on such a connection once outlasted the 120 s hook timeout).
    await run("bash", [path.join(repoRoot, "tools/data.sh"), "up"]);
    await worker?.close(true);
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await Promise.all(
      [client, queueConnection, workerConnection].map((connection) => closeRedis(connection)),
    );
  });

  it("fails over to a replica, keeps the client working and processes the queued job", async () => {
    const oldPrimary = await currentPrimaryPort();
    await client.set("failover:before", "1");
    const { id: jobId } = await queue.add("remember", { text: "take meds" });
    if (jobId === undefined) throw new Error("the queue gave the job no id");

    // The job must have reached the replicas before the primary dies (replication is
    // asynchronous; losing un-replicated writes is what the SMS sweeper covers, not this test).
    for (const port of localEnv.redisPorts.filter((p) => p !== oldPrimary)) {
      const replica = new Redis({ port });
      await eventually(`job replicated to ${port}`, async () =>
        (await replica.exists(`bull:${queueName}:${jobId}`)) ? true : undefined,
      );
      replica.disconnect();
    }

    killRedis(oldPrimary);

    const newPrimary = await eventually(
      "Sentinel to elect a new primary",
      async () => {
        const port = await currentPrimaryPort();
        return port !== oldPrimary ? port : undefined;
      },
      60_000,
    );
    expect(localEnv.redisPorts).toContain(newPrimary);

    // The same client object reconnects to the new primary and serves reads and writes.
    await eventually(
      "the client to write to the new primary",
      // A refused write rejects: resolving is the write landing.
      async () => {
        await client.set("failover:after", "2");
        return true;
      },
      30_000,
    );
    expect(await client.get("failover:before")).toBe("1");
    const info = await client.info("server");
    expect(info).toContain(`tcp_port:${newPrimary}`);

    const processed = new Promise<unknown>((resolve, reject) => {
      worker = new Worker(queueName, (j) => Promise.resolve(j.data as unknown), {
        connection: workerConnection,
      });
      worker.on("completed", (j) => {
        resolve(j.data);
      });
      worker.on("failed", (_j, error) => {
        reject(error);
      });
    });
    await expect(processed).resolves.toEqual({ text: "take meds" });
  });
});
