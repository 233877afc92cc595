// Iris's chat against the real Postgres and Redis and two LLM emulator instances (a local model
// server and a cloud provider): answers streamed in order, a client that hangs up or presses stop
// cancels the upstream call, the assistant's commands carried out like SMS, the scripted coach with
// no LLM, the quota, bad input, and the conversations' history.
import { beforeAll, describe, expect, it } from "vitest";
import { startEmulatorPair } from "@phoenix/llm/testing";
import type { EmulatorPair } from "@phoenix/llm/testing";
import { readSse } from "../../services/iris/src/chat/sse-read.ts";
import { eventually } from "../support/kube.ts";
import { newConversation, postStream, send, startTestIris } from "./harness.ts";
import type { TestIris } from "./harness.ts";

const SCRIPTED =
  "Bonne question ! Commence par lister trois compétences que tu utilises chaque semaine, puis regarde ton solde CPF sur moncompteformation.gouv.fr.";

describe("iris chat with LLM providers", () => {
  let llm: EmulatorPair;
  let iris: TestIris;
  beforeAll(async () => {
    llm = await startEmulatorPair();
    iris = await startTestIris({
      env: { LLM_PROVIDERS: JSON.stringify(llm.providers), LLM_FIRST_TOKEN_MS: "2000" },
    });
    return async () => {
      await iris.close();
      await llm.close();
    };
  });

  it("streams Alessio's answer from the local model, chunk by chunk and in order, and keeps it", async () => {
    await llm.local.control.setReplies({ rules: [{ pattern: "reconvertir", reply: SCRIPTED }] });
    const user = await iris.user();
    const conversation = await newConversation(iris, user);
    const answer = await send(iris, user, conversation, "Comment me reconvertir dans le numérique ?");
    expect(answer.status).toBe(200);
    const deltas = answer.events.filter((event) => event.event === "delta");
    expect(deltas.length).toBeGreaterThan(3);
    expect(answer.text).toBe(SCRIPTED);
    expect(answer.events.map((event) => event.event)).toEqual([
      "accepted",
      ...deltas.map(() => "delta"),
      "done",
    ]);
    expect(answer.done).toMatchObject({ source: "llm", provider: "local", outcome: "completed", costUsd: 0 });
    expect((answer.done!["tokens"] as { completion: number }).completion).toBeGreaterThan(0);
    const messages = (await (
      await fetch(`${iris.url}/v1/chat/conversations/${conversation}/messages`, { headers: user.headers })
    ).json()) as Array<{ role: string; content: string; provider: string | null }>;
    expect(messages.map((m) => [m.role, m.content])).toEqual([
      ["user", "Comment me reconvertir dans le numérique ?"],
      ["assistant", SCRIPTED],
    ]);
    const events = await iris.asSystem<{ type: string; source_app: string }>(
      "SELECT type, source_app FROM events WHERE user_id = $1 ORDER BY id",
      [user.id],
    );
    expect(events).toEqual([
      { type: "chat.message", source_app: "iris" },
      { type: "chat.message", source_app: "iris" },
    ]);
  });

  it("answers from the cloud provider, with its cost, when the local one fails before its first token", async () => {
    // Each retry (one where safe) fails too.
    await llm.local.control.addFaults({ failures: [{ status: 503, count: 2 }] });
    const user = await iris.user({ language: "en" });
    const conversation = await newConversation(iris, user);
    const answer = await send(iris, user, conversation, "How do I prepare for a job fair?");
    expect(answer.done).toMatchObject({ source: "llm", provider: "cloud", outcome: "completed" });
    expect(answer.done!["costUsd"]).toBeGreaterThan(0);
    expect(answer.text).toContain("How do I prepare for a job fair?");
    await llm.local.control.clearFaults();
  });

  it("stops the upstream call when the client disconnects mid-answer", async () => {
    await llm.local.control.reset();
    await llm.local.control.addFaults({ interChunkMs: 150 });
    await llm.local.control.setReplies({ default: SCRIPTED });
    const user = await iris.user();
    const conversation = await newConversation(iris, user);
    const client = new AbortController();
    const response = await fetch(`${iris.url}/v1/chat/conversations/${conversation}/messages`, {
      method: "POST",
      headers: user.headers,
      body: JSON.stringify({ text: "Parle-moi des métiers du soin" }),
      signal: client.signal,
    });
    for await (const event of readSse(response.body!)) {
      if (event.event === "delta") break;
    }
    client.abort();
    const state = await llm.local.control.waitForState((s) => s.requests.at(-1)?.outcome === "aborted");
    expect(state.requests.at(-1)?.outcome).toBe("aborted");
    // What was said before the hang-up is kept, marked cancelled.
    const stored = await eventually("the cut answer stored", async () => {
      const rows = await iris.asSystem<{ outcome: string; content: string }>(
        "SELECT outcome, content FROM chat_messages WHERE user_id = $1 AND role = 'assistant'",
        [user.id],
      );
      return rows.length > 0 ? rows : undefined;
    });
    expect(stored[0]?.outcome).toBe("cancelled");
    expect(SCRIPTED.startsWith(stored[0]!.content)).toBe(true);
    await llm.local.control.reset();
  });

  it("stops the upstream call on POST …/stop and ends the stream with outcome cancelled", async () => {
    await llm.local.control.addFaults({ interChunkMs: 150 });
    await llm.local.control.setReplies({ default: SCRIPTED });
    const user = await iris.user();
    const conversation = await newConversation(iris, user);
    const response = await fetch(`${iris.url}/v1/chat/conversations/${conversation}/messages`, {
      method: "POST",
      headers: user.headers,
      body: JSON.stringify({ text: "Parle-moi des métiers du bois" }),
    });
    const seen: string[] = [];
    let done: Record<string, unknown> | undefined;
    for await (const event of readSse(response.body!)) {
      seen.push(event.event);
      if (event.event === "delta" && seen.filter((e) => e === "delta").length === 1) {
        // One answer at a time in a conversation.
        const second = await send(iris, user, conversation, "Et les métiers du métal ?");
        expect(second.status).toBe(409);
        expect(second.body?.["error"]).toBe("answer_in_progress");
        const stop = await fetch(`${iris.url}/v1/chat/conversations/${conversation}/stop`, {
          method: "POST",
          headers: { authorization: user.headers.authorization! },
        });
        expect(await stop.json()).toEqual({ stopped: true });
      }
      if (event.event === "done") done = JSON.parse(event.data) as Record<string, unknown>;
    }
    expect(done).toMatchObject({ outcome: "cancelled", provider: "local" });
    const state = await llm.local.control.waitForState((s) => s.requests.at(-1)?.outcome === "aborted");
    expect(state.requests.at(-1)?.outcome).toBe("aborted");
    await llm.local.control.reset();
  });

  it("regenerates the last answer: the old one is replaced, not added to", async () => {
    await llm.local.control.setReplies({ default: "Réponse {{model}}" });
    const user = await iris.user();
    const conversation = await newConversation(iris, user);
    await send(iris, user, conversation, "Une idée pour ma semaine ?");
    const again = await postStream(iris, user, `/v1/chat/conversations/${conversation}/regenerate`);
    expect(again.done).toMatchObject({ source: "llm", outcome: "completed" });
    const rows = await iris.asSystem<{ role: string }>(
      "SELECT role FROM chat_messages WHERE conversation_id = $1 ORDER BY position",
      [conversation],
    );
    expect(rows.map((row) => row.role)).toEqual(["user", "assistant"]);
  });

  it("refuses a message over the quota with its reason, and calls no provider", async () => {
    const limited = await startTestIris({
      env: { LLM_PROVIDERS: JSON.stringify(llm.providers), IRIS_QUOTA_FREE_PER_DAY: "1" },
    });
    try {
      const calls = async () =>
        (await llm.local.control.state()).requests.length + (await llm.cloud.control.state()).requests.length;
      const user = await limited.user({ language: "en" });
      const conversation = await newConversation(limited, user);
      expect((await send(limited, user, conversation, "What is a CPF?")).done).toMatchObject({
        source: "llm",
      });
      const before = await calls();
      const refused = await send(limited, user, conversation, {
        text: "And how do I use it?",
        headers: { "accept-language": "en" },
      });
      expect(refused.status).toBe(429);
      expect(refused.body?.["error"]).toBe("quota_exhausted");
      expect(String(refused.body?.["reason"])).toMatch(/resets tomorrow/);
      expect(await calls()).toBe(before);
    } finally {
      await limited.close();
    }
  });

  it("carries a command out like an SMS, without calling any provider", async () => {
    const before =
      (await llm.local.control.state()).requests.length + (await llm.cloud.control.state()).requests.length;
    const user = await iris.user();
    const conversation = await newConversation(iris, user);
    const answer = await send(iris, user, conversation, "rappelle-moi demain 9h d'appeler Pôle emploi");
    expect(answer.done).toMatchObject({ source: "assistant", intent: "reminder.create", costUsd: 0 });
    expect(answer.text).toMatch(/appeler Pôle emploi/);
    const [reminder] = await iris.asSystem<{ text: string; local: string }>(
      "SELECT text, to_char(due_at AT TIME ZONE 'Europe/Paris', 'HH24:MI') AS local FROM reminders WHERE user_id = $1",
      [user.id],
    );
    expect(reminder).toEqual({ text: "appeler Pôle emploi", local: "09:00" });
    const events = await iris.asSystem<{ type: string; source_app: string }>(
      "SELECT type, source_app FROM events WHERE user_id = $1 AND type = 'reminder.create'",
      [user.id],
    );
    expect(events).toEqual([{ type: "reminder.create", source_app: "iris" }]);
    const after =
      (await llm.local.control.state()).requests.length + (await llm.cloud.control.state()).requests.length;
    expect(after).toBe(before);
  });
});

