import { describe, expect, it } from "vitest";
import { ConfigError } from "./config.ts";
import { createRedis, parseSentinels, redisOptions } from "./redis.ts";

const sentinels = {
  REDIS_SENTINELS: "10.0.0.1:26379, redis-sentinel-1.data:26379",
  REDIS_MASTER_NAME: "phoenix",
};

describe("redisOptions", () => {
  it("lets BullMQ workers wait out an outage and makes producers fail fast", () => {
    const worker = redisOptions(sentinels, { role: "bullmq-worker", name: "workers-outbound" });
    const queue = redisOptions(sentinels, { role: "bullmq-queue", name: "router-inbound" });
    const client = redisOptions(sentinels, { role: "client", name: "api-ratelimit" });

    expect(worker).toMatchObject({ maxRetriesPerRequest: null, enableOfflineQueue: true });
    expect(queue).toMatchObject({ maxRetriesPerRequest: 2, enableOfflineQueue: false });
    expect(client).toMatchObject({ maxRetriesPerRequest: 2, enableOfflineQueue: true });
    expect(worker.connectionName).toBe("workers-outbound");
  });

  it("connects through the Sentinels to the named primary", () => {
    const options = redisOptions({ ...sentinels, REDIS_PASSWORD: "s3cret" }, { role: "client", name: "c" });
    expect(options).toMatchObject({
      sentinels: [
        { host: "10.0.0.1", port: 26379 },
        { host: "redis-sentinel-1.data", port: 26379 },
      ],
      name: "phoenix",
      role: "master",
      password: "s3cret",
      enableReadyCheck: true,
      failoverDetector: true,
    });
    expect(options.sentinelPassword).toBeUndefined();
  });

  it("reconnects on READONLY, which a demoted primary answers after a failover", () => {
    const reconnect = redisOptions(sentinels, { role: "client", name: "c" }).reconnectOnError as (
      err: Error,
    ) => boolean | 1 | 2;
    expect(reconnect(new Error("READONLY You can't write against a read only replica."))).toBe(2);
    expect(reconnect(new Error("WRONGTYPE Operation against a key holding the wrong kind of value"))).toBe(
      false,
    );
  });

  it("backs off with a cap", () => {
    const { retryStrategy, sentinelRetryStrategy } = redisOptions(sentinels, { role: "client", name: "c" });
    const delays = [1, 2, 3, 10, 50].map((attempt) => retryStrategy!(attempt) as number);
    expect(delays[0]).toBeLessThanOrEqual(100);
    expect(delays[4]).toBeGreaterThanOrEqual(2500);
    expect(Math.max(...delays)).toBeLessThanOrEqual(5000);
    expect(sentinelRetryStrategy!(50)).toBeLessThanOrEqual(5000);
  });

  it("uses no Sentinel options for a plain REDIS_URL", () => {
    const options = redisOptions({ REDIS_URL: "redis://127.0.0.1:6379" }, { role: "client", name: "c" });
    expect(options.sentinels).toBeUndefined();
  });

  it.each([
    ["neither", {}, "exactly one must be set, got neither"],
    ["both", { ...sentinels, REDIS_URL: "redis://127.0.0.1:6379" }, "exactly one must be set, got both"],
  ])("rejects %s of REDIS_URL and REDIS_SENTINELS with a ConfigError", (_name, config, message) => {
    expect(() => createRedis(config, { role: "client", name: "c" })).toThrow(ConfigError);
    expect(() => createRedis(config, { role: "client", name: "c" })).toThrow(message);
  });
});

describe("parseSentinels", () => {
  it("names REDIS_SENTINELS when an entry is not host:port", () => {
    expect(() => parseSentinels("10.0.0.1:26379,10.0.0.2")).toThrow(
      'REDIS_SENTINELS: expected "host:port,host:port", got "10.0.0.1:26379,10.0.0.2"',
    );
    expect(() => parseSentinels("10.0.0.1:70000")).toThrow(ConfigError);
  });
});
