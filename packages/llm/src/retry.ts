// When a failed attempt may be tried again on the same provider. Only before any token reached
// the user (the router never calls this after one), only for failures a retry can cure — 429,
// 500, 502, 503, 504 and connection errors — and at most `maxRetries` times, waiting the
// provider's retry-after when it gives one (past `maxDelayMs` the next provider is better),
// else an exponential backoff. Timeouts are not retried: a slow provider goes to the next one.

export type AttemptFailure =
  | { kind: "status"; status: number; retryAfterMs: number | null; message: string }
  | { kind: "connection"; message: string }
  | { kind: "first_token_timeout" }
  | { kind: "total_timeout" }
  | { kind: "cancelled" }
  | { kind: "truncated" };

export interface RetryPolicy {
  /** Retries per provider (attempts = 1 + maxRetries); default 1. */
  maxRetries?: number;
  /** First backoff; doubles each retry; default 200 ms. */
  baseDelayMs?: number;
  /** Longest wait worth doing; default 2000 ms. */
  maxDelayMs?: number;
}

const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

/** The wait before retry number `retry` (0-based), or null when it should not be retried. */
export function retryDelay(failure: AttemptFailure, retry: number, policy: RetryPolicy = {}): number | null {
  const { maxRetries = 1, baseDelayMs = 200, maxDelayMs = 2000 } = policy;
  if (retry >= maxRetries) return null;
  if (failure.kind === "connection") return Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
  if (failure.kind !== "status" || !RETRYABLE_STATUSES.has(failure.status)) return null;
  if (failure.retryAfterMs !== null) return failure.retryAfterMs <= maxDelayMs ? failure.retryAfterMs : null;
  return Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
}
