// A typed client of the control API, for tests and scripts of other components:
//   const llm = createControlClient("http://127.0.0.1:26496");
//   await llm.addFaults({ firstTokenMs: 2000 });
//   const { requests } = await llm.state();
import { ControlApiError } from "@phoenix/kernel/emulator";
import type { WaitOptions } from "@phoenix/kernel/emulator";
import type { FaultsRequest, FaultsView, RepliesRequest, StateView } from "./control-schema.ts";
import type { ReplyScript } from "./replies.ts";

export type { FaultsRequest, FaultsView, RepliesRequest, StateView } from "./control-schema.ts";
export type { RecordedRequest, RequestOutcome, Totals } from "./state.ts";
export { ControlApiError } from "@phoenix/kernel/emulator";
export type { WaitOptions } from "@phoenix/kernel/emulator";

export interface LlmControlClient {
  readonly baseUrl: string;
  /** Requests received (messages, outcome, tokens), totals, faults and the reply script. */
  state(): Promise<StateView>;
  /** Forgets requests, faults and replies; ends stalled streams. */
  reset(): Promise<void>;
  /** Sets timings and appends failure and stream rules. */
  addFaults(faults: FaultsRequest): Promise<FaultsView>;
  clearFaults(): Promise<void>;
  setReplies(replies: RepliesRequest): Promise<ReplyScript>;
  /** Polls the state until `accept` holds; throws with the last state after the timeout. */
  waitForState(accept: (state: StateView) => boolean, options?: WaitOptions): Promise<StateView>;
}

export function createControlClient(baseUrl: string, fetchImpl: typeof fetch = fetch): LlmControlClient {
  const root = baseUrl.replace(/\/+$/, "");

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetchImpl(`${root}/_control${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new ControlApiError(response.status, text, `${method} /_control${path}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const state = (): Promise<StateView> => call("GET", "/state");
  return {
    baseUrl: root,
    state,
    reset: () => call("POST", "/reset"),
    addFaults: (faults) => call("POST", "/faults", faults),
    clearFaults: () => call("DELETE", "/faults"),
    setReplies: (replies) => call("PUT", "/replies", replies),
    async waitForState(accept, { timeoutMs = 5000, intervalMs = 10 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const current = await state();
        if (accept(current)) return current;
        if (Date.now() >= deadline) {
          throw new Error(
            `emulator state not as expected within ${timeoutMs} ms: ${JSON.stringify(current)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    },
  };
}
