// POST /v1/chat/completions, end to end: record the request, authenticate, wait out the injected
// latency, fail if a rule says so, check the model, then answer — as one JSON body or as OpenAI's
// server-sent events — with injected time to first token, gaps between pieces, stalls and
// disconnects. A client that goes away aborts every wait, and its request is recorded "aborted".
import { setTimeout as sleep } from "node:timers/promises";
import type { ServerResponse } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ChatCompletionRequest } from "./chat-schema.ts";
import { textOf } from "./chat-schema.ts";
import type { EmulatorContext } from "./context.ts";
import { OpenAiError, modelNotFound, serverError } from "./errors.ts";
import { CHAT_COMPLETIONS, takeFailure, takeStreamFault } from "./faults.ts";
import type { StreamRule } from "./faults.ts";
import type { CompletionMeta } from "./openai-format.ts";
import { chunkBody, completionBody, sseData, usageChunkBody, usageOf } from "./openai-format.ts";
import type { Completion } from "./replies.ts";
import { complete, replyFor } from "./replies.ts";
import type { RecordedRequest } from "./state.ts";
import { countPromptTokens, countTokens } from "./tokens.ts";
import { authenticate, sendError } from "./openai-http.ts";

interface Call {
  ctx: EmulatorContext;
  record: RecordedRequest;
  meta: CompletionMeta;
  completion: Completion;
  fault: StreamRule | undefined;
  /** Aborted when the client goes away, or the emulator is reset or closed. */
  signal: AbortSignal;
}

function recordOf(ctx: EmulatorContext, body: ChatCompletionRequest): RecordedRequest {
  const messages = body.messages.map((message) => ({
    role: message.role,
    content: textOf(message),
    ...(message.name === undefined ? {} : { name: message.name }),
  }));
  const record: RecordedRequest = {
    id: `chatcmpl-emu-${ctx.state.nextId++}`,
    receivedAt: new Date(ctx.clock.now()).toISOString(),
    model: body.model,
    stream: body.stream === true,
    messages,
    status: 0,
    outcome: "in_progress",
    chunksSent: 0,
    promptTokens: 0,
    completionTokens: 0,
    maxTokens: maxTokensOf(body),
  };
  ctx.state.requests.push(record);
  return record;
}

function maxTokensOf(body: ChatCompletionRequest): RecordedRequest["maxTokens"] {
  const { max_completion_tokens: completion, max_tokens: legacy } = body;
  if (typeof completion === "number") return { field: "max_completion_tokens", value: completion };
  if (typeof legacy === "number") return { field: "max_tokens", value: legacy };
  return null;
}

