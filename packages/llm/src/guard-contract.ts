// What the router asks of an input guard (guardian/ is the real one): a verdict on the
// conversation before anything leaves, and per provider what it may receive and how to map its
// answer back, piece by piece as it streams.
import type { ChatMessage } from "./attempt.ts";
import type { ProviderKind } from "./providers.ts";

/** Maps streamed text back; may hold back a tail it cannot decide yet (flush releases it). */
export interface Restorer {
  push(text: string): string;
  flush(): string;
}

export interface Outbound {
  messages: ChatMessage[];
  restorer: Restorer;
}

export interface GuardReport {
  /** Names of the injection rules that fired on the user's messages; empty when none. */
  injectionRules: string[];
  /** Personal data items replaced by placeholders before a cloud provider (0 for local ones). */
  redactions: number;
}

export interface Inspection {
  /** The router refuses the call (with the "blocked" notice) when true. */
  block: boolean;
  report: GuardReport;
}

export interface RouterGuard {
  inspect(messages: readonly ChatMessage[]): Inspection;
  outbound(messages: readonly ChatMessage[], kind: ProviderKind): Outbound;
}

const identity: Restorer = { push: (text) => text, flush: () => "" };

/** No guard: everything passes as it is. */
export const passThroughGuard: RouterGuard = {
  inspect: () => ({ block: false, report: { injectionRules: [], redactions: 0 } }),
  outbound: (messages) => ({ messages: [...messages], restorer: identity }),
};
