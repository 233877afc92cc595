// Injected trouble. Timings hold until cleared: `latencyMs` before the response starts (headers of
// a stream, or the whole answer), `firstTokenMs` between the start and the first content piece
// (a non-streamed answer waits it too), `interChunkMs` between pieces. Rules fire on chosen calls
// (kernel's "the Nth call, this many times"): failures answer an OpenAI error (429 with retry
// headers, 5xx) before any work; stream rules stall (hold the connection open, sending nothing,
// until the client goes away), disconnect (destroy the socket) or error (OpenAI's in-band
// `data: {"error": …}` event, then the end of the stream) after N content pieces.
import { callRule, takeRule } from "@phoenix/kernel/emulator";
import type { CallRule, CallRuleSpec } from "@phoenix/kernel/emulator";
import type { OpenAiError } from "./errors.ts";
import { injectedFailure } from "./errors.ts";

export const CHAT_COMPLETIONS = "CreateChatCompletion";
export const LIST_MODELS = "ListModels";

export interface Timings {
  latencyMs: number;
  firstTokenMs: number;
  interChunkMs: number;
}

export interface FailureRule extends CallRule {
  status: number;
  message: string | null;
  retryAfterSeconds: number | null;
}

export type StreamFaultKind = "stall" | "disconnect" | "error";

export interface StreamRule extends CallRule {
  kind: StreamFaultKind;
  /** Content pieces sent before the fault; 0 = before the first token. */
  afterChunks: number;
}

export interface Faults {
  timings: Timings;
  failures: FailureRule[];
  streams: StreamRule[];
}

export function createFaults(): Faults {
  return { timings: { latencyMs: 0, firstTokenMs: 0, interChunkMs: 0 }, failures: [], streams: [] };
}

export interface FailureSpec extends CallRuleSpec {
  status: number;
  message?: string;
  retryAfterSeconds?: number;
}

export interface StreamFaultSpec extends CallRuleSpec {
  kind: StreamFaultKind;
  afterChunks?: number;
}

export interface FaultsSpec {
  latencyMs?: number;
  firstTokenMs?: number;
  interChunkMs?: number;
  /** Appended to the rules already active. */
  failures?: FailureSpec[];
  streams?: StreamFaultSpec[];
}

export function addFaults(faults: Faults, spec: FaultsSpec): void {
  const { latencyMs, firstTokenMs, interChunkMs } = spec;
  if (latencyMs !== undefined) faults.timings.latencyMs = latencyMs;
  if (firstTokenMs !== undefined) faults.timings.firstTokenMs = firstTokenMs;
  if (interChunkMs !== undefined) faults.timings.interChunkMs = interChunkMs;
  for (const failure of spec.failures ?? []) {
    faults.failures.push({
      ...callRule({ ...failure, operation: failure.operation ?? CHAT_COMPLETIONS }),
      status: failure.status,
      message: failure.message ?? null,
      retryAfterSeconds: failure.retryAfterSeconds ?? null,
    });
  }
  for (const stream of spec.streams ?? []) {
    faults.streams.push({
      ...callRule({ ...stream, operation: CHAT_COMPLETIONS }),
      kind: stream.kind,
      afterChunks: stream.afterChunks ?? 0,
    });
  }
}

/** Counts this call against the failure rules; the error to answer with, if one fires. */
export function takeFailure(faults: Faults, operation: string): OpenAiError | undefined {
  const fired = takeRule(faults.failures, operation);
  if (!fired) return undefined;
  return injectedFailure(fired.status, {
    ...(fired.message === null ? {} : { message: fired.message }),
    ...(fired.retryAfterSeconds === null ? {} : { retryAfterSeconds: fired.retryAfterSeconds }),
  });
}

/** Counts this completion against the stream rules; the fault it suffers, if one fires. */
export function takeStreamFault(faults: Faults): StreamRule | undefined {
  return takeRule(faults.streams, CHAT_COMPLETIONS);
}
