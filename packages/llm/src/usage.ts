// Token counts and their price. Providers report usage at the end of a stream; when an answer is
// cut before that (interrupted, cancelled), or a local server reports none, tokens are estimated
// at 4 characters a token — the same rule of thumb the budget's reservation uses up front.

export interface TokenUsage {
  prompt: number;
  completion: number;
}

export interface CostPer1k {
  /** USD per 1000 prompt tokens. */
  input: number;
  /** USD per 1000 completion tokens. */
  output: number;
}

const CHARS_PER_TOKEN = 4;
/** Per message framing (role, separators), as chat models count it. */
const TOKENS_PER_MESSAGE = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function estimatePromptTokens(messages: readonly { content: string }[]): number {
  return messages.reduce((total, message) => total + TOKENS_PER_MESSAGE + estimateTokens(message.content), 3);
}

export function costOf(usage: TokenUsage, price: CostPer1k): number {
  return (usage.prompt * price.input + usage.completion * price.output) / 1000;
}