/** Aborts when the response closes before it was finished (the client went away). */
function clientGone(ctx: EmulatorContext, reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.on("close", () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return AbortSignal.any([controller.signal, ctx.lifetime.signal]);
}

/** An injected disconnect: the connection is destroyed with nothing more sent. */
class Disconnected extends Error {}

/** A stream already ended (by an injected error event): nothing more to do. */
class StreamEnded extends Error {}

/** Writes and resolves once flushed, so a disconnect that follows cuts after what was sent. */
const send = (out: NodeJS.WritableStream, text: string): Promise<void> =>
  new Promise((resolve, reject) => {
    out.write(text, (err) => {
      if (err) reject(err);
      else resolve();
    });
  });

const wait = (ms: number, signal: AbortSignal): Promise<void> =>
  ms > 0 ? sleep(ms, undefined, { signal }) : Promise.resolve();

/** Resolves only once `signal` aborts: a server that hangs, sending nothing more. */
const stall = (signal: AbortSignal): Promise<void> =>
  new Promise((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    signal.addEventListener("abort", () => {
      reject(signal.reason as Error);
    });
  });

export async function chatCompletion(
  ctx: EmulatorContext,
  request: FastifyRequest<{ Body: ChatCompletionRequest }>,
  reply: FastifyReply,
): Promise<void> {
  const { body } = request;
  const record = recordOf(ctx, body);
  const signal = clientGone(ctx, reply);
  try {
    authenticate(ctx.state, request);
    await wait(ctx.state.faults.timings.latencyMs, signal);
    const failure = takeFailure(ctx.state.faults, CHAT_COMPLETIONS);
    if (failure) throw failure;
    if (!ctx.state.seed.models.includes(body.model)) throw modelNotFound(body.model);
    const call = prepare(ctx, record, body, signal);
    await (record.stream ? streamAnswer(call, reply) : jsonAnswer(call, reply));
  } catch (err) {
    if (err instanceof StreamEnded) return;
    if (err instanceof OpenAiError) {
      record.status = err.status;
      record.outcome = "failed";
      sendError(reply, err);
    } else if (err instanceof Disconnected || signal.aborted) {
      if (record.outcome === "in_progress") record.outcome = "aborted";
      reply.raw.destroy();
    } else throw err;
  }
}

function prepare(
  ctx: EmulatorContext,
  record: RecordedRequest,
  body: ChatCompletionRequest,
  signal: AbortSignal,
): Call {
  const lastUser = body.messages.findLast((message) => message.role === "user");
  const content = replyFor(ctx.state.script, {
    model: body.model,
    lastUserMessage: lastUser ? textOf(lastUser) : "",
  });
  const completion = complete(content, body.max_completion_tokens ?? body.max_tokens ?? undefined);
  record.promptTokens = countPromptTokens(record.messages);
  const meta: CompletionMeta = {
    id: record.id,
    created: Math.floor(ctx.clock.now() / 1000),
    model: body.model,
    includeUsage: body.stream_options?.include_usage === true,
  };
  return { ctx, record, meta, completion, fault: takeStreamFault(ctx.state.faults), signal };
}

/**
 * Applies the stream fault due after `sent` pieces, if any: it never returns. An "error" ends a
 * stream with OpenAI's in-band error event (a non-streamed call gets a 500 instead).
 */
async function applyFault(call: Call, sent: number, out?: ServerResponse): Promise<void> {
  const { fault, record } = call;
  if (fault?.afterChunks !== sent) return;
  if (fault.kind === "disconnect") {
    record.outcome = "disconnected";
    throw new Disconnected();
  }
  if (fault.kind === "error") {
    const error = serverError(500);
    if (!out) throw error;
    record.outcome = "failed";
    await send(out, sseData(error.toBody()));
    out.end();
    throw new StreamEnded();
  }
  await stall(call.signal);
}

async function jsonAnswer(call: Call, reply: FastifyReply): Promise<void> {
  const { ctx, record, completion, meta } = call;
  await wait(ctx.state.faults.timings.firstTokenMs, call.signal);
  // A non-streamed answer is one piece: its fault, if any, strikes before it, whatever afterChunks.
  await applyFault(call, call.fault?.afterChunks ?? 0);
  record.status = 200;
  record.chunksSent = 1;
  record.completionTokens = completion.completionTokens;
  record.outcome = "completed";
  await reply.header("x-request-id", record.id).send(
    completionBody(meta, {
      content: completion.pieces.join(""),
      finishReason: completion.finishReason,
      usage: usageOf(record.promptTokens, completion.completionTokens),
    }),
  );
}

async function streamAnswer(call: Call, reply: FastifyReply): Promise<void> {
  const { ctx, record, completion, meta } = call;
  const { firstTokenMs, interChunkMs } = ctx.state.faults.timings;
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "x-request-id": record.id,
  });
  record.status = 200;
  await send(out, sseData(chunkBody(meta, { role: "assistant", content: "", refusal: null }, null)));
  await wait(firstTokenMs, call.signal);
  for (const [index, piece] of completion.pieces.entries()) {
    await applyFault(call, index, out);
    if (index > 0) await wait(interChunkMs, call.signal);
    await send(out, sseData(chunkBody(meta, { content: piece }, null)));
    record.chunksSent += 1;
    record.completionTokens += countTokens(piece);
  }
  await applyFault(call, completion.pieces.length, out);
  out.write(sseData(chunkBody(meta, {}, completion.finishReason)));
  if (meta.includeUsage)
    out.write(sseData(usageChunkBody(meta, usageOf(record.promptTokens, completion.completionTokens))));
  out.write(sseData("[DONE]"));
  record.outcome = "completed";
  record.completionTokens = completion.completionTokens;
  out.end();
}
