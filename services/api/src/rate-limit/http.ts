// How a decision shows on the wire: RateLimit-Limit/-Remaining/-Reset on every limited response
// (IETF draft "RateLimit header fields", delta seconds), and a refusal as 429 with Retry-After —
// or 503 when the limiter is down and configured to fail closed.
import { HttpError } from "@phoenix/kernel/http";
import type { FastifyReply } from "fastify";
import type { Decision } from "./limiter.ts";

const seconds = (ms: number): number => Math.max(0, Math.ceil(ms / 1000));

export function rateLimitHeaders(reply: FastifyReply, decision: Decision): void {
  if (decision.unavailable) return;
  reply.header("ratelimit-limit", decision.limit);
  reply.header("ratelimit-remaining", decision.remaining);
  reply.header("ratelimit-reset", seconds(decision.resetMs));
}

/** Sets the headers; throws the 429 (or 503) for a refused request. */
/** Route config: `rateBucket` names a token bucket of its own per user (same size as the API's). */
export interface RateConfig {
  rateBucket?: string;
}

export function enforce(reply: FastifyReply, decision: Decision): void {
  rateLimitHeaders(reply, decision);
  if (decision.allowed) return;
  reply.header("retry-after", Math.max(1, seconds(decision.retryAfterMs)));
  if (decision.unavailable) {
    throw new HttpError(503, "rate_limiter_unavailable", "rate limiter unavailable, try again shortly");
  }
  const what =
    decision.scope === "global" ? "the service is overloaded" : `${decision.scope} rate limit exceeded`;
  throw new HttpError(
    429,
    "rate_limited",
    `${what}; retry after ${Math.max(1, seconds(decision.retryAfterMs))} s`,
  );
}
