// Rate-limit decisions in Redis, one atomic Lua run each (scripts.ts). When Redis cannot answer
// within the timeout the configured fail mode decides: "open" lets the request through, "closed"
// refuses it; either way the decision is counted, so an outage of the limiter is visible.
import { randomBytes } from "node:crypto";
import type { Metrics } from "@phoenix/kernel/metrics";
import type { Redis } from "ioredis";
import { Counter } from "prom-client";
import { fixedWindowLua, slidingWindowLua, tokenBucketLua } from "./scripts.ts";

export type Scope = "api" | "global" | "login" | "sms";
export type FailMode = "open" | "closed";

export interface Decision {
  scope: Scope;
  allowed: boolean;
  limit: number;
  remaining: number;
  /** ms until the limit is fully available again (RateLimit-Reset). */
  resetMs: number;
  /** ms until a denied request may be retried (Retry-After). */
  retryAfterMs: number;
  /** True when Redis did not answer and the fail mode decided. */
  unavailable: boolean;
}

export interface Limits {
  apiPerMinute: number;
  globalPerSecond: number;
  loginAttempts: number;
  loginWindowMs: number;
  smsPerDay: { free: number; premium: number };
}

export interface LimiterOptions {
  redis: Redis;
  prefix: string;
  failMode: FailMode;
  timeoutMs: number;
  limits: Limits;
  metrics?: Metrics;
  /** Default Date.now; only picks the SMS quota's day (Redis' clock drives everything else). */
  now?: () => number;
}

type Reply = number[];
interface Scripts {
  phxTokenBucket(numKeys: number, ...args: (string | number)[]): Promise<Reply>;
  phxSlidingWindow(numKeys: number, ...args: (string | number)[]): Promise<Reply>;
  phxFixedWindow(numKeys: number, ...args: (string | number)[]): Promise<Reply>;
}

const DAY_MS = 86_400_000;

const decided = (
  scope: Scope,
  limit: number,
  fields: Pick<Decision, "allowed" | "remaining" | "resetMs" | "retryAfterMs">,
): Decision => ({
  scope,
  limit,
  ...fields,
  unavailable: false,
});

/** The API token bucket of one subject (user or IP) together with the global flood guard. */
async function apiBucket(scripts: Scripts, keys: [string, string], limits: Limits): Promise<Decision> {
  const limit = limits.apiPerMinute;
  const global = limits.globalPerSecond;
  const reply = await scripts.phxTokenBucket(2, ...keys, 1, limit, limit / 60_000, global, global / 1000);
  const [denied = 0, retry = 0, remaining = 0, reset = 0] = reply;
  return decided(denied === 2 ? "global" : "api", limit, {
    allowed: denied === 0,
    remaining,
    resetMs: reset,
    retryAfterMs: retry,
  });
}

/** Login attempts: the account and the IP must both be under the sliding-window limit. */
async function loginWindow(scripts: Scripts, keys: [string, string], limits: Limits): Promise<Decision> {
  const limit = limits.loginAttempts;
  const suffix = randomBytes(6).toString("hex");
  const reply = await scripts.phxSlidingWindow(2, ...keys, limits.loginWindowMs, limit, suffix);
  const [denied = 0, retry = 0, countAccount = 0, resetAccount = 0, countIp = 0, resetIp = 0] = reply;
  return decided("login", limit, {
    allowed: denied === 0,
    remaining: Math.max(0, limit - Math.max(countAccount, countIp)),
    resetMs: Math.max(resetAccount, resetIp),
    retryAfterMs: retry,
  });
}

/** A day's fixed window (UTC) of outbound SMS; cost 0 only reads it. */
async function smsWindow(
  scripts: Scripts,
  baseKey: string,
  input: { limit: number; cost: number; now: number },
) {
  const start = Math.floor(input.now / DAY_MS) * DAY_MS;
  const reply = await scripts.phxFixedWindow(1, `${baseKey}:${start}`, input.limit, input.cost, DAY_MS);
  const [allowed = 0, count = 0] = reply;
  const reset = start + DAY_MS - input.now;
  return decided("sms", input.limit, {
    allowed: allowed === 1,
    remaining: Math.max(0, input.limit - count),
    resetMs: reset,
    retryAfterMs: allowed === 1 ? 0 : reset,
  });
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`rate limiter: no answer in ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function createLimiter(options: LimiterOptions) {
  const { redis, prefix, failMode, timeoutMs, limits, now = Date.now } = options;
  redis.defineCommand("phxTokenBucket", { lua: tokenBucketLua });
  redis.defineCommand("phxSlidingWindow", { lua: slidingWindowLua });
  redis.defineCommand("phxFixedWindow", { lua: fixedWindowLua });
  const scripts = redis as unknown as Scripts;
  const decisions = options.metrics && decisionCounter(options.metrics);
  const key = (scope: Scope, subject: string) => `${prefix}:${scope}:${subject}`;

  async function decide(scope: Scope, limit: number, run: () => Promise<Decision>): Promise<Decision> {
    let decision: Decision;
    try {
      decision = await withTimeout(run(), timeoutMs);
    } catch {
      const allowed = failMode === "open";
      decision = {
        scope,
        allowed,
        limit,
        remaining: 0,
        resetMs: 1000,
        retryAfterMs: 1000,
        unavailable: true,
      };
    }
    const outcome = decision.allowed ? "allowed" : "denied";
    decisions?.inc({
      scope: decision.scope,
      decision: decision.unavailable ? `unavailable_${outcome}` : outcome,
    });
    return decision;
  }

  return {
    /** The API token bucket of one user (or IP), behind the global flood guard. */
    api: (subject: string): Promise<Decision> =>
      decide("api", limits.apiPerMinute, () =>
        apiBucket(scripts, [key("api", subject), `${prefix}:global`], limits),
      ),

    /** A login attempt for `account` from `ip`: both must be under the sliding-window limit. */
    login: (account: string, ip: string): Promise<Decision> =>
      decide("login", limits.loginAttempts, () =>
        loginWindow(scripts, [key("login", `account:${account}`), key("login", `ip:${ip}`)], limits),
      ),

    /**
     * The outbound SMS quota of a user for today (UTC), by plan. `consume: false` only reads it.
     * For the workers to call before sending; exposed read-only at GET /v1/me/quota.
     */
    sms(userId: string, plan: "free" | "premium", consume = true): Promise<Decision> {
      const limit = limits.smsPerDay[plan];
      return decide("sms", limit, () =>
        smsWindow(scripts, key("sms", userId), { limit, cost: consume ? 1 : 0, now: now() }),
      );
    },

    /** Forgets a subject's state in one scope (admin); returns how many keys were removed. */
    async reset(scope: "api" | "login" | "sms", subject: string): Promise<number> {
      const exact = key(scope, subject);
      const windows = await scanKeys(redis, `${exact.replace(/[*?[\]\\]/g, "\\$&")}:*`);
      return redis.del(exact, ...windows);
    },
  };
}
export type Limiter = ReturnType<typeof createLimiter>;

async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 500);
    found.push(...keys);
    cursor = next;
  } while (cursor !== "0");
  return found;
}

function decisionCounter(metrics: Metrics) {
  return new Counter({
    name: "rate_limit_decisions_total",
    help: "Rate-limit decisions by scope (api, global, login, sms) and decision (allowed, denied, unavailable_allowed, unavailable_denied)",
    labelNames: ["scope", "decision"],
    registers: [metrics.registry],
  });
}
