// Rate-limit decisions in Redis, one atomic Lua run each (scripts.ts). When Redis cannot answer
// within the timeout the configured fail mode decides: "open" lets the request through, "closed"
// refuses it; either way the decision is counted, so an outage of the limiter is visible.
import { randomBytes } from "node:crypto";
import type { Metrics } from "@phoenix/kernel/metrics";
import type { Redis } from "ioredis";
import { Counter } from "prom-client";
import { slidingWindowLua, tokenBucketLua } from "./scripts.ts";

export type Scope = "api" | "global" | "login";
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
}

export interface LimiterOptions {
  redis: Redis;
  prefix: string;
  failMode: FailMode;
  timeoutMs: number;
  limits: Limits;
  metrics?: Metrics;
}

type Reply = number[];
interface Scripts {
  phxTokenBucket(numKeys: number, ...args: (string | number)[]): Promise<Reply>;
  phxSlidingWindow(numKeys: number, ...args: (string | number)[]): Promise<Reply>;
}

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

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`rate limiter: no answer in ${timeoutMs} ms`));
    }, timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => {
    clearTimeout(timer);
  });
}

export function createLimiter(options: LimiterOptions) {
  const { redis, prefix, failMode, timeoutMs, limits } = options;
  redis.defineCommand("phxTokenBucket", { lua: tokenBucketLua });
  redis.defineCommand("phxSlidingWindow", { lua: slidingWindowLua });
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

    /** Forgets a subject's state in one scope (admin); returns how many keys were removed. */
    reset: (scope: "api" | "login", subject: string): Promise<number> => redis.del(key(scope, subject)),
  };
}
export type Limiter = ReturnType<typeof createLimiter>;

function decisionCounter(metrics: Metrics) {
  return new Counter({
    name: "rate_limit_decisions_total",
    help: "Rate-limit decisions by scope (api, global, login) and decision (allowed, denied, unavailable_allowed, unavailable_denied)",
    labelNames: ["scope", "decision"],
    registers: [metrics.registry],
  });
}
