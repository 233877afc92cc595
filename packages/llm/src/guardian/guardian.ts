// The Security Guardian as the router's input guard (guard-contract.ts):
//   inspect  — every user message normalised and screened for prompt injection; the verdict
//              names the rules that fired. "flag" (the default) reports them in the summary and
//              lets the call go on; "block" answers with the fr/en "blocked" notice instead.
//   outbound — what a provider receives: the normalised conversation; for a cloud provider
//              with personal data replaced by placeholders, which its answer gets back.
import type { ChatMessage } from "../attempt.ts";
import type { Inspection, Outbound, RouterGuard } from "../guard-contract.ts";
import type { ProviderKind } from "../providers.ts";
import { detectInjection } from "./injection.ts";
import type { RuleHit } from "./injection.ts";
import { normalizeText } from "./normalize.ts";
import { createRedactionSession, findPersonalData } from "./redact.ts";

export interface GuardianOptions {
  /** Default "flag". */
  onInjection?: "flag" | "block";
}

export interface Guardian extends RouterGuard {
  /** The injection rules that fired on the user's messages, with what they matched. */
  screen(messages: readonly ChatMessage[]): RuleHit[];
}

const normalized = (messages: readonly ChatMessage[]): ChatMessage[] =>
  messages.map((message) => ({ ...message, content: normalizeText(message.content).text }));

const identity = { push: (text: string) => text, flush: () => "" };

export function createGuardian(options: GuardianOptions = {}): Guardian {
  const block = options.onInjection === "block";
  const screen = (messages: readonly ChatMessage[]): RuleHit[] =>
    messages
      .filter((message) => message.role === "user")
      .flatMap((message) => detectInjection(message.content).hits);
  return {
    screen,
    inspect(messages): Inspection {
      const hits = screen(messages);
      const redactions = normalized(messages).reduce(
        (total, message) => total + findPersonalData(message.content).length,
        0,
      );
      return {
        block: block && hits.length > 0,
        report: { injectionRules: [...new Set(hits.map((hit) => hit.rule))], redactions },
      };
    },
    outbound(messages, kind: ProviderKind): Outbound {
      const clean = normalized(messages);
      if (kind === "local") return { messages: clean, restorer: identity };
      const session = createRedactionSession();
      return {
        messages: clean.map((message) => ({ ...message, content: session.redact(message.content) })),
        restorer: session.restorer(),
      };
    },
  };
}
