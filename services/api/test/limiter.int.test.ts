// The API's rate limiter on the real Redis (through Sentinel), called directly: each scope's exact
// budget, refill, independence of subjects, the global flood guard, login's two keys, admin
// reset, and the fail modes with their metrics. Fast enough for `make mutation`'s api-rate-limiter.
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createMetrics } from "@phoenix/kernel/metrics";
import { closeRedis, createRedis } from "@phoenix/kernel/redis";
import { Redis } from "ioredis";
import { createLimiter } from "../src/rate-limit/limiter.ts";
import type { FailMode, Limits } from "../src/rate-limit/limiter.ts";
import { localEnv } from "../../../test/support/local-env.ts";

const limits: Limits = { apiPerMinute: 5, globalPerSecond: 10_000, loginAttempts: 3, loginWindowMs: 60_000 };

/** A port where something accepts connections and never answers: a hung Redis. */
async function hungServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("data", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return { port: (server.address() as AddressInfo).port, close };
}

describe("rate limiter on Redis", () => {
  let redis: Redis;
  const limiterWith = (
    overrides: Partial<Limits> = {},
    metrics = createMetrics({ service: "limiter-test" }),
  ) => ({
    metrics,
    limiter: createLimiter({
      redis,
      prefix: `t${randomBytes(4).toString("hex")}:rl`,
      failMode: "closed",
      timeoutMs: 2000,
      limits: { ...limits, ...overrides },
      metrics,
    }),
  });

  beforeAll(() => {
    redis = createRedis(
      { REDIS_SENTINELS: localEnv.sentinels, REDIS_MASTER_NAME: localEnv.redisMasterName },
      { role: "client", name: "limiter-test" },
    );
  });
  afterAll(async () => {
    await closeRedis(redis);
  });

  it("API bucket: exactly its limit per subject, counting down, then 429 with when to retry", async () => {
    const { limiter } = limiterWith();
    const decisions = [];
    for (let i = 0; i < 6; i++) decisions.push(await limiter.api("alice"));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0, 0]);
    for (const d of decisions) expect(d).toMatchObject({ scope: "api", limit: 5, unavailable: false });
    expect(decisions[0]?.retryAfterMs).toBe(0);
    const denied = decisions[5]!;
    // One token every 12 s at 5 a minute.
    expect(denied.retryAfterMs).toBeGreaterThan(11_000);
    expect(denied.retryAfterMs).toBeLessThanOrEqual(12_000);
    expect(denied.resetMs).toBeGreaterThan(denied.retryAfterMs);
    expect(denied.resetMs).toBeLessThanOrEqual(60_000);
    expect((await limiter.api("bob")).allowed).toBe(true);
  });

  it("API bucket refills at its rate", async () => {
    // Two tokens a second: emptied (however long that takes on a busy machine), the next token
    // comes when the denial said, within half a second.
    const { limiter } = limiterWith({ apiPerMinute: 120 });
    let denied = await limiter.api("carol");
    for (let calls = 1; denied.allowed && calls < 400; calls++) denied = await limiter.api("carol");
    expect(denied.allowed).toBe(false);
    expect(denied.retryAfterMs).toBeGreaterThan(0);
    expect(denied.retryAfterMs).toBeLessThanOrEqual(500);
    const started = Date.now();
    await vi.waitFor(
      async () => {
        expect((await limiter.api("carol")).allowed).toBe(true);
      },
      {
        timeout: 3000,
        interval: 20,
      },
    );
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("global flood guard: its per-second budget across all subjects, named as such", async () => {
    const { limiter } = limiterWith({ globalPerSecond: 3 });
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.api(`user-${i}`));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]).toMatchObject({ scope: "global", limit: 5 });
    expect(decisions[3]!.retryAfterMs).toBeGreaterThan(0);
    expect(decisions[3]!.retryAfterMs).toBeLessThanOrEqual(1000);
  });

  it("login: the account and the IP must both be under the window's limit", async () => {
    const { limiter } = limiterWith();
    const first = [];
    for (let i = 0; i < 3; i++) first.push(await limiter.login("a@example.com", "10.0.0.1"));
    expect(first.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
    ]);
    const accountFull = await limiter.login("a@example.com", "10.0.0.2");
    expect(accountFull).toMatchObject({ scope: "login", allowed: false, limit: 3, remaining: 0 });
    expect(accountFull.retryAfterMs).toBeGreaterThan(55_000);
    expect(accountFull.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(accountFull.resetMs).toBeLessThanOrEqual(60_000);
    expect((await limiter.login("b@example.com", "10.0.0.1")).allowed).toBe(false);
    const fresh = await limiter.login("b@example.com", "10.0.0.3");
    expect(fresh).toMatchObject({ allowed: true, remaining: 2 });
  });

  it("reset forgets one subject in one scope", async () => {
    const { limiter } = limiterWith();
    for (let i = 0; i < 5; i++) await limiter.api("dave");
    expect((await limiter.api("dave")).allowed).toBe(false);
    expect(await limiter.reset("api", "erin")).toBe(0);
    expect(await limiter.reset("api", "dave")).toBe(1);
    expect(await limiter.api("dave")).toMatchObject({ allowed: true, remaining: 4 });
    for (let i = 0; i < 3; i++) await limiter.login("f@example.com", "10.0.0.9");
    expect(await limiter.reset("login", "account:f@example.com")).toBe(1);
    expect((await limiter.login("f@example.com", "10.0.0.8")).allowed).toBe(true);
  });

  it("counts every decision by scope and outcome", async () => {
    const { limiter, metrics } = limiterWith({ apiPerMinute: 1 });
    await limiter.api("gina");
    await limiter.api("gina");
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/rate_limit_decisions_total\{scope="api",decision="allowed"[^}]*\} 1\n/);
    expect(text).toMatch(/rate_limit_decisions_total\{scope="api",decision="denied"[^}]*\} 1\n/);
  });

  describe.each<[string, boolean]>([
    ["unreachable", true],
    ["hung (connected, never answers)", false],
  ])("Redis %s", (_, refuse) => {
    it.each<[FailMode, boolean]>([
      ["open", true],
      ["closed", false],
    ])("fail-%s decides %s, marked unavailable, retry in a second, counted", async (failMode, allowed) => {
      const hung = await hungServer();
      const port = hung.port;
      if (refuse) await hung.close();
      const dead = new Redis(port, "127.0.0.1", {
        enableOfflineQueue: !refuse,
        maxRetriesPerRequest: 0,
        retryStrategy: () => 1000,
      });
      dead.on("error", () => undefined);
      const metrics = createMetrics({ service: "limiter-dead" });
      try {
        const limiter = createLimiter({
          redis: dead,
          prefix: "dead",
          failMode,
          timeoutMs: 100,
          limits,
          metrics,
        });
        for (const decision of [await limiter.api("u"), await limiter.login("a", "b")]) {
          expect(decision).toMatchObject({
            allowed,
            unavailable: true,
            remaining: 0,
            resetMs: 1000,
            retryAfterMs: 1000,
          });
        }
        expect((await limiter.api("u")).limit).toBe(5);
        expect((await limiter.login("a", "b")).limit).toBe(3);
        const label = `unavailable_${allowed ? "allowed" : "denied"}`;
        const text = await metrics.registry.metrics();
        expect(text).toContain(
          `rate_limit_decisions_total{scope="api",decision="${label}",service="limiter-dead"} 2`,
        );
        expect(text).toContain(
          `rate_limit_decisions_total{scope="login",decision="${label}",service="limiter-dead"} 2`,
        );
      } finally {
        dead.disconnect();
        if (!refuse) await hung.close();
      }
    });
  });
});
