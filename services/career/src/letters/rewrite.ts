// The optional LLM rewrite of a letter, through the gateway (packages/llm: providers in order,
// budgets, the Security Guardian's redaction before a cloud provider). The model gets the current
// text and the facts it may use; its text is kept only if it passes the same verification as a
// template's (no skill or degree the CV lacks) and states no name and no number that neither the
// CV, the offer's role and company nor the current text contain. Without providers there is no
// rewriter and the service says the rewrite is unavailable.
import type { BudgetUser, ChatMessage, NoticeCode, Router } from "@phoenix/llm";
import type { Language } from "../match/text.ts";
import type { Letter, LetterRequest } from "./compose.ts";
import type { Claim, Facts } from "./facts.ts";
import type { Tone } from "./phrases.ts";
import { verifyText } from "./verify.ts";
import type { Problem } from "./verify.ts";

type Scope = Pick<LetterRequest, "role" | "company" | "language">;

export interface RewriteInput {
  letter: Pick<Letter, "text">;
  language: Language;
  tone: Tone;
  /** The only facts the rewrite may state. */
  claims: Claim[];
  /** Whose daily token budget pays for it. */
  user: BudgetUser;
}

export interface LetterRewriter {
  rewrite(input: RewriteInput, signal: AbortSignal): Promise<string>;
}

export type RewriteOutcome = { ok: true; text: string } | { ok: false; problems: Problem[] };

/**
 * Runs a rewriter and keeps its text only if it states nothing the CV lacks: no skill or degree
 * (verify.ts), no name or number absent from `allowed` (the CV's text, the role and company, the
 * current letter).
 */
export async function checkedRewrite(
  rewriter: LetterRewriter,
  input: RewriteInput & { facts: Facts; request: Scope; allowed: string },
  signal: AbortSignal,
): Promise<RewriteOutcome> {
  const text = await rewriter.rewrite(input, signal);
  const problems = [
    ...verifyText(text, input.facts, input.request),
    ...inventedNamesAndNumbers(text, input.allowed),
  ];
  return problems.length === 0 ? { ok: true, text } : { ok: false, problems };
}

export const REWRITE_TASK = "letter-rewrite";

const TONE_WORDS: Readonly<Record<Language, Readonly<Record<Tone, string>>>> = {
  fr: { formal: "soutenu et sobre", warm: "chaleureux et direct", bold: "affirmé et énergique" },
  en: { formal: "formal and restrained", warm: "warm and direct", bold: "confident and energetic" },
};

export function rewriteMessages(input: RewriteInput): ChatMessage[] {
  const facts = input.claims.map((claim) => `- ${claim.kind}: ${claim.value}`).join("\n");
  const system =
    input.language === "fr"
      ? `Tu réécris une lettre de motivation en français, ton ${TONE_WORDS.fr[input.tone]}, de longueur voisine. Garde exactement les mêmes faits : n'ajoute aucune compétence, aucun employeur, aucun diplôme, aucun nom, aucun chiffre ni aucune date qui ne soit dans la lettre ou dans la liste des faits. Réponds seulement par le texte de la lettre, sans commentaire.`
      : `You rewrite a cover letter in English, in a ${TONE_WORDS.en[input.tone]} tone, about as long. Keep exactly the same facts: add no skill, employer, degree, name, number or date that is not in the letter or in the list of facts. Answer with the letter's text only, no comment.`;
  const heading = input.language === "fr" ? "Faits autorisés" : "Allowed facts";
  const letter = input.language === "fr" ? "Lettre" : "Letter";
  return [
    { role: "system", content: system },
    { role: "user", content: `${heading}:\n${facts || "-"}\n\n${letter}:\n${input.letter.text}` },
  ];
}

export class RewriteUnavailable extends Error {
  readonly code: NoticeCode | "empty";
  constructor(code: NoticeCode | "empty") {
    super(`the rewrite did not complete: ${code}`);
    this.code = code;
  }
}

/** A rewriter over the gateway's router; fails with RewriteUnavailable when no full answer came. */
export function routerRewriter(router: Router): LetterRewriter {
  return {
    async rewrite(input, signal) {
      const { text, notice, summary } = await router.complete({
        task: REWRITE_TASK,
        user: input.user,
        language: input.language,
        messages: rewriteMessages(input),
        signal,
      });
      if (summary.outcome !== "completed" || notice !== null)
        throw new RewriteUnavailable(notice ?? "unavailable");
      const letter = text.trim();
      if (letter.length === 0) throw new RewriteUnavailable("empty");
      return letter;
    },
  };
}

/** Capitalised words not opening a sentence, and numbers: what a rewrite must not invent. */
export function namesAndNumbers(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/\d+(?:[.,]\d+)?/g)) found.add(match[0]);
  for (const match of text.matchAll(/(?<![.!?:;\n]\s*|^\s*)(?<=\s|[«("'’])\p{Lu}[\p{L}\-’']+/gu))
    found.add(match[0]);
  return [...found];
}

/** Names and numbers of `text` that `allowed` (the CV, the role and company, the current letter) lacks. */
export function inventedNamesAndNumbers(text: string, allowed: string): Problem[] {
  const haystack = allowed.toLowerCase();
  return namesAndNumbers(text)
    .filter((token) => !haystack.includes(token.toLowerCase()))
    .map((value) => ({ kind: /^\d/.test(value) ? ("number" as const) : ("name" as const), value }));
}
