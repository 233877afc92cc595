import OpenAI from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LlmEmulator } from "./testing.ts";
import { startLlmEmulator } from "./testing.ts";

let llm: LlmEmulator;
const model = "phoenix-cloud-large";
const messages = [{ role: "user" as const, content: "un deux trois quatre" }];

beforeEach(async () => {
  llm = await startLlmEmulator();
  await llm.control.setReplies({ default: "{{last}}" });
});
afterEach(async () => {
  await llm.close();
});

const stream = (client = llm.client(), signal?: AbortSignal) =>
  client.chat.completions.create({ model, messages, stream: true }, signal ? { signal } : {});

describe("injected failures", () => {
  it("answers a burst of 429 with retry headers the official client reads, then recovers", async () => {
    await llm.control.addFaults({ failures: [{ status: 429, count: 2, retryAfterSeconds: 7 }] });
    const first = await llm
      .client()
      .chat.completions.create({ model, messages })
      .catch((err: unknown) => err);
    expect(first).toBeInstanceOf(OpenAI.RateLimitError);
    const limited = first as InstanceType<typeof OpenAI.RateLimitError>;
    expect(limited).toMatchObject({ status: 429, code: "rate_limit_exceeded", type: "requests" });
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(limited.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(limited.headers.get("x-ratelimit-reset-requests")).toBe("7s");
    await expect(llm.client().chat.completions.create({ model, messages })).rejects.toMatchObject({
      status: 429,
    });
    await expect(llm.client().chat.completions.create({ model, messages })).resolves.toMatchObject({
      object: "chat.completion",
    });
    expect((await llm.control.state()).totals.byOutcome).toEqual({ failed: 2, completed: 1 });
  });

  it("fails the Nth call with a 500 or 503 server_error", async () => {
    await llm.control.addFaults({
      failures: [
        { status: 500, nth: 2 },
        { status: 503, nth: 3 },
      ],
    });
    await expect(llm.client().chat.completions.create({ model, messages })).resolves.toBeDefined();
    await expect(llm.client().chat.completions.create({ model, messages })).rejects.toBeInstanceOf(
      OpenAI.InternalServerError,
    );
    const unavailable = await stream().catch((err: unknown) => err);
    expect(unavailable).toMatchObject({ status: 503, type: "server_error" });
    expect((await llm.control.state()).requests.map((request) => request.status)).toEqual([200, 500, 503]);
  });
});

describe("injected timings", () => {
  it("delays the first token by firstTokenMs and spaces the pieces by interChunkMs", async () => {
    await llm.control.addFaults({ firstTokenMs: 120, interChunkMs: 30 });
    const started = performance.now();
    const arrivals: number[] = [];
    for await (const chunk of await stream()) {
      if (chunk.choices[0]?.delta.content) arrivals.push(performance.now() - started);
    }
    expect(arrivals).toHaveLength(4);
    expect(arrivals[0]).toBeGreaterThanOrEqual(115);
    for (let i = 1; i < arrivals.length; i += 1)
      expect(arrivals[i]! - arrivals[i - 1]!).toBeGreaterThanOrEqual(25);
  });

  it("holds a whole answer back by latencyMs until cleared", async () => {
    await llm.control.addFaults({ latencyMs: 150 });
    const started = performance.now();
    await llm.client().chat.completions.create({ model, messages });
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    await llm.control.clearFaults();
    expect((await llm.control.state()).faults.timings).toEqual({
      latencyMs: 0,
      firstTokenMs: 0,
      interChunkMs: 0,
    });
  });
});

describe("stream faults", () => {
  it("disconnects mid-stream after N pieces: the client sees an error after exactly those pieces", async () => {
    await llm.control.addFaults({ streams: [{ kind: "disconnect", afterChunks: 2 }] });
    const received: string[] = [];
    const failure = await (async () => {
      for await (const chunk of await stream()) received.push(chunk.choices[0]?.delta.content ?? "");
    })().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(Error);
    expect(received.filter(Boolean)).toEqual(["un", " deux"]);
    const [request] = (await llm.control.state()).requests;
    expect(request).toMatchObject({ outcome: "disconnected", chunksSent: 2 });
    // The rule fired once: the next stream is whole.
    const whole: string[] = [];
    for await (const chunk of await stream()) whole.push(chunk.choices[0]?.delta.content ?? "");
    expect(whole.join("")).toBe("un deux trois quatre");
  });

  it("ends a stream with OpenAI's in-band error event after N pieces; a non-streamed call gets a 500", async () => {
    await llm.control.addFaults({ streams: [{ kind: "error", afterChunks: 1, count: 2 }] });
    const received: string[] = [];
    const failure = await (async () => {
      for await (const chunk of await stream()) received.push(chunk.choices[0]?.delta.content ?? "");
    })().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as Error).message).toContain("The server had an error");
    expect(received.filter(Boolean)).toEqual(["un"]);
    await expect(llm.client().chat.completions.create({ model, messages })).rejects.toMatchObject({
      status: 500,
      type: "server_error",
    });
    const { requests } = await llm.control.state();
    expect(requests.map((request) => [request.outcome, request.status, request.chunksSent])).toEqual([
      ["failed", 200, 1],
      ["failed", 500, 0],
    ]);
  });

  it("stalls after N pieces until the client gives up, and records the abort", async () => {
    await llm.control.addFaults({ streams: [{ kind: "stall", afterChunks: 1 }] });
    const controller = new AbortController();
    const received: string[] = [];
    const consumed = (async () => {
      for await (const chunk of await stream(llm.client(), controller.signal)) {
        received.push(chunk.choices[0]?.delta.content ?? "");
      }
    })().catch((err: unknown) => err);
    await llm.control.waitForState((state) => state.requests[0]?.chunksSent === 1);
    expect((await llm.control.state()).requests[0]!.outcome).toBe("in_progress");
    controller.abort();
    // The official client ends an aborted stream's iteration quietly.
    expect(await consumed).toBeUndefined();
    const state = await llm.control.waitForState((current) => current.requests[0]?.outcome !== "in_progress");
    expect(state.requests[0]).toMatchObject({ outcome: "aborted", chunksSent: 1 });
    expect(received.filter(Boolean)).toEqual(["un"]);
  });

  it("stops sending when the client disconnects mid-stream", async () => {
    await llm.control.addFaults({ interChunkMs: 40 });
    const controller = new AbortController();
    const consumed = (async () => {
      for await (const chunk of await stream(llm.client(), controller.signal)) {
        if (chunk.choices[0]?.delta.content) controller.abort();
      }
    })().catch((err: unknown) => err);
    expect(await consumed).toBeUndefined();
    const state = await llm.control.waitForState((current) => current.requests[0]?.outcome !== "in_progress");
    expect(state.requests[0]).toMatchObject({ outcome: "aborted" });
    expect(state.requests[0]!.chunksSent).toBeLessThan(4);
  });

  it("reset ends a stalled stream and forgets requests, faults and replies", async () => {
    await llm.control.addFaults({ streams: [{ kind: "stall" }], latencyMs: 5 });
    const consumed = (async () => {
      for await (const _chunk of await stream()) {
        // drain
      }
    })().catch((err: unknown) => err);
    await llm.control.waitForState((state) => state.requests.length === 1);
    await llm.control.reset();
    expect(await consumed).toBeInstanceOf(Error);
    const state = await llm.control.state();
    expect(state.requests).toEqual([]);
    expect(state.faults.streams).toEqual([]);
    expect(state.script.default).not.toBe("{{last}}");
  });
});
