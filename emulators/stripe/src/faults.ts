// Injected trouble, evaluated on every REST call once it is authenticated and its Idempotency-Key
// claimed (a retry during the latency finds the key in use): per-operation latency, and "fail the
// Nth call" rules answering 429 (rate_limit_error) or 5xx (api_error) bursts. Injected failures
// happen before the endpoint executes, so nothing is saved under the Idempotency-Key: a client
// retrying with the same key gets the real answer, as after a failure at Stripe's edge.
import { callRule, perOperation, setPerOperation, takeRule } from "@phoenix/kernel/emulator";
import type { CallRule, CallRuleSpec } from "@phoenix/kernel/emulator";
import type { StripeError } from "./errors.ts";
import { injectedFailure } from "./errors.ts";

export { ANY_OPERATION } from "@phoenix/kernel/emulator";

/** `operation` is a Stripe operationId (PostCheckoutSessions…) or "*". */
export interface FailureRule extends CallRule {
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
  return perOperation(faults.latencyMs, operation);
}

export interface FailureSpec extends CallRuleSpec {
  status: number;
  message?: string;
}

export function addFailure(faults: Faults, spec: FailureSpec): void {
  faults.rules.push({
    ...callRule(spec),
    status: spec.status,
    message: spec.message ?? null,
  });
}

/** Counts this call against every matching rule; the error of the first rule that fires, if any. */
export function takeFailure(faults: Faults, operation: string): StripeError | undefined {
  const fired = takeRule(faults.rules, operation);
  return fired && injectedFailure(fired.status, fired.message ?? undefined);
}

/** Sets the latencies named (0 removes one), keeping the others. */
export function setLatency(faults: Faults, changes: Record<string, number>): void {
  setPerOperation(faults.latencyMs, changes);
}

export function describeFaults(faults: Faults): { latencyMs: Record<string, number>; rules: FailureRule[] } {
  return {
    latencyMs: Object.fromEntries(faults.latencyMs),
    rules: faults.rules.map((rule) => ({ ...rule })),
  };
}
