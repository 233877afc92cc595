// The inbound text as the handlers see it: trimmed, one line, without a leading "please" or
// trailing punctuation. `text` keeps the user's case (titles, zone names); match on it with /i.
import type { EngineContext, EngineResult } from "./types.ts";

export interface Message {
  text: string;
}

/** A topic's handler: its result, or null when the message is not for it. */
export type Handler = (message: Message, ctx: EngineContext) => EngineResult | null;

/** Longer than Twilio's 1,600-character body limit: not a command, whatever it says. */
export const MAX_INPUT = 1600;

const POLITE_START = /^(?:(?:please|pls|plz|pl[sz]e|hey|hi|hello|ok|okay|can you|could you)\b[\s,!.:;-]*)+/i;
const POLITE_END = /[\s,]+(?:please|pls|plz|thanks|thank you|thx|ty)$/i;
const TRAILING = /[\s.!?,;:]+$/;

export function cleanInput(raw: string): Message {
  let text = raw.replace(/\s+/g, " ").trim();
  text = text.replace(POLITE_START, "").replace(TRAILING, "");
  text = text.replace(POLITE_END, "").replace(TRAILING, "");
  return { text };
}
