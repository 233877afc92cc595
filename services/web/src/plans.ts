// The pricing page's plans, as the API gives them (GET /v1/plans, read from Stripe): cached for a
// minute, and on any failure the page says prices are unavailable rather than failing.
import Type from "typebox";
import type { Static } from "typebox";
import Value from "typebox/value";
import type { Logger } from "@phoenix/kernel/log";

export const products = ["sms", "letters", "cv", "iris"] as const;
export type Product = (typeof products)[number];

const Entitlement = Type.Object({
  limit: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  period: Type.Union([Type.Literal("day"), Type.Literal("month")]),
});
const PlanSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  amount: Type.Integer({ minimum: 0 }),
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  interval: Type.Union([Type.Literal("month"), Type.Literal("year"), Type.Null()]),
  entitlements: Type.Partial(Type.Record(Type.Union(products.map((p) => Type.Literal(p))), Entitlement)),
});
const PlansResponse = Type.Object({ plans: Type.Array(PlanSchema) });
export type Plan = Static<typeof PlanSchema>;

export interface PlanSource {
  /** The plans, or null when the API did not answer with them. */
  get(): Promise<Plan[] | null>;
}

export function planSource(options: {
  apiUrl: string;
  cacheMs: number;
  logger: Logger;
  fetch?: typeof fetch;
  now?: () => number;
}): PlanSource {
  const { apiUrl, cacheMs, logger, fetch: fetchFn = fetch, now = Date.now } = options;
  let cached: { plans: Plan[]; at: number } | null = null;
  return {
    async get() {
      if (cached && now() - cached.at < cacheMs) return cached.plans;
      try {
        const response = await fetchFn(new URL("/v1/plans", apiUrl), { signal: AbortSignal.timeout(2000) });
        if (!response.ok) throw new Error(`GET /v1/plans answered ${response.status}`);
        const body: unknown = await response.json();
        if (!Value.Check(PlansResponse, body)) throw new Error("GET /v1/plans answered an unexpected shape");
        cached = { plans: body.plans, at: now() };
        return body.plans;
      } catch (err) {
        logger.warn({ err }, "plans unavailable; the pricing page says so");
        // A stale list beats none: prices change rarely.
        return cached?.plans ?? null;
      }
    },
  };
}
