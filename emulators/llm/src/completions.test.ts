import OpenAI from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LlmEmulator } from "./testing.ts";
import { startLlmEmulator } from "./testing.ts";

let llm: LlmEmulator;
const model = "phoenix-local-small";
const ask = (content: string) => [{ role: "user" as const, content }];

beforeEach(async () => {
  llm = await startLlmEmulator();
});
afterEach(async () => {
  await llm.close();
});

describe("chat completions through the official client", () => {
  it("answers a non-streamed completion from the last user message, with usage", async () => {
    const completion = await llm.client().chat.completions.create({
      model,
      messages: [{ role: "system", content: "Tu es Alessio." }, ...ask("Bonjour, je cherche un stage")],
    });
    expect(completion).toMatchObject({
      object: "chat.completion",
      model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Echo (phoenix-local-small): Bonjour, je cherche un stage" },
          finish_reason: "stop",
        },
      ],
    });
    // system "Tu es Alessio." = 3 + 1+1+1+1 (Tu, es, Alessio=2 → 4); user = 3 + 2+1+1+1+1+2+2 …
    const state = await llm.control.state();
    expect(completion.usage).toEqual({
      prompt_tokens: state.requests[0]!.promptTokens,
      completion_tokens: state.requests[0]!.completionTokens,
      total_tokens: state.requests[0]!.promptTokens + state.requests[0]!.completionTokens,
    });
    expect(completion.usage!.prompt_tokens).toBe(3 + (3 + 4) + (3 + 10));
    expect(state.requests[0]).toMatchObject({
      model,
      stream: false,
      outcome: "completed",
      status: 200,
      messages: [
        { role: "system", content: "Tu es Alessio." },
        { role: "user", content: "Bonjour, je cherche un stage" },
      ],
    });
  });

  it("streams the answer in order as chat.completion.chunk events, then the usage chunk and [DONE]", async () => {
    await llm.control.setReplies({ rules: [{ pattern: "routine", reply: "Une tâche à la fois, Léa." }] });
    const stream = await llm.client().chat.completions.create({
      model,
      messages: ask("Ma routine du matin ?"),
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: "assistant", content: "", refusal: null });
    const pieces = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta.content ?? ""));
    expect(pieces.filter(Boolean)).toEqual(["Une", " tâche", " à", " la", " fois,", " Léa."]);
    const finish = chunks.at(-2)!;
    expect(finish.choices[0]).toMatchObject({ delta: {}, finish_reason: "stop" });
    const usage = chunks.at(-1)!;
    expect(usage.choices).toEqual([]);
    expect(usage.usage).toMatchObject({ completion_tokens: 1 + 2 + 1 + 1 + 2 + 2 });
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it("writes OpenAI's exact server-sent events on the wire", async () => {
    await llm.control.setReplies({ default: "Oui merci" });
    const response = await fetch(`${llm.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${llm.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model, messages: ask("ça va ?"), stream: true }),
    });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = (await response.text()).split("\n\n").filter(Boolean);
    expect(events.at(-1)).toBe("data: [DONE]");
    expect(events).toHaveLength(1 + 2 + 1 + 1);
    for (const event of events.slice(0, -1)) {
      const chunk = JSON.parse(event.replace(/^data: /, "")) as Record<string, unknown>;
      expect(Object.keys(chunk)).toEqual([
        "id",
        "object",
        "created",
        "model",
        "system_fingerprint",
        "choices",
      ]);
    }
  });

  it("cuts the answer at max_tokens with finish_reason length", async () => {
    await llm.control.setReplies({ default: "un deux trois quatre cinq" });
    const completion = await llm
      .client()
      .chat.completions.create({ model, messages: ask("compte"), max_completion_tokens: 2 });
    expect(completion.choices[0]).toMatchObject({ message: { content: "un deux" }, finish_reason: "length" });
    expect(completion.usage?.completion_tokens).toBe(2);
  });

  it("lists its models", async () => {
    const models = await llm.client().models.list();
    expect(models.data.map((entry) => entry.id)).toEqual(llm.models);
    await expect(llm.client().models.retrieve("gpt-nope")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe("errors as OpenAI answers them", () => {
  it("401 with invalid_api_key for a wrong key, masked in the message", async () => {
    const error = await llm
      .client({ apiKey: "sk-wrong-key-123456" })
      .chat.completions.create({ model, messages: ask("x") })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: "invalid_api_key", type: "invalid_request_error" });
    expect((error as Error).message).not.toContain("sk-wrong-key-123456");
    expect((error as Error).message).toContain("3456");
  });

  it("404 model_not_found for a model it does not serve", async () => {
    const error = await llm
      .client()
      .chat.completions.create({ model: "gpt-9", messages: ask("x") })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ status: 404, code: "model_not_found", param: null });
  });

  it("400 invalid_request_error for a body OpenAI would refuse", async () => {
    const response = await fetch(`${llm.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${llm.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model, messages: [] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { type: "invalid_request_error", param: null, code: null },
    });
  });

  it("accepts any key, or none, when started like a local model server", async () => {
    const local = await startLlmEmulator({ seed: { apiKey: null } });
    try {
      const response = await fetch(`${local.baseURL}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model, messages: ask("sans clé") }),
      });
      expect(response.status).toBe(200);
    } finally {
      await local.close();
    }
  });
});
