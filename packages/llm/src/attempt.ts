// One attempt at one provider: a streamed chat completion through the official client, with a
// deadline for the first content token. It yields the content as it arrives and returns how the
// attempt ended; it never throws for a provider's failure. Whatever ends it — the answer's end, a
// failure, the caller giving up on the generator — aborts the HTTP request, so an abandoned
// answer stops costing tokens upstream.
import OpenAI from "openai";
import type { AttemptFailure } from "./retry.ts";
import type { TokenUsage } from "./usage.ts";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface AttemptInput {
  client: OpenAI;
  model: string;
  messages: readonly ChatMessage[];
  maxTokens: number;
  /** The request field carrying maxTokens (see ProviderConfig.maxTokensField). */
  maxTokensField: "max_tokens" | "max_completion_tokens";
  firstTokenMs: number;
  /** The caller's cancellation (a client that went away). */
  cancel: AbortSignal | undefined;
  /** Aborted when the whole answer's time is up. */
  deadline: AbortSignal;
}

export type AttemptResult = { timeToFirstTokenMs: number | null; usage: TokenUsage | null } & (
  { ok: true; finishReason: string } | { ok: false; failure: AttemptFailure }
);

class FirstTokenTimeout extends Error {}

function retryAfterMs(headers: Headers | undefined): number | null {
  const ms = Number(headers?.get("retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const seconds = Number(headers?.get("retry-after") ?? Number.NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

/** Why the attempt failed: whoever aborted first, else what the client threw. */
function classify(error: unknown, input: AttemptInput, firstToken: AbortSignal): AttemptFailure {
  if (input.cancel?.aborted) return { kind: "cancelled" };
  if (input.deadline.aborted) return { kind: "total_timeout" };
  if (firstToken.aborted) return { kind: "first_token_timeout" };
  if (error instanceof OpenAI.APIError) {
    const status = error.status as number | undefined;
    const headers = error.headers as Headers | undefined;
    const { message } = error;
    if (status !== undefined) return { kind: "status", status, retryAfterMs: retryAfterMs(headers), message };
  }
  return { kind: "connection", message: error instanceof Error ? error.message : String(error) };
}

export async function* attempt(input: AttemptInput): AsyncGenerator<string, AttemptResult> {
  const started = performance.now();
  const firstToken = new AbortController();
  const timer = setTimeout(() => {
    firstToken.abort(new FirstTokenTimeout());
  }, input.firstTokenMs);
  const signal = AbortSignal.any([
    firstToken.signal,
    input.deadline,
    ...(input.cancel ? [input.cancel] : []),
  ]);
  const ended = new AbortController();
  let timeToFirstTokenMs: number | null = null;
  let usage: TokenUsage | null = null;
  let finishReason: string | null = null;
  try {
    const stream = await input.client.chat.completions.create(
      {
        model: input.model,
        messages: [...input.messages],
        stream: true,
        stream_options: { include_usage: true },
        [input.maxTokensField]: input.maxTokens,
      },
      { signal: AbortSignal.any([signal, ended.signal]) },
    );
    for await (const chunk of stream) {
      if (chunk.usage)
        usage = { prompt: chunk.usage.prompt_tokens, completion: chunk.usage.completion_tokens };
      const choice = chunk.choices[0];
      if (choice?.finish_reason) finishReason = choice.finish_reason;
      const text = choice?.delta.content;
      if (!text) continue;
      if (timeToFirstTokenMs === null) {
        timeToFirstTokenMs = performance.now() - started;
        clearTimeout(timer);
      }
      yield text;
    }
    // The official client ends an aborted stream's iteration quietly: the signal says why.
    if (signal.aborted)
      return { ok: false, failure: classify(null, input, firstToken.signal), timeToFirstTokenMs, usage };
    if (finishReason === null)
      return { ok: false, failure: { kind: "truncated" }, timeToFirstTokenMs, usage };
    return { ok: true, finishReason, timeToFirstTokenMs, usage };
  } catch (error) {
    return { ok: false, failure: classify(error, input, firstToken.signal), timeToFirstTokenMs, usage };
  } finally {
    clearTimeout(timer);
    ended.abort();
  }
}
