import { describe, expect, it } from "vitest";
import { chunkBody, completionBody, sseData, usageChunkBody, usageOf } from "./openai-format.ts";

const meta = { id: "chatcmpl-emu-1", created: 1_780_000_000, model: "m", includeUsage: false };

describe("OpenAI chat completion bodies", () => {
  it("builds a chunk exactly as OpenAI streams it", () => {
    expect(sseData(chunkBody(meta, { content: "Bon" }, null))).toBe(
      'data: {"id":"chatcmpl-emu-1","object":"chat.completion.chunk","created":1780000000,"model":"m",' +
        '"system_fingerprint":"fp_phoenix_emulator","choices":[{"index":0,"delta":{"content":"Bon"},' +
        '"logprobs":null,"finish_reason":null}]}\n\n',
    );
    expect(sseData("[DONE]")).toBe("data: [DONE]\n\n");
  });

  it("adds usage: null to every chunk when the usage chunk will follow, which has no choices", () => {
    const withUsage = { ...meta, includeUsage: true };
    expect(chunkBody(withUsage, {}, "stop")).toMatchObject({
      usage: null,
      choices: [{ delta: {}, finish_reason: "stop" }],
    });
    expect(usageChunkBody(withUsage, usageOf(10, 5))).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    });
    expect(chunkBody(meta, {}, "stop")).not.toHaveProperty("usage");
  });

  it("builds a non-streamed completion with its usage", () => {
    expect(completionBody(meta, { content: "Salut", finishReason: "length", usage: usageOf(7, 2) })).toEqual({
      id: "chatcmpl-emu-1",
      object: "chat.completion",
      created: 1_780_000_000,
      model: "m",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Salut", refusal: null },
          logprobs: null,
          finish_reason: "length",
        },
      ],
      usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 },
      system_fingerprint: "fp_phoenix_emulator",
    });
  });
});
