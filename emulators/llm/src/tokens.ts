// A deterministic stand-in for a BPE tokeniser, so `usage` is stable across runs and machines
// without shipping a vocabulary. Not tiktoken's counts, but the same order of magnitude for
// French and English prose (about 4 characters a token):
//   - a run of letters or digits costs ceil(length / 4) tokens (a long word splits into pieces);
//   - every other non-space character (punctuation, emoji, symbol) costs 1;
//   - whitespace is free (BPE merges it into the next piece);
//   - a chat message adds 3 tokens of framing (role, separators), plus 1 when it has a name, and
//     the prompt adds 3 for priming the reply — OpenAI's documented accounting for chat models.

const PIECE = /[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu;
const CHARS_PER_TOKEN = 4;
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_NAME = 1;
export const REPLY_PRIMING_TOKENS = 3;

function codePoints(text: string): number {
  let count = 0;
  for (const _point of text) count += 1;
  return count;
}

export function countTokens(text: string): number {
  let total = 0;
  for (const [piece] of text.normalize("NFC").matchAll(PIECE)) {
    total += /^[\p{L}\p{M}\p{N}]/u.test(piece) ? Math.ceil(codePoints(piece) / CHARS_PER_TOKEN) : 1;
  }
  return total;
}

export interface CountedMessage {
  content: string;
  name?: string | undefined;
}

export function countPromptTokens(messages: readonly CountedMessage[]): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const message of messages) {
    total += TOKENS_PER_MESSAGE + countTokens(message.content);
    if (message.name !== undefined) total += TOKENS_PER_NAME;
  }
  return total;
}
