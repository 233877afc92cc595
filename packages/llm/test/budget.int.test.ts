// Token budgets on the real Redis (through Sentinel): replicas share them, reservations are atomic
// under concurrency, and a spent budget means no provider is called at all.
import { randomBytes } from "node:crypto";
import { closeRedis, createRedis } from "@phoenix/kernel/redis";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { localEnv } from "../../../test/support/local-env.ts";
import { createBudget } from "../src/budget.ts";
import type { BudgetLimits } from "../src/budget.ts";
import { notice } from "../src/notices.ts";
import { estimatePromptTokens } from "../src/usage.ts";
import { createRedisCounterStore } from "../src/redis-counters.ts";
import { createRouter } from "../src/router.ts";
import type { EmulatorPair } from "../src/testing.ts";
import { startEmulatorPair } from "../src/testing.ts";

let redis: Redis;
let prefix: string;
const clock = { now: () => Date.now() };

const budgetWith = (limits: BudgetLimits) =>
  createBudget({ store: createRedisCounterStore(redis), limits, clock, prefix });

beforeAll(() => {
  redis = createRedis(
    { REDIS_SENTINELS: localEnv.sentinels, REDIS_MASTER_NAME: localEnv.redisMasterName },
    { role: "client", name: "llm-budget-test" },
  );
});
afterAll(async () => {
  await closeRedis(redis);
});
beforeEach(() => {
  prefix = `t${randomBytes(4).toString("hex")}:llm:budget`;
});

describe("token budgets in Redis", () => {
  it("admits exactly as many concurrent reservations as fit, across replicas", async () => {
    const limits = { perUserDaily: { free: 1000 } };
    const replicas = [budgetWith(limits), budgetWith(limits)];
    const user = { id: "u-concurrent", plan: "free" };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => replicas[index % 2]!.reserve(user, 150)),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(6);
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys).toHaveLength(1);
    expect(Number(await redis.get(keys[0]!))).toBe(900);
    expect(await redis.ttl(keys[0]!)).toBeGreaterThan(86_400);
  });

  it("settles to the real usage and enforces the plan's shared pool", async () => {
    const budget = budgetWith({ perUserDaily: { free: 1000 }, perPlanDaily: { free: 1200 } });
    const first = await budget.reserve({ id: "a", plan: "free" }, 900);
    await first.settle(300);
    expect(await budget.reserve({ id: "b", plan: "free" }, 900)).toMatchObject({ allowed: true, used: 900 });
    expect(await budget.reserve({ id: "c", plan: "free" }, 1)).toMatchObject({ allowed: false, used: 0 });
  });
});

describe("router with a Redis budget", () => {
  let pair: EmulatorPair;
  beforeEach(async () => {
    pair = await startEmulatorPair();
  });
  afterEach(async () => {
    await pair.close();
  });

  it("answers while the budget lasts, then gives the notice in fr/en without calling any provider", async () => {
    const messages = [{ role: "user" as const, content: "Par où commencer ma reconversion ?" }];
    // Room for one reservation (prompt estimate + maxTokens) and 5 tokens more.
    const budget = budgetWith({ perUserDaily: { free: estimatePromptTokens(messages) + 300 + 5 } });
    const routerOf = () =>
      createRouter({
        providers: pair.providers,
        routes: { default: ["local", "cloud"] },
        budget,
        maxTokens: 300,
      });
    const [replicaA, replicaB] = [routerOf(), routerOf()];
    const request = (language: "fr" | "en") => ({
      task: "coach",
      user: { id: "u-budget", plan: "free" },
      language,
      messages,
    });

    expect((await replicaA.complete(request("fr"))).summary.outcome).toBe("completed");
    const refusedFr = await replicaB.complete(request("fr"));
    const refusedEn = await replicaA.complete(request("en"));
    expect(refusedFr).toMatchObject({ text: notice("budget_exhausted", "fr"), notice: "budget_exhausted" });
    expect(refusedEn.text).toBe(notice("budget_exhausted", "en"));
    const [local, cloud] = await Promise.all([pair.local.control.state(), pair.cloud.control.state()]);
    expect(local.requests).toHaveLength(1);
    expect(cloud.requests).toHaveLength(0);
  });

  it("with a budget spent from the start, no provider sees a single request", async () => {
    const budget = budgetWith({ perUserDaily: { free: 0 } });
    const router = createRouter({
      providers: pair.providers,
      routes: { default: ["local", "cloud"] },
      budget,
    });
    const answer = await router.complete({
      task: "coach",
      user: { id: "u-zero", plan: "free" },
      language: "fr",
      messages: [{ role: "user", content: "Bonjour" }],
    });
    expect(answer.summary).toMatchObject({ outcome: "budget_exhausted", attempts: [], provider: null });
    expect((await pair.local.control.state()).totals.requests).toBe(0);
    expect((await pair.cloud.control.state()).totals.requests).toBe(0);
  });
});
