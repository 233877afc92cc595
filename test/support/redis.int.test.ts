// The harnesses' Redis cleanup: dropRedisKeys removes every key under the prefix it is given (in
// SCAN batches) and nothing else, and the SMS path's close() leaves no key under its prefix — the
// local Redis persists across runs, and prefixes left behind filled it to its maxmemory.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localEnv } from "./local-env.ts";
import { dropRedisKeys } from "./redis.ts";
import { startSmsPath } from "./sms-path.ts";

const primary = (): Redis =>
  new Redis({
    sentinels: localEnv.sentinelPorts.map((port) => ({ host: "127.0.0.1", port })),
    name: localEnv.redisMasterName,
  });

/** Every key matching `${prefix}:*`, by SCAN (which may return one twice: a set). */
async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const found = new Set<string>();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    for (const key of keys) found.add(key);
  } while (cursor !== "0");
  return [...found];
}

describe("dropRedisKeys", () => {
  let redis: Redis;
  beforeAll(() => {
    redis = primary();
    return () => {
      redis.disconnect();
    };
  });

  it("removes every key under the prefix, in batches, and no other", async () => {
    const prefix = `tdrop${randomBytes(4).toString("hex")}`;
    // Sharing the prefix's first characters, and another prefix altogether: both must survive.
    const longer = `${prefix}x:kept`;
    const other = `tother${randomBytes(4).toString("hex")}:kept`;
    try {
      const batch = redis.pipeline();
      for (let i = 0; i < 2500; i++) batch.set(`${prefix}:bull:q:${String(i)}`, "v");
      batch.hset(`${prefix}:bull:q:meta`, "opts.maxLenEvents", "10000");
      batch.zadd(`${prefix}:rl:api:user`, 1, "a");
      batch.set(longer, "v");
      batch.set(other, "v");
      await batch.exec();
      expect(await keysUnder(redis, prefix)).toHaveLength(2502);

      expect(await dropRedisKeys(prefix)).toBe(2502);

      expect(await keysUnder(redis, prefix)).toEqual([]);
      expect(await redis.get(longer)).toBe("v");
      expect(await redis.get(other)).toBe("v");
      expect(await dropRedisKeys(prefix)).toBe(0);
    } finally {
      await redis.del(longer, other);
    }
  });

  it("refuses an empty prefix or one with a glob character", async () => {
    for (const prefix of ["", "*", "t*", "t?", "t[ab]"])
      await expect(dropRedisKeys(prefix), JSON.stringify(prefix)).rejects.toThrow(/refusing the prefix/);
  });
});

describe("the SMS path's close()", () => {
  let redis: Redis;
  beforeAll(() => {
    redis = primary();
  });
  afterAll(() => {
    redis.disconnect();
  });

  it("leaves no key under its queue prefix", async () => {
    const sms = await startSmsPath();
    let closed = false;
    try {
      const user = await sms.createUser();
      expect((await sms.text(user, "add task water the plants")).status).toBe(200);
      await sms.awaitReplies(user, 1);
      // The text went through BullMQ under the prefix: there was something to remove.
      expect((await keysUnder(redis, sms.prefix)).length).toBeGreaterThan(0);
      await sms.close();
      closed = true;
      expect(await keysUnder(redis, sms.prefix)).toEqual([]);
    } finally {
      if (!closed) await sms.close();
    }
  });
});
