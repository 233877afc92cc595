import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ControlApiError } from "./control-client.ts";
import type { LlmEmulator } from "./testing.ts";
import { startLlmEmulator } from "./testing.ts";

let llm: LlmEmulator;

beforeEach(async () => {
  llm = await startLlmEmulator({ seed: { models: ["m-local"] } });
});
afterEach(async () => {
  await llm.close();
});

describe("control API", () => {
  it("refuses a reply rule whose pattern is not a regular expression, keeping the script", async () => {
    const error = await llm.control
      .setReplies({ rules: [{ pattern: "(", reply: "x" }] })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ControlApiError);
    expect(error).toMatchObject({ status: 400 });
    expect((await llm.control.state()).script.rules).toEqual([]);
  });

  it("refuses faults outside the schema", async () => {
    await expect(
      llm.control.addFaults({ failures: [JSON.parse('{ "status": 404 }') as { status: 429 }] }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it("sums tokens and outcomes over the requests received, failed ones included", async () => {
    await llm.control.addFaults({ failures: [{ status: 500 }] });
    const client = llm.client();
    const messages = [{ role: "user" as const, content: "bonjour" }];
    await expect(client.chat.completions.create({ model: "m-local", messages })).rejects.toMatchObject({
      status: 500,
    });
    const ok = await client.chat.completions.create({ model: "m-local", messages });
    const { totals, requests } = await llm.control.state();
    expect(requests.map((request) => request.messages)).toEqual([messages, messages]);
    expect(totals).toEqual({
      requests: 2,
      promptTokens: ok.usage!.prompt_tokens,
      completionTokens: ok.usage!.completion_tokens,
      byOutcome: { failed: 1, completed: 1 },
    });
  });

  it("answers ListModels faults too", async () => {
    await llm.control.addFaults({ failures: [{ operation: "ListModels", status: 503 }] });
    await expect(llm.client().models.list()).rejects.toMatchObject({ status: 503 });
    await expect(llm.client().models.list()).resolves.toBeDefined();
  });
});
