// The inbound text as the handlers see it: trimmed, one line, without a leading "please"/"stp" or
// trailing punctuation. `text` keeps the user's case and accents (titles, zone names); `folded`
// is the same text lower-cased without accents, index for index, so a handler matches French
// written with or without accents on `folded` and cuts the user's words out of `text`.
import { fold } from "./language.ts";
import type { Language } from "./language.ts";
import type { EngineContext, EngineResult } from "./types.ts";

export interface Message {
  text: string;
  folded: string;
}

/** A topic's handler: its result, or null when the message is not for it. */
export type Handler = (message: Message, ctx: EngineContext) => EngineResult | null;

/** Longer than Twilio's 1,600-character body limit: not a command, whatever it says. */
export const MAX_INPUT = 1600;

const POLITE_START =
  /^(?:(?:please|pls|plz|pl[sz]e|hey|hi|hello|ok|okay|can you|could you|stp|svp|s'?il (?:te|vous) pla[iy]t|bonjour|bonsoir|salut|coucou|merci de|peux[- ]tu|tu peux|pourrais[- ]tu|tu pourrais|est[- ]ce que tu peux|d'?accord|dac)\b[\s,!.:;-]*)+/;
const POLITE_END =
  /[\s,]+(?:please|pls|plz|thanks|thank you|thx|ty|stp|svp|s'?il (?:te|vous) pla[iy]t|merci(?: beaucoup| bien)?|mrc|mci)$/;
const TRAILING = /[\s.!?,;:]+$/;

export function messageOf(text: string): Message {
  return { text, folded: fold(text) };
}

/** The part of `message` from `start` to `end` (indices of either copy). */
export function slice(message: Message, start: number, end?: number): Message {
  return { text: message.text.slice(start, end), folded: message.folded.slice(start, end) };
}

/** The words a match's last capture group took, as typed; the patterns put that group at the match's end. */
export function tail(message: Message, match: RegExpExecArray): Message {
  const end = match.index + match[0].length;
  return slice(message, end - (match[match.length - 1] ?? "").length, end);
}

function strip(message: Message, pattern: RegExp): Message {
  const match = pattern.exec(message.folded);
  if (!match) return message;
  const end = match.index + match[0].length;
  return match.index === 0 ? slice(message, end) : slice(message, 0, match.index);
}

export function cleanInput(raw: string): Message {
  let message = messageOf(raw.replace(/\s+/g, " ").trim());
  message = strip(strip(message, POLITE_START), TRAILING);
  return strip(strip(message, POLITE_END), TRAILING);
}

/** The language a matched phrase was written in, or null for words both languages use ("focus 25"). */
export type Said = Language | null;

/** The reply's language: the message's own when it says, else the user's. */
export function replyLanguage(said: Said, ctx: EngineContext): Language {
  return said ?? ctx.language;
}
