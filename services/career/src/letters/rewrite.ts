// The seam for an optional LLM rewrite (through packages/llm once career uses it): a rewriter gets
// the template's letter and the facts it may use, and its text passes the same verification as a
// template's. No rewriter is wired yet: the service offers no rewrite until one is.
import type { Language } from "../match/text.ts";
import type { Letter, LetterRequest } from "./compose.ts";
import type { Claim, Facts } from "./facts.ts";
import type { Tone } from "./phrases.ts";
import { verifyText } from "./verify.ts";
import type { Problem } from "./verify.ts";

export interface RewriteInput {
  letter: Letter;
  language: Language;
  tone: Tone;
  /** The only facts the rewrite may state. */
  claims: Claim[];
}

export interface LetterRewriter {
  rewrite(input: RewriteInput, signal: AbortSignal): Promise<string>;
}

export type RewriteOutcome = { ok: true; text: string } | { ok: false; problems: Problem[] };

/** Runs a rewriter and keeps its text only if it states nothing the CV lacks. */
export async function checkedRewrite(
  rewriter: LetterRewriter,
  input: RewriteInput & { facts: Facts; request: LetterRequest },
  signal: AbortSignal,
): Promise<RewriteOutcome> {
  const text = await rewriter.rewrite(input, signal);
  const problems = verifyText(text, input.facts, input.request);
  return problems.length === 0 ? { ok: true, text } : { ok: false, problems };
}
