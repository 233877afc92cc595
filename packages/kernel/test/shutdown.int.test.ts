// SIGTERM on a service built with startService: the HTTP server stops accepting, an in-flight
// request completes, then the BullMQ worker, Redis and Postgres connections close — all against
// the real local services.
import net from "node:net";
import { Worker } from "bullmq";
import Type from "typebox";
import { describe, expect, it, vi } from "vitest";
import { baseConfig } from "../src/config.ts";
import { createPool, pgReadiness } from "../src/db.ts";
import { closeRedis, createRedis, redisReadiness } from "../src/redis.ts";
import { startService } from "../src/service.ts";
import { localEnv } from "../../../test/support/local-env.ts";

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => {
      resolve(true);
    });
  });

describe("graceful shutdown of a kernel service", () => {
  it("drains HTTP, then closes the worker, Redis and the pool, and exits 0", async () => {
    const exits: number[] = [];
    let exited!: () => void;
    const exitedPromise = new Promise<void>((resolve) => (exited = resolve));
    let releaseSlowRequest!: () => void;

    const service = await startService({
      schema: Type.Object({ ...baseConfig }),
      env: {
        SERVICE_NAME: "shutdown-test",
        HTTP_HOST: "127.0.0.1",
        HTTP_PORT: "0",
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
      },
      exit: (code) => {
        exits.push(code);
        exited();
      },
      setup: ({ logger, shutdown }) => {
        const pool = createPool({
          connectionString: localEnv.databaseUrl,
          applicationName: "shutdown-test",
          logger,
        });
        shutdown.add("postgres", () => pool.end());
        const redis = createRedis(
          { REDIS_SENTINELS: localEnv.sentinels, REDIS_MASTER_NAME: localEnv.redisMasterName },
          { role: "bullmq-worker", name: "shutdown-test" },
        );
        shutdown.add("redis", () => closeRedis(redis));
        const worker = new Worker("shutdown-test", () => Promise.resolve(), { connection: redis });
        shutdown.add("worker", () => worker.close());
        Object.assign(globalThis, { __shutdownTest: { pool, redis, worker } });
        return {
          readiness: { postgres: pgReadiness(pool), redis: redisReadiness(redis) },
          routes: (app) => {
            app.get("/slow", async () => {
              await new Promise<void>((resolve) => (releaseSlowRequest = resolve));
              return { done: true };
            });
            return Promise.resolve();
          },
        };
      },
    });
    const { pool, redis, worker } = (
      globalThis as unknown as {
        __shutdownTest: {
          pool: ReturnType<typeof createPool>;
          redis: ReturnType<typeof createRedis>;
          worker: Worker;
        };
      }
    ).__shutdownTest;
    const port = Number(new URL(service.address).port);

    const ready = await fetch(`${service.address}/readyz`);
    expect(ready.status).toBe(200);
    await pool.query("SELECT 1");
    expect(pool.totalCount).toBeGreaterThan(0);

    const inFlight = fetch(`${service.address}/slow`);
    // The request is in its handler (which sets the release hook) when the signal comes.
    await vi.waitFor(
      () => {
        expect(releaseSlowRequest).toBeTypeOf("function");
      },
      { interval: 10 },
    );
    process.emit("SIGTERM");

    // New connections are refused while the in-flight request is still being served.
    await expect.poll(() => refused(port), { timeout: 5_000 }).toBe(true);
    releaseSlowRequest();
    const slow = await inFlight;
    expect(await slow.json()).toEqual({ done: true });

    await exitedPromise;
    expect(exits).toEqual([0]);
    expect(worker.isRunning()).toBe(false);
    expect(redis.status).toBe("end");
    expect(pool.totalCount).toBe(0);
    expect(pool.ended).toBe(true);
  });
});
