// Injected trouble, evaluated on every REST call once it is authenticated and its Idempotency-Key
// claimed (a retry during the latency finds the key in use): per-operation latency, and "fail the
// Nth call" rules answering 429 (rate_limit_error) or 5xx (api_error) bursts. Injected failures
// happen before the endpoint executes, so nothing is saved under the Idempotency-Key: a client
// retrying with the same key gets the real answer, as after a failure at Stripe's edge.
import type { StripeError } from "./errors.ts";
import { injectedFailure } from "./errors.ts";

/** Matches every operation. */
export const ANY_OPERATION = "*";

export interface FailureRule {
  /** A Stripe operationId (PostCheckoutSessions…) or "*". */
  operation: string;
  /** Matching calls still to let through before this rule fires. */
  skip: number;
  /** Matching calls this rule still fails. */
  remaining: number;
  status: number;
  message: string | null;
}

export interface Faults {
  /** Per operation or "*": how long a call waits before it executes. */
  latencyMs: Map<string, number>;
  rules: FailureRule[];
}

export function createFaults(): Faults {
  return { latencyMs: new Map(), rules: [] };
}

export function latencyFor(faults: Faults, operation: string): number {
  return faults.latencyMs.get(operation) ?? faults.latencyMs.get(ANY_OPERATION) ?? 0;
}

export interface FailureSpec {
  /** Default "*". */
  operation?: string;
  status: number;
  /** Fail starting with the Nth matching call from now (1 = the next one); default 1. */
  nth?: number;
  /** How many matching calls fail; default 1. */
  count?: number;
  message?: string;
}

export function addFailure(faults: Faults, spec: FailureSpec): void {
  faults.rules.push({
    operation: spec.operation ?? ANY_OPERATION,
    skip: Math.max(0, (spec.nth ?? 1) - 1),
    remaining: spec.count ?? 1,
    status: spec.status,
    message: spec.message ?? null,
  });
}

/** Counts this call against every matching rule; the error of the first rule that fires, if any. */
export function takeFailure(faults: Faults, operation: string): StripeError | undefined {
  let fired: FailureRule | undefined;
  for (const rule of faults.rules) {
    if (rule.operation !== operation && rule.operation !== ANY_OPERATION) continue;
    if (rule.skip > 0) rule.skip -= 1;
    else if (!fired) {
      fired = rule;
      rule.remaining -= 1;
    }
  }
  if (!fired) return undefined;
  faults.rules = faults.rules.filter((rule) => rule.remaining > 0);
  return injectedFailure(fired.status, fired.message ?? undefined);
}

/** Sets the latencies named (0 removes one), keeping the others. */
export function setLatency(faults: Faults, changes: Record<string, number>): void {
  for (const [operation, ms] of Object.entries(changes)) {
    if (ms === 0) faults.latencyMs.delete(operation);
    else faults.latencyMs.set(operation, ms);
  }
}

export function describeFaults(faults: Faults): { latencyMs: Record<string, number>; rules: FailureRule[] } {
  return {
    latencyMs: Object.fromEntries(faults.latencyMs),
    rules: faults.rules.map((rule) => ({ ...rule })),
  };
}
