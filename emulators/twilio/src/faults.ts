// Injected failures, evaluated on every REST call after authentication: per-operation latency,
// fail-this-many-calls rules (429 bursts, 5xx bursts, "the Nth call fails"), an account-wide
// rate limit shaped like Twilio's (too many concurrent requests, or a request-rate bucket), and a
// per-operation response delay that holds the answer back after the effect has happened.
import { callRule, perOperation, takeRule } from "@phoenix/kernel/emulator";
import type { CallRule, CallRuleSpec } from "@phoenix/kernel/emulator";
import { TwilioError, codeForStatus, messageForStatus } from "./errors.ts";

export { ANY_OPERATION } from "@phoenix/kernel/emulator";

/** `operation` is a Twilio operationId (e.g. CreateIncomingPhoneNumber) or "*". */
export interface FaultRule extends CallRule {
  status: number;
  code: number;
  message: string;
  /** Sent as Retry-After when set (Twilio's 2010 API does not promise the header). */
  retryAfterSeconds?: number;
}

export interface RateLimit {
  /** More requests than this in flight at once get 429/20429, like Twilio's concurrency limit. */
  maxConcurrent?: number;
  /** Sustained request rate admitted by a token bucket. */
  requestsPerSecond?: number;
  /** Bucket size; default requestsPerSecond. */
  burst?: number;
}

export interface Faults {
  latencyMs: Map<string, number>;
  /**
   * Per operation (or "*"): how long the answer is held back after the handler ran, i.e. after a
   * purchase or release has taken effect — a client that dies or times out meanwhile never learns
   * of it, as when a process crashes between Twilio's commit and its own bookkeeping.
   */
  responseDelayMs: Map<string, number>;
  rules: FaultRule[];
  rateLimit: RateLimit | null;
  bucket: { tokens: number; updatedAt: number };
  inFlight: number;
  /** Deliver the "sent" status callback after the final one, to exercise out-of-order handling. */
  reorderCallbacks: boolean;
}

export function createFaults(): Faults {
  return {
    latencyMs: new Map(),
    responseDelayMs: new Map(),
    rules: [],
    rateLimit: null,
    bucket: { tokens: 0, updatedAt: 0 },
    inFlight: 0,
    reorderCallbacks: false,
  };
}

export function latencyFor(faults: Faults, operation: string): number {
  return perOperation(faults.latencyMs, operation);
}

export function responseDelayFor(faults: Faults, operation: string): number {
  return perOperation(faults.responseDelayMs, operation);
}

export interface FailureSpec extends CallRuleSpec {
  status: number;
  /** Default: 20429 for 429, 20503 for 503, 20500 for other 5xx. */
  code?: number;
  message?: string;
  retryAfterSeconds?: number;
}

export function addFailure(faults: Faults, spec: FailureSpec): void {
  const rule: FaultRule = {
    ...callRule(spec),
    status: spec.status,
    code: spec.code ?? codeForStatus(spec.status),
    message: spec.message ?? messageForStatus(spec.status),
  };
  if (spec.retryAfterSeconds !== undefined) rule.retryAfterSeconds = spec.retryAfterSeconds;
  faults.rules.push(rule);
}

/**
 * Counts this call against every matching rule and returns the error of the first rule that
 * fires, if any. A rule still skipping lets the call through.
 */
export function takeFailure(faults: Faults, operation: string): TwilioError | undefined {
  const fired = takeRule(faults.rules, operation);
  if (!fired) return undefined;
  const headers: Record<string, string> =
    fired.retryAfterSeconds === undefined ? {} : { "retry-after": String(fired.retryAfterSeconds) };
  return new TwilioError(fired.status, fired.code, fired.message, headers);
}

export function setRateLimit(faults: Faults, limit: RateLimit | null, now: number): void {
  faults.rateLimit = limit;
  faults.bucket = { tokens: limit?.burst ?? limit?.requestsPerSecond ?? 0, updatedAt: now };
}

const tooManyRequests = (): TwilioError =>
  new TwilioError(
    429,
    20429,
    "Too Many Requests: your account is sending too many concurrent requests. Wait and retry.",
  );

/** Admits one request (and counts it in flight) or returns the 429 to answer with. */
export function admit(faults: Faults, now: number): TwilioError | undefined {
  const limit = faults.rateLimit;
  if (limit?.maxConcurrent !== undefined && faults.inFlight >= limit.maxConcurrent) return tooManyRequests();
  if (limit?.requestsPerSecond !== undefined) {
    const capacity = limit.burst ?? limit.requestsPerSecond;
    const elapsed = Math.max(0, now - faults.bucket.updatedAt) / 1000;
    const tokens = Math.min(capacity, faults.bucket.tokens + elapsed * limit.requestsPerSecond);
    faults.bucket = { tokens, updatedAt: now };
    if (tokens < 1) return tooManyRequests();
    faults.bucket.tokens = tokens - 1;
  }
  faults.inFlight += 1;
  return undefined;
}

export function done(faults: Faults): void {
  faults.inFlight = Math.max(0, faults.inFlight - 1);
}

/** The fault configuration as the control API reports it. */
export function describeFaults(faults: Faults): object {
  return {
    latencyMs: Object.fromEntries(faults.latencyMs),
    responseDelayMs: Object.fromEntries(faults.responseDelayMs),
    rules: faults.rules.map((rule) => ({ ...rule })),
    rateLimit: faults.rateLimit,
    inFlight: faults.inFlight,
    reorderCallbacks: faults.reorderCallbacks,
  };
}
