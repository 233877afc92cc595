// Deterministic answers: the first scripted rule whose pattern matches the last user message
// answers; otherwise the default template does. Templates may use {{last}} (the last user
// message) and {{model}}. An answer is streamed as word pieces ("Bonjour", " à", " toi") whose
// concatenation is the answer exactly; max_tokens cuts it at a piece boundary (finish "length").
import { countTokens } from "./tokens.ts";

export interface ReplyRule {
  /** A regular expression source, matched case-insensitively against the last user message. */
  pattern: string;
  reply: string;
}

export interface ReplyScript {
  rules: ReplyRule[];
  /** Used when no rule matches. */
  default: string;
}

export const DEFAULT_REPLY = "Echo ({{model}}): {{last}}";

export function createScript(): ReplyScript {
  return { rules: [], default: DEFAULT_REPLY };
}

export interface Conversation {
  model: string;
  /** The text of the last message whose role is "user"; "" when there is none. */
  lastUserMessage: string;
}

function fill(template: string, conversation: Conversation): string {
  return template
    .replaceAll("{{last}}", conversation.lastUserMessage)
    .replaceAll("{{model}}", conversation.model);
}

export function replyFor(script: ReplyScript, conversation: Conversation): string {
  const rule = script.rules.find((candidate) =>
    new RegExp(candidate.pattern, "iu").test(conversation.lastUserMessage),
  );
  return fill(rule?.reply ?? script.default, conversation);
}

/** Word pieces, each with its leading whitespace; joined they give `text` back. */
export function splitPieces(text: string): string[] {
  const pieces = text.match(/\s*\S+/gu) ?? [];
  const trailing = text.slice(pieces.join("").length);
  if (trailing !== "") {
    if (pieces.length === 0) return [trailing];
    pieces[pieces.length - 1] = `${pieces.at(-1) ?? ""}${trailing}`;
  }
  return pieces;
}

export interface Completion {
  pieces: string[];
  finishReason: "stop" | "length";
  completionTokens: number;
}

/** The pieces that fit in `maxTokens` (all when undefined). */
export function complete(text: string, maxTokens: number | undefined): Completion {
  const pieces: string[] = [];
  let tokens = 0;
  for (const piece of splitPieces(text)) {
    const cost = countTokens(piece);
    if (maxTokens !== undefined && tokens + cost > maxTokens) {
      return { pieces, finishReason: "length", completionTokens: tokens };
    }
    pieces.push(piece);
    tokens += cost;
  }
  return { pieces, finishReason: "stop", completionTokens: tokens };
}

/** Throws a SyntaxError for a pattern that is not a valid regular expression. */
export function checkRule(rule: ReplyRule): void {
  new RegExp(rule.pattern, "iu");
}
