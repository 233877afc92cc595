// Everything one emulator instance remembers: its seed (key, models), the scripted replies, the
// faults, and every chat completion request received — with its messages, so a test can check
// exactly what reached the "cloud", and how the call ended.
import type { Faults } from "./faults.ts";
import { createFaults } from "./faults.ts";
import type { ReplyScript } from "./replies.ts";
import { createScript } from "./replies.ts";

export const DEFAULT_API_KEY = "sk-emulator-0000000000000000";
export const DEFAULT_MODELS: readonly string[] = ["phoenix-local-small", "phoenix-cloud-large"];

export interface StateSeed {
  /** The only key accepted as `Authorization: Bearer …`; null accepts any (or none), like Ollama. */
  apiKey: string | null;
  models: readonly string[];
  /** Epoch seconds of the models' `created`. */
  createdAt: number;
}

export interface RecordedMessage {
  role: string;
  content: string;
  name?: string;
}

/**
 * - completed: the whole answer went out;
 * - failed: an error status was answered (see `status`);
 * - aborted: the client went away before the end (a cancelled stream, a timed-out call);
 * - disconnected: the emulator cut the connection (an injected disconnect);
 * - in_progress: still running (or stalled).
 */
export type RequestOutcome = "in_progress" | "completed" | "failed" | "aborted" | "disconnected";

export interface RecordedRequest {
  id: string;
  /** ISO 8601, from the emulator's clock. */
  receivedAt: string;
  model: string;
  stream: boolean;
  messages: RecordedMessage[];
  status: number;
  outcome: RequestOutcome;
  /** Content pieces sent (streams), 1 for a non-streamed answer. */
  chunksSent: number;
  promptTokens: number;
  completionTokens: number;
  /** The length limit asked for, and under which name (clients differ). */
  maxTokens: { field: "max_tokens" | "max_completion_tokens"; value: number } | null;
}

export interface LlmState {
  seed: StateSeed;
  script: ReplyScript;
  faults: Faults;
  requests: RecordedRequest[];
  /** Completion ids are chatcmpl-emu-<n>: deterministic per instance. */
  nextId: number;
}

export function createState(seed: Partial<StateSeed> = {}, nowMs = Date.now()): LlmState {
  return {
    seed: {
      apiKey: seed.apiKey === undefined ? DEFAULT_API_KEY : seed.apiKey,
      models: seed.models ?? DEFAULT_MODELS,
      createdAt: seed.createdAt ?? Math.floor(nowMs / 1000),
    },
    script: createScript(),
    faults: createFaults(),
    requests: [],
    nextId: 1,
  };
}

/** Forgets requests, replies and faults; keeps the seed. */
export function resetState(state: LlmState): void {
  state.script = createScript();
  state.faults = createFaults();
  state.requests = [];
  state.nextId = 1;
}

export interface Totals {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  byOutcome: Partial<Record<RequestOutcome, number>>;
}

export function totals(requests: readonly RecordedRequest[]): Totals {
  const result: Totals = { requests: requests.length, promptTokens: 0, completionTokens: 0, byOutcome: {} };
  for (const request of requests) {
    result.promptTokens += request.promptTokens;
    result.completionTokens += request.completionTokens;
    result.byOutcome[request.outcome] = (result.byOutcome[request.outcome] ?? 0) + 1;
  }
  return result;
}
