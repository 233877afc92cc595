// Exponential backoff with "full jitter" (AWS Architecture Blog, 2015): the delay is uniform in
// [0, min(cap, base × factor^attempt)], which spreads retries of many clients better than a
// fixed or "equal" jitter. Pure: the random source is a parameter.

export interface BackoffPolicy {
  /** Ceiling of the first retry's delay, in ms. */
  baseMs: number;
  /** Largest delay ever returned, in ms. */
  capMs: number;
  /** Growth per attempt; default 2. */
  factor?: number;
}

/** Upper bound of the delay before retry number `attempt` (0 for the first retry). */
export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  const { baseMs, capMs, factor = 2 } = policy;
  const exponent = Math.max(0, Math.floor(attempt));
  // factor ** exponent overflows to Infinity for large attempts; Math.min still yields the cap.
  return Math.min(capMs, baseMs * factor ** exponent);
}

/** The delay before retry number `attempt`; `random` returns values in [0, 1). */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * backoffCeiling(attempt, policy));
}
