import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { contextAt } from "@phoenix/assistant/testing";
import { createLlmResponder, MAX_LLM_REPLY, trimReply } from "./llm.ts";

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: { model: string; messages: { role: string; content: string }[] };
}

const ctx = contextAt("2026-03-27T20:00", "Europe/Berlin");
const servers: Server[] = [];

/** A local OpenAI-shaped server on 127.0.0.1:0; `answer` gets the parsed request. */
async function serve(answer: (seen: Seen, res: ServerResponse) => void): Promise<string> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Seen["body"];
      answer(
        { method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization, body },
        res,
      );
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

const completion = (content: string): unknown => ({
  id: "chatcmpl-1",
  object: "chat.completion",
  choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
});

const options = { apiKey: "sk-test", model: "tiny-model", timeoutMs: 1000 };

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe("createLlmResponder", () => {
  it("posts a chat completion with a system prompt and returns the trimmed assistant text", async () => {
    const requests: Seen[] = [];
    const baseUrl = await serve((seen, res) => {
      requests.push(seen);
      json(res, 200, completion("  Sounds like a lot. Try 'add call the bank' to park it.  "));
    });
    const reply = await createLlmResponder({ ...options, baseUrl })("ugh so much to do", ctx);
    expect(reply).toBe("Sounds like a lot. Try 'add call the bank' to park it.");
    const [seen] = requests;
    expect(seen).toMatchObject({
      method: "POST",
      url: "/v1/chat/completions",
      authorization: "Bearer sk-test",
    });
    expect(seen?.body.model).toBe("tiny-model");
    expect(seen?.body.messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(seen?.body.messages[0]?.content).toContain("Fri 8:00 PM (Europe/Berlin)");
    expect(seen?.body.messages[1]?.content).toBe("ugh so much to do");
  });

  it("asks for French, GSM-7-friendly wording and French commands when the reply is French", async () => {
    const requests: Seen[] = [];
    const baseUrl = await serve((seen, res) => {
      requests.push(seen);
      json(res, 200, completion("Courage ! Envoie 'ajoute appeler la banque' pour la noter."));
    });
    const reply = await createLlmResponder({ ...options, baseUrl })("trop de trucs", {
      ...ctx,
      language: "fr",
    });
    expect(reply).toBe("Courage ! Envoie 'ajoute appeler la banque' pour la noter.");
    const system = requests[0]?.body.messages[0]?.content ?? "";
    expect(system).toContain("Answer in French");
    expect(system).toContain("'ajoute appeler la banque'");
    expect(system).not.toContain("'add call the bank'");
  });

  it(`cuts a long answer to ${MAX_LLM_REPLY} characters`, async () => {
    const baseUrl = await serve((_seen, res) => {
      json(res, 200, completion("word ".repeat(200)));
    });
    const reply = await createLlmResponder({ ...options, baseUrl })("tell me a story", ctx);
    expect(reply?.length).toBeLessThanOrEqual(MAX_LLM_REPLY);
    expect(reply).toMatch(/word\.\.\.$/);
  });

  it("gives null within the timeout when the server never answers", async () => {
    const baseUrl = await serve(() => undefined);
    const started = performance.now();
    const reply = await createLlmResponder({ ...options, baseUrl, timeoutMs: 200 })("hello?", ctx);
    expect(reply).toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each<[string, (res: ServerResponse) => void]>([
    [
      "a 500",
      (res) => {
        json(res, 500, { error: { message: "boom" } });
      },
    ],
    [
      "a 429",
      (res) => {
        json(res, 429, { error: { message: "slow down" } });
      },
    ],
    ["a body that is not JSON", (res) => res.writeHead(200).end("<html>gateway</html>")],
    [
      "JSON without choices",
      (res) => {
        json(res, 200, { object: "chat.completion" });
      },
    ],
    [
      "an empty answer",
      (res) => {
        json(res, 200, completion("   "));
      },
    ],
  ])("gives null for %s", async (_name, answer) => {
    const baseUrl = await serve((_seen, res) => {
      answer(res);
    });
    expect(await createLlmResponder({ ...options, baseUrl })("hi", ctx)).toBeNull();
  });

  it("gives null when nothing listens", async () => {
    const baseUrl = await serve(() => undefined);
    const [server] = servers.splice(0);
    await new Promise((resolve) => server?.close(resolve));
    expect(await createLlmResponder({ ...options, baseUrl })("hi", ctx)).toBeNull();
  });

  it("uses the injected fetch and sends no authorization without a key", async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const fake: typeof fetch = (input, init) => {
      calls.push([input instanceof Request ? input.url : input.toString(), init]);
      return Promise.resolve(Response.json(completion("ok")));
    };
    const reply = await createLlmResponder({
      ...options,
      apiKey: "",
      baseUrl: "http://llm.test/v1/",
      fetch: fake,
    })("hi", ctx);
    expect(reply).toBe("ok");
    expect(calls[0]?.[0]).toBe("http://llm.test/v1/chat/completions");
    expect(calls[0]?.[1]?.headers).not.toHaveProperty("authorization");
  });
});

describe("trimReply", () => {
  it("never splits an emoji", () => {
    const reply = trimReply("a".repeat(MAX_LLM_REPLY - 4) + "🙂".repeat(10));
    expect(reply.length).toBeLessThanOrEqual(MAX_LLM_REPLY);
    expect(reply).not.toMatch(/[\uD800-\uDBFF]\.\.\.$/);
  });
});