describe("iris chat with no LLM configured", () => {
  let iris: TestIris;
  beforeAll(async () => {
    iris = await startTestIris({ env: { IRIS_QUOTA_FREE_PER_DAY: "6" } });
    return () => iris.close();
  });

  it("coaches a career change step by step in French, and regenerates the same step", async () => {
    const user = await iris.user();
    const conversation = await newConversation(iris, user);
    const first = await send(iris, user, conversation, "Je veux changer de métier");
    expect(first.done).toMatchObject({ source: "coach", provider: null, costUsd: 0 });
    expect(first.text).toContain("Étape 1");
    const second = await send(iris, user, conversation, "Je sais organiser, expliquer et réparer des vélos");
    expect(second.text).toContain("Étape 2");
    const regenerated = await postStream(iris, user, `/v1/chat/conversations/${conversation}/regenerate`);
    expect(regenerated.text).toBe(second.text);
    const third = await send(iris, user, conversation, "ok");
    expect(third.text).toMatch(/CPF/);
    expect(third.text).toMatch(/France Travail/);
  });

  it("coaches in English when the message is in English", async () => {
    const user = await iris.user({ language: "en" });
    const conversation = await newConversation(iris, user);
    const answer = await send(iris, user, conversation, {
      text: "I want to change careers",
      headers: { "accept-language": "en" },
    });
    expect(answer.text).toContain("Step 1");
  });

  it("refuses a message over the daily quota with a clear reason, writing nothing", async () => {
    const user = await iris.user();
    const conversation = await newConversation(iris, user);
    for (let i = 0; i < 6; i += 1) expect((await send(iris, user, conversation, "bonjour")).status).toBe(200);
    const refused = await send(iris, user, conversation, "bonjour");
    expect(refused.status).toBe(429);
    expect(refused.body?.["error"]).toBe("quota_exhausted");
    expect(String(refused.body?.["reason"])).toMatch(/demain/);
    const [count] = await iris.asSystem<{ n: number }>(
      "SELECT count(*)::int AS n FROM chat_messages WHERE user_id = $1 AND role = 'user'",
      [user.id],
    );
    expect(count?.n).toBe(6);
    const quota = await fetch(`${iris.url}/v1/chat/quota`, { headers: user.headers });
    expect(await quota.json()).toEqual({ used: 6, limit: 6 });
  });

  it("answers bad input with a 4xx and a reason in the user's language, never a 5xx", async () => {
    const user = await iris.user();
    const conversation = await newConversation(iris, user);
    const cases: Array<[string, unknown, number, string | null]> = [
      ["empty", { text: "" }, 400, "empty_message"],
      ["blank", { text: "   \n " }, 400, "empty_message"],
      ["100 kB", { text: "a".repeat(100_000) }, 400, "too_long"],
      ["control characters", { text: "\u0001\u0002\u0003binary\u0007" }, 400, "binary_content"],
      ["NUL", { text: "abc\u0000def" }, 400, "validation_error"],
      ["no text", {}, 400, "validation_error"],
      ["a number", { text: 42 }, 400, "validation_error"],
      ["emoji only", { text: "😀🚀🔥" }, 200, null],
      ["mixed scripts", { text: "Привет hello مرحبا 你好 bonjour" }, 200, null],
    ];
    for (const [name, body, status, code] of cases) {
      const answer = await postStream(iris, user, `/v1/chat/conversations/${conversation}/messages`, {
        body,
        headers: { "accept-language": "en-GB,en;q=0.9" },
      });
      expect(answer.status, name).toBe(status);
      if (code) {
        expect(answer.body, name).toMatchObject({ error: code });
        if (code !== "validation_error" || answer.body?.["reason"] !== undefined)
          expect(String(answer.body?.["reason"]), name).toMatch(/^[A-Z]/);
      } else expect(answer.done, name).toMatchObject({ source: "coach" });
    }
    const french = await send(iris, user, conversation, "  ");
    expect(french.body?.["reason"]).toBe("Ton message est vide : écris quelques mots.");
    const binary = await fetch(`${iris.url}/v1/chat/conversations/${conversation}/messages`, {
      method: "POST",
      headers: user.headers,
      body: Buffer.from([0xff, 0xfe, 0x00, 0x01]),
    });
    expect(binary.status).toBe(400);
    expect(await binary.json()).toMatchObject({
      error: "invalid_json",
      reason: "La demande n'est pas du JSON valide.",
    });
    const text = await fetch(`${iris.url}/v1/chat/conversations/${conversation}/messages`, {
      method: "POST",
      headers: { ...user.headers, "content-type": "text/plain", "accept-language": "en" },
      body: "hello",
    });
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({
      error: "unsupported_media_type",
      reason: expect.any(String) as string,
    });
  });

  it("keeps each user's conversations: list, search, rename, delete; others' are not found", async () => {
    const user = await iris.user();
    const other = await iris.user();
    const a = await newConversation(iris, user);
    const b = await newConversation(iris, user, "Budget");
    await send(iris, user, a, "Je cherche une formation de menuisier");
    const list = async (query = "") =>
      (await (
        await fetch(`${iris.url}/v1/chat/conversations${query}`, { headers: user.headers })
      ).json()) as Array<{
        id: string;
        title: string | null;
      }>;
    expect((await list()).map((c) => c.id)).toEqual([a, b]);
    expect((await list()).find((c) => c.id === a)?.title).toBe("Je cherche une formation de menuisier");
    expect((await list("?q=menuisier")).map((c) => c.id)).toEqual([a]);
    expect((await list("?q=100%25")).map((c) => c.id)).toEqual([]);
    const renamed = await fetch(`${iris.url}/v1/chat/conversations/${b}`, {
      method: "PATCH",
      headers: user.headers,
      body: JSON.stringify({ title: "Mon budget formation" }),
    });
    expect(await renamed.json()).toMatchObject({ id: b, title: "Mon budget formation" });
    const theirs = await fetch(`${iris.url}/v1/chat/conversations/${a}/messages`, { headers: other.headers });
    expect(theirs.status).toBe(404);
    expect(await theirs.json()).toMatchObject({ error: "conversation_not_found" });
    const deleted = await fetch(`${iris.url}/v1/chat/conversations/${a}`, {
      method: "DELETE",
      headers: { authorization: user.headers.authorization! },
    });
    expect(deleted.status).toBe(204);
    expect((await list()).map((c) => c.id)).toEqual([b]);
  });

  it("needs the API's access token", async () => {
    const none = await fetch(`${iris.url}/v1/chat/conversations`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({
      error: "unauthenticated",
      reason: "Connecte-toi pour continuer.",
    });
    const forged = await fetch(`${iris.url}/v1/chat/conversations`, {
      headers: { authorization: "Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln" },
    });
    expect(forged.status).toBe(401);
  });

  it("publishes its OpenAPI document with the stream's event schemas", async () => {
    const document = (await (await fetch(`${iris.url}/docs/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(document.paths)).toContain("/v1/chat/conversations/{id}/messages");
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(["ChatDelta", "ChatDone", "ChatMessage", "Conversation", "JournalTrend"]),
    );
  });
});
