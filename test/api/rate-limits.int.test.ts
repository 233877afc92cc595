// Rate limits on the real Redis (through Sentinel): each scope allows exactly its limit, answers
// 429 with Retry-After and RateLimit-* after it, recovers on time; with Redis unreachable the
// configured fail mode decides; every decision is a metric.
import { randomBytes, randomInt } from "node:crypto";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeRedis, createRedis } from "@phoenix/kernel/redis";
import { Redis } from "ioredis";
import { createLimiter } from "../../services/api/src/rate-limit/limiter.ts";
import type { Limits } from "../../services/api/src/rate-limit/limiter.ts";
import { localEnv } from "../support/local-env.ts";
import { apiServiceAccount, bearer, signup, signupAdmin, startTestApi } from "./harness.ts";
import type { ApiServiceAccount, TestApi } from "./harness.ts";

/**
 * Polls `request` until it answers `status`, within `timeoutMs`. The limiter keeps time in Redis
 * (TIME), so a refill cannot be faked from here; a denied request consumes nothing, so polling is free.
 */
async function until<T extends { statusCode: number }>(
  request: () => Promise<T>,
  status: number,
  timeoutMs: number,
): Promise<T> {
  return vi.waitFor(
    async () => {
      const response = await request();
      expect(response.statusCode).toBe(status);
      return response;
    },
    { timeout: timeoutMs, interval: 50 },
  );
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const limits: Limits = {
  apiPerMinute: 100,
  globalPerSecond: 10_000,
  loginAttempts: 5,
  loginWindowMs: 15 * 60_000,
};

describe("rate limits through the API", () => {
  let kube: ApiServiceAccount;
  let api: TestApi;

  beforeAll(async () => {
    kube = await apiServiceAccount();
    return () => kube.teardown();
  });
  beforeAll(async () => {
    api = await startTestApi({ kube, env: { RATE_LIMIT_LOGIN_WINDOW_SECONDS: "3" } });
    return () => api.close();
  });

  it("API token bucket: exactly 100 requests per user, then 429 with headers, one more after 600 ms", async () => {
    const user = await signup(api);
    const get = () => api.app.inject({ method: "GET", url: "/v1/me", headers: bearer(user.accessToken) });
    const first = await get();
    expect(first.headers["ratelimit-limit"]).toBe("100");
    expect(first.headers["ratelimit-remaining"]).toBe("99");
    // Concurrently, so every decision falls within one refill interval (600 ms): the limiter
    // decides in the onRequest hook, before the handler's database work.
    const burst = await Promise.all(Array.from({ length: 110 }, get));
    expect(burst.filter((r) => r.statusCode === 200)).toHaveLength(99);
    expect(burst.filter((r) => r.statusCode === 429)).toHaveLength(11);
    const refused = await get();
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: "rate_limited" });
    expect(refused.headers["retry-after"]).toBe("1");
    expect(refused.headers["ratelimit-remaining"]).toBe("0");
    expect(Number(refused.headers["ratelimit-reset"])).toBeGreaterThan(0);
    // 100/min refills one token every 600 ms: one more request within the second Retry-After names.
    await until(get, 200, 1000);
    expect((await get()).statusCode).toBe(429);
    // Another user has a bucket of their own.
    const other = await signup(api);
    const theirs = await api.app.inject({ method: "GET", url: "/v1/me", headers: bearer(other.accessToken) });
    expect(theirs.statusCode).toBe(200);
  });

  it("counts Today polls in a bucket of their own: a page that polls too fast never blocks the user's actions", async () => {
    const user = await signup(api);
    const poll = () => api.app.inject({ method: "GET", url: "/v1/today", headers: bearer(user.accessToken) });
    const polls = await Promise.all(Array.from({ length: 105 }, poll));
    expect(polls.filter((r) => r.statusCode === 429).length).toBeGreaterThanOrEqual(4);
    const me = await api.app.inject({ method: "GET", url: "/v1/me", headers: bearer(user.accessToken) });
    expect(me.statusCode).toBe(200);
    expect(me.headers["ratelimit-remaining"]).toBe("99");
  });

  it("login sliding window: 5 attempts per account, then 429 until the oldest leaves the window", async () => {
    const user = await signup(api);
    const attempt = (password: string, ip: string) =>
      api.app.inject({
        method: "POST",
        url: "/v1/auth/login",
        payload: { email: user.email, password },
        remoteAddress: ip,
      });
    const codes = [];
    // Different IPs: only the account's window counts here.
    for (let i = 0; i < 5; i++) codes.push((await attempt("wrong password!", `10.1.0.${i}`)).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401]);
    const sixth = await attempt(user.password, "10.1.0.9");
    expect(sixth.statusCode).toBe(429);
    expect(Number(sixth.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(Number(sixth.headers["retry-after"])).toBeLessThanOrEqual(3);
    // Let in once the oldest attempt leaves the 3 s window, within the Retry-After it named.
    await until(
      () => attempt(user.password, "10.1.0.10"),
      200,
      Number(sixth.headers["retry-after"]) * 1000 + 500,
    );
  });

  it("login sliding window: 5 attempts per IP across accounts", async () => {
    const ip = `10.2.${randomInt(256)}.${randomInt(256)}`;
    const codes = [];
    for (let i = 0; i < 6; i++) {
      const response = await api.app.inject({
        method: "POST",
        url: "/v1/auth/login",
        payload: { email: `nobody${i}.${ip}@example.com`, password: "whatever password" },
        remoteAddress: ip,
      });
      codes.push(response.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it("counts requests with bad tokens against the client's address", async () => {
    const ip = `10.3.${randomInt(256)}.${randomInt(256)}`;
    const guess = () =>
      api.app.inject({
        method: "GET",
        url: "/v1/me",
        headers: bearer(`guess.${randomBytes(8).toString("hex")}.x`),
        remoteAddress: ip,
      });
    const statuses = await Promise.all(Array.from({ length: 105 }, guess));
    expect(statuses.filter((r) => r.statusCode === 401)).toHaveLength(100);
    expect(statuses.filter((r) => r.statusCode === 429)).toHaveLength(5);
  });

  it("an admin can reset a subject's limit", async () => {
    const user = await signup(api);
    const { token: adminToken } = await signupAdmin(api);
    const get = () => api.app.inject({ method: "GET", url: "/v1/me", headers: bearer(user.accessToken) });
    let status = 200;
    for (let i = 0; i < 200 && status !== 429; i++) status = (await get()).statusCode;
    expect(status).toBe(429);
    const reset = await api.app.inject({
      method: "DELETE",
      url: `/v1/admin/rate-limits/api/${user.userId}`,
      headers: bearer(adminToken),
    });
    expect(reset.json()).toEqual({ removed: 1 });
    expect((await get()).statusCode).toBe(200);
  });

  it("counts every decision by scope and outcome", async () => {
    const text = await api.context.metrics.registry.metrics();
    expect(text).toMatch(
      /rate_limit_decisions_total\{scope="api",decision="allowed",service="api-test"\} \d+/,
    );
    expect(text).toMatch(
      /rate_limit_decisions_total\{scope="api",decision="denied",service="api-test"\} \d+/,
    );
    expect(text).toMatch(
      /rate_limit_decisions_total\{scope="login",decision="denied",service="api-test"\} \d+/,
    );
  });
});

describe("limiter scopes on Redis", () => {
  let redis: Redis;
  const prefix = () => `t${randomBytes(4).toString("hex")}:rl`;

  beforeAll(() => {
    redis = createRedis(
      { REDIS_SENTINELS: localEnv.sentinels, REDIS_MASTER_NAME: localEnv.redisMasterName },
      { role: "client", name: "rate-limit-test" },
    );
  });
  afterAll(async () => {
    await closeRedis(redis);
  });

  it("global flood guard: allows exactly its per-second budget across all subjects", async () => {
    const limiter = createLimiter({
      redis,
      prefix: prefix(),
      failMode: "open",
      timeoutMs: 1000,
      limits: { ...limits, globalPerSecond: 10 },
    });
    const decisions = [];
    for (let i = 0; i < 11; i++) decisions.push(await limiter.api(`user-${i}`));
    expect(decisions.slice(0, 10).every((d) => d.allowed)).toBe(true);
    expect(decisions[10]).toMatchObject({ allowed: false, scope: "global" });
    // 10 per second refill one every 100 ms; a denied decision consumes nothing.
    await vi.waitFor(
      async () => {
        expect((await limiter.api("user-x")).allowed).toBe(true);
      },
      { timeout: 500, interval: 20 },
    );
  });

  it("fails open when Redis is unreachable and so configured, counting it", async () => {
    const dead = new Redis(await closedPort(), "127.0.0.1", {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      lazyConnect: false,
      retryStrategy: () => 1000,
    });
    dead.on("error", () => undefined);
    try {
      const limiter = createLimiter({
        redis: dead,
        prefix: prefix(),
        failMode: "open",
        timeoutMs: 100,
        limits,
      });
      expect(await limiter.api("u")).toMatchObject({ allowed: true, unavailable: true });
      const closed = createLimiter({
        redis: dead,
        prefix: prefix(),
        failMode: "closed",
        timeoutMs: 100,
        limits,
      });
      expect(await closed.login("a", "b")).toMatchObject({ allowed: false, unavailable: true });
    } finally {
      dead.disconnect();
    }
  });
});

describe("Redis down behind the API", () => {
  for (const mode of ["open", "closed"] as const) {
    it(`fail-${mode}: ${mode === "open" ? "serves the request" : "answers 503 with Retry-After"}`, async () => {
      const dead = new Redis(await closedPort(), "127.0.0.1", {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        retryStrategy: () => 1000,
      });
      dead.on("error", () => undefined);
      const api = await startTestApi({
        env: { RATE_LIMIT_FAIL_MODE: mode, RATE_LIMIT_TIMEOUT_MS: "100" },
        overrides: { limiterRedis: dead },
      });
      try {
        const signupResponse = await api.app.inject({
          method: "POST",
          url: "/v1/auth/signup",
          payload: { email: `down-${mode}-${Date.now()}@example.com`, password: "long enough password" },
        });
        if (mode === "open") {
          expect(signupResponse.statusCode).toBe(201);
          const token = signupResponse.json<{ accessToken: string }>().accessToken;
          const me = await api.app.inject({ method: "GET", url: "/v1/me", headers: bearer(token) });
          expect(me.statusCode).toBe(200);
          expect(me.headers["ratelimit-limit"]).toBeUndefined();
          const text = await api.context.metrics.registry.metrics();
          expect(text).toMatch(/rate_limit_decisions_total\{scope="api",decision="unavailable_allowed"/);
        } else {
          expect(signupResponse.statusCode).toBe(503);
          // The kernel never details a 5xx to clients: the code is the status, Retry-After tells when.
          expect(signupResponse.json()).toMatchObject({ error: "service_unavailable" });
          expect(signupResponse.headers["retry-after"]).toBe("1");
        }
      } finally {
        await api.close();
      }
    });
  }
});
