// The bodies OpenAI's chat completions endpoint answers with, built as plain data: the
// non-streamed `chat.completion`, and the `chat.completion.chunk`s of a stream (role first, one
// per content piece, the finish chunk, and with stream_options.include_usage a last chunk with
// no choices and the usage — every earlier chunk then carries "usage": null).

export const SYSTEM_FINGERPRINT = "fp_phoenix_emulator";

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface CompletionMeta {
  id: string;
  /** Epoch seconds. */
  created: number;
  model: string;
  includeUsage: boolean;
}

export type FinishReason = "stop" | "length";

export function usageOf(promptTokens: number, completionTokens: number): Usage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}

export function completionBody(
  meta: Omit<CompletionMeta, "includeUsage">,
  answer: { content: string; finishReason: FinishReason; usage: Usage },
): object {
  return {
    id: meta.id,
    object: "chat.completion",
    created: meta.created,
    model: meta.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: answer.content, refusal: null },
        logprobs: null,
        finish_reason: answer.finishReason,
      },
    ],
    usage: answer.usage,
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}

export type Delta =
  { role: "assistant"; content: ""; refusal: null } | { content: string } | Record<string, never>;

/** What every chunk of one stream starts with, in OpenAI's key order. */
const chunkHead = (meta: CompletionMeta) => ({
  id: meta.id,
  object: "chat.completion.chunk",
  created: meta.created,
  model: meta.model,
  system_fingerprint: SYSTEM_FINGERPRINT,
});

export function chunkBody(meta: CompletionMeta, delta: Delta, finishReason: FinishReason | null): object {
  return {
    ...chunkHead(meta),
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(meta.includeUsage ? { usage: null } : {}),
  };
}

export function usageChunkBody(meta: CompletionMeta, usage: Usage): object {
  return { ...chunkHead(meta), choices: [], usage };
}

/** One server-sent event as OpenAI writes it. */
export const sseData = (body: object | "[DONE]"): string =>
  `data: ${body === "[DONE]" ? body : JSON.stringify(body)}\n\n`;

export const modelBody = (id: string, created: number): object => ({
  id,
  object: "model",
  created,
  owned_by: "phoenix-emulator",
});
