// Idempotency-Key on POST, as Stripe's v1 API: the first request's result is saved once the
// endpoint has executed and replayed for every retry with the same key and parameters. The same
// key on another endpoint or with other parameters is an idempotency_error; a key whose first
// request is still executing answers 409 idempotency_key_in_use. Requests refused before
// execution (validation, authentication, injected faults) save nothing and may be retried.
import { idempotencyKeyInUse, idempotencyMismatch, parameterInvalid } from "./errors.ts";
import type { ParamTree } from "./params.ts";
import type { IdempotentResult, StripeState } from "./state.ts";

/** Stripe prunes keys after at least 24 hours. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_KEY_LENGTH = 255;

export type IdempotencyClaim =
  | { kind: "replay"; response: NonNullable<IdempotentResult["response"]> }
  | { kind: "claimed"; entry: IdempotentResult };

export interface IdempotentRequest {
  key: string;
  method: string;
  path: string;
  params: ParamTree;
  now: number;
}

export function claimKey(state: StripeState, request: IdempotentRequest): IdempotencyClaim {
  const { key, method, path, params, now } = request;
  if (key.length > MAX_KEY_LENGTH) {
    throw parameterInvalid(
      "Idempotency-Key",
      `Idempotency keys can be at most ${MAX_KEY_LENGTH} characters long (it currently is ${key.length}).`,
    );
  }
  prune(state, now);
  const fingerprint = canonicalJson(params);
  const existing = state.idempotency.get(key);
  if (!existing) {
    const entry: IdempotentResult = { method, path, fingerprint, response: null, at: now };
    state.idempotency.set(key, entry);
    return { kind: "claimed", entry };
  }
  if (existing.method !== method || existing.path !== path) {
    throw idempotencyMismatch(
      key,
      `for the same endpoint they were first used for ('${existing.method} ${existing.path}' vs '${method} ${path}')`,
    );
  }
  if (existing.fingerprint !== fingerprint) {
    throw idempotencyMismatch(key, "with the same parameters they were first used with");
  }
  if (!existing.response) throw idempotencyKeyInUse();
  return { kind: "replay", response: existing.response };
}

/** Forgets a claim whose request was refused before it executed: a retry may run it. */
export function releaseKey(state: StripeState, key: string, entry: IdempotentResult): void {
  if (state.idempotency.get(key) === entry) state.idempotency.delete(key);
}

function prune(state: StripeState, now: number): void {
  for (const [key, entry] of state.idempotency) {
    // Insertion order is age order: stop at the first key still young enough.
    if (now - entry.at < IDEMPOTENCY_TTL_MS) break;
    state.idempotency.delete(key);
  }
}

/** JSON with object keys sorted, so parameter order does not make two requests differ. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
