// What a chat message or a journal entry may be. The schema bounds the length; this refuses text
// that is not text (control or binary characters, the replacement character of an undecodable
// byte) and normalises the rest with the Security Guardian's NFKC pass (zero-width and bidi
// controls stripped). Emoji only, or several scripts mixed, are ordinary input: answered normally.
import { normalizeText } from "@phoenix/llm";
import { irisError } from "../reasons.ts";

export const MAX_MESSAGE = 4000;
export const MAX_ENTRY = 2000;

// C0 controls other than tab, line feed and carriage return, DEL, C1 controls, U+FFFD.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const BINARY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]/u;

/** The text as iris keeps it, or a 400 with the reason. */
export function cleanText(raw: string, field: string): string {
  if (BINARY.test(raw))
    throw irisError(400, "binary_content", `${field} contains control or binary characters`);
  const text = normalizeText(raw).text.trim();
  if (text === "") throw irisError(400, "empty_message", `${field} is empty`);
  return text;
}

/** A title from the first words of a message: one line, at most 60 characters. */
export function titleFrom(text: string): string {
  const line = text.replace(/\s+/gu, " ").trim();
  return line.length <= 60 ? line : `${line.slice(0, 59).trimEnd()}…`;
}
