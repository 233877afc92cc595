// Quotas per calendar month or day (UTC), as the user's entitlement for the product says
// (entitlements.ts): letters and CVs, counted in Redis with one atomic Lua run per decision, like
// the API's limiter (services/api/src/rate-limit): a refused request consumes nothing, and a
// request that fails after taking its unit gives it back. An unlimited entitlement is counted too
// (for "used") but never refused. When Redis cannot answer in time the fail mode decides — closed
// by default: a free letter is not worth an unbounded bill.
import { HttpError } from "@phoenix/kernel/http";
import type { Redis } from "ioredis";
import Type from "typebox";
import type { Static } from "typebox";
import type { CareerProduct as Product, ProductEntitlement } from "./entitlements.ts";

export type { Product };

export const QuotaState = Type.Object(
  {
    product: Type.Union([Type.Literal("letters"), Type.Literal("cv")]),
    plan: Type.Union([Type.Literal("free"), Type.Literal("premium")], {
      description: "premium: a paid Stripe feature covers the product (its premium templates are open).",
    }),
    limit: Type.Union([Type.Integer(), Type.Null()], { description: "null: unlimited." }),
    period: Type.Union([Type.Literal("day"), Type.Literal("month")], {
      description: "The counting window (UTC): a calendar day or month.",
    }),
    used: Type.Integer({ minimum: 0 }),
    remaining: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: "null: unlimited." }),
    resetsAt: Type.String({ format: "date-time" }),
  },
  { $id: "QuotaState" },
);
export type QuotaState = Static<typeof QuotaState>;

/** KEYS[1] the month's counter; ARGV limit (-1: none), ttl s. Reply: allowed (0/1), used after. */
const takeLua = `
local limit, ttl = tonumber(ARGV[1]), tonumber(ARGV[2])
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if limit >= 0 and used >= limit then return {0, used} end
used = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ttl)
return {1, used}
`;
const refundLua = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used > 0 then return redis.call('DECR', KEYS[1]) end
return 0
`;

interface Scripts {
  careerTake(key: string, limit: number, ttl: number): Promise<[number, number]>;
  careerRefund(key: string): Promise<number>;
}

export interface QuotaOptions {
  redis: Redis;
  prefix: string;
  failMode: "open" | "closed";
  timeoutMs: number;
  now: () => Date;
}

export interface Taken {
  state: QuotaState;
  /** Gives the unit back (the work it paid for failed). */
  refund(): Promise<void>;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`quota: no answer from Redis in ${ms} ms`));
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => {
    clearTimeout(timer);
  });
}

export function createQuota(options: QuotaOptions) {
  const { redis, prefix, failMode, timeoutMs, now } = options;
  redis.defineCommand("careerTake", { numberOfKeys: 1, lua: takeLua });
  redis.defineCommand("careerRefund", { numberOfKeys: 1, lua: refundLua });
  const scripts = redis as unknown as Scripts;

  const window = (period: ProductEntitlement["period"]) => {
    const at = now();
    const [year, month, day] = [at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()];
    const start = period === "day" ? Date.UTC(year, month, day) : Date.UTC(year, month, 1);
    const next = new Date(period === "day" ? Date.UTC(year, month, day + 1) : Date.UTC(year, month + 1, 1));
    return {
      tag: new Date(start).toISOString().slice(0, period === "day" ? 10 : 7),
      next,
      ttl: Math.ceil((next.getTime() - at.getTime()) / 1000) + 86_400,
    };
  };
  const keyOf = (product: Product, userId: string, tag: string) => `${prefix}:${product}:${userId}:${tag}`;
  const stateOf = (product: Product, grant: ProductEntitlement, used: number, next: Date): QuotaState => ({
    product,
    plan: grant.premium ? "premium" : "free",
    limit: grant.limit,
    period: grant.period,
    used,
    remaining: grant.limit === null ? null : Math.max(0, grant.limit - used),
    resetsAt: next.toISOString(),
  });
  const unavailable = (err: unknown): never => {
    throw new HttpError(503, "quota_unavailable", `quota store unavailable: ${String(err)}`);
  };

  return {
    /** Takes one unit, or throws `refused(state)` when the month's quota is spent. */
    async take(
      userId: string,
      product: Product,
      grant: ProductEntitlement,
      refused: (state: QuotaState) => Error,
    ): Promise<Taken> {
      const { tag, next, ttl } = window(grant.period);
      const key = keyOf(product, userId, tag);
      const limit = grant.limit ?? -1;
      let reply: [number, number];
      try {
        reply = await withTimeout(scripts.careerTake(key, limit, ttl), timeoutMs);
      } catch (err) {
        if (failMode === "closed") unavailable(err);
        return { state: stateOf(product, grant, 0, next), refund: () => Promise.resolve() };
      }
      const [allowed, used] = reply;
      const state = stateOf(product, grant, used, next);
      if (allowed !== 1) throw refused(state);
      return {
        state,
        refund: async () => {
          await scripts.careerRefund(key).catch(() => undefined);
        },
      };
    },

    async peek(userId: string, product: Product, grant: ProductEntitlement): Promise<QuotaState> {
      const { tag, next } = window(grant.period);
      const used = await withTimeout(redis.get(keyOf(product, userId, tag)), timeoutMs).catch(() => "0");
      return stateOf(product, grant, Number(used ?? 0), next);
    },
  };
}
export type Quota = ReturnType<typeof createQuota>;
