// The letter rewrite through the LLM gateway (packages/llm's router against the OpenAI-compatible
// emulators): a faithful rewrite becomes a new version; one that invents an employer, a skill or a
// number is refused with the reason and nothing is written; a model that fails, a spent daily
// token budget and a service without providers leave the letter as it was, with a reason.
import { startEmulatorPair } from "@phoenix/llm/testing";
import type { EmulatorPair } from "@phoenix/llm/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { toJsonResume } from "../../services/career/src/cv/json-resume.ts";
import { sampleCv } from "../../services/career/src/cv/samples.ts";
import { startTestCareer } from "./harness.ts";
import type { TestCareer, TestUser } from "./harness.ts";

let llm: EmulatorPair;
let career: TestCareer;

beforeAll(async () => {
  llm = await startEmulatorPair();
  career = await startTestCareer({
    // The local model only: the cloud emulator stays as the proof that nothing else was called.
    env: { LLM_PROVIDERS: JSON.stringify([llm.providers[0]]), LLM_FIRST_TOKEN_MS: "2000" },
  });
});
afterAll(async () => {
  await career.close();
  await llm.close();
});
beforeEach(async () => {
  await llm.local.control.reset();
});

interface Version {
  version: number;
  source: string;
  text: string;
}

async function letterFor(user: TestUser): Promise<{ id: string; versions: Version[] }> {
  const cv = await career.call(user, {
    method: "POST",
    url: "/v1/cv/json-resume",
    payload: toJsonResume(sampleCv("fr")),
  });
  expect(cv.statusCode, cv.body).toBe(201);
  const letter = await career.call(user, {
    method: "POST",
    url: "/v1/letters",
    payload: {
      cvId: cv.json<{ id: string }>().id,
      role: "chef de projet",
      company: "Agence Exemple",
      template: "classic",
      tone: "formal",
      length: "short",
    },
  });
  expect(letter.statusCode, letter.body).toBe(201);
  return letter.json();
}

const rewrite = (user: TestUser, id: string, headers: Record<string, string> = {}) =>
  career.call(user, { method: "POST", url: `/v1/letters/${id}/rewrite`, headers });

async function versionsOf(id: string): Promise<string[]> {
  const rows = await career.asSystem<{ source: string }>(
    "SELECT source FROM letter_versions WHERE letter_id = $1 ORDER BY version",
    [id],
  );
  return rows.map((row) => row.source);
}

describe("rewriting a letter through the LLM gateway", () => {
  it("keeps a faithful rewrite as a new version, sent with the facts it may use", async () => {
    const user = await career.user();
    const letter = await letterFor(user);
    const original = letter.versions[0]!.text;
    const faithful = original.replace("Madame, Monsieur,", "Bonjour,");
    expect(faithful).not.toBe(original);
    await llm.local.control.setReplies({ default: faithful });
    const answer = await rewrite(user, letter.id);
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json<{ versions: Version[] }>().versions.map((v) => [v.source, v.text])).toEqual([
      ["template", original],
      ["rewrite", faithful],
    ]);
    const [request] = (await llm.local.control.state()).requests;
    const sent = (request?.messages ?? []).map((message) => message.content).join("\n");
    expect(sent).toContain("n'ajoute aucune compétence");
    expect(sent).toContain(original.slice(0, 40));
    const templates = await career.call(user, { method: "GET", url: "/v1/letters/templates" });
    expect(templates.json()).toMatchObject({ rewrite: true });
  });

  it.each([
    ["an employer", "\nJ'ai aussi dirigé une équipe chez Google.", /"name","value":"Google"/],
    ["a skill", "\nJe maîtrise aussi Kubernetes.", /"skill","value":"kubernetes"/],
    ["a number", "\nFort de 25 ans d'expérience.", /"number","value":"25"/],
  ])(
    "refuses a rewrite that invents %s: the letter is unchanged, the reason in French",
    async (_what, extra, problem) => {
      const user = await career.user();
      const letter = await letterFor(user);
      await llm.local.control.setReplies({ default: `${letter.versions[0]!.text}${extra}` });
      const answer = await rewrite(user, letter.id);
      expect(answer.statusCode).toBe(422);
      expect(answer.json()).toMatchObject({
        error: "rewrite_unfounded",
        reason: expect.stringContaining("absents de votre CV") as unknown,
      });
      expect(answer.json<{ message: string }>().message).toMatch(problem);
      expect(await versionsOf(letter.id)).toEqual(["template"]);
    },
  );

  it("a model that fails leaves the letter as it was: 503 with what to do, in English when asked", async () => {
    const user = await career.user();
    const letter = await letterFor(user);
    await llm.local.control.addFaults({ failures: [{ status: 500, count: 10 }] });
    const answer = await rewrite(user, letter.id, { "accept-language": "en" });
    expect(answer.statusCode).toBe(503);
    expect(answer.json()).toMatchObject({
      error: "rewrite_unavailable",
      reason: expect.stringContaining("Your letter is unchanged") as unknown,
    });
    expect(await versionsOf(letter.id)).toEqual(["template"]);
    expect((await llm.cloud.control.state()).requests).toHaveLength(0);
  });

  it("another user's letter is not found, and nothing is sent to a model", async () => {
    const owner = await career.user();
    const letter = await letterFor(owner);
    const stranger = await career.user();
    const answer = await rewrite(stranger, letter.id);
    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toMatchObject({ error: "letter_not_found" });
    expect((await llm.local.control.state()).requests).toHaveLength(0);
  });
});

describe("when the daily token budget is spent or no model is configured", () => {
  it("answers 429 then 503 with the reason, writes nothing, and calls no model", async () => {
    const tight = await startTestCareer({
      env: { LLM_PROVIDERS: JSON.stringify([llm.providers[0]]), LLM_TOKENS_FREE_PER_DAY: "10" },
    });
    const none = await startTestCareer();
    try {
      const user = await tight.user();
      const cv = await tight.call(user, {
        method: "POST",
        url: "/v1/cv/json-resume",
        payload: toJsonResume(sampleCv("fr")),
      });
      const letter = await tight.call(user, {
        method: "POST",
        url: "/v1/letters",
        payload: {
          cvId: cv.json<{ id: string }>().id,
          role: "chef de projet",
          template: "classic",
          tone: "formal",
          length: "short",
        },
      });
      const id = letter.json<{ id: string }>().id;
      const spent = await tight.call(user, { method: "POST", url: `/v1/letters/${id}/rewrite` });
      expect(spent.statusCode).toBe(429);
      expect(spent.json()).toMatchObject({ error: "rewrite_budget_exhausted" });
      expect((await llm.local.control.state()).requests).toHaveLength(0);

      const other = await none.user();
      const cv2 = await none.call(other, {
        method: "POST",
        url: "/v1/cv/json-resume",
        payload: toJsonResume(sampleCv("fr")),
      });
      const letter2 = await none.call(other, {
        method: "POST",
        url: "/v1/letters",
        payload: {
          cvId: cv2.json<{ id: string }>().id,
          role: "chef de projet",
          template: "classic",
          tone: "formal",
          length: "short",
        },
      });
      const id2 = letter2.json<{ id: string }>().id;
      expect((await none.call(other, { method: "GET", url: "/v1/letters/templates" })).json()).toMatchObject({
        rewrite: false,
      });
      const unavailable = await none.call(other, { method: "POST", url: `/v1/letters/${id2}/rewrite` });
      expect(unavailable.statusCode).toBe(503);
      expect(unavailable.json()).toMatchObject({
        error: "rewrite_unavailable",
        reason: expect.stringContaining("Votre lettre est inchangée") as unknown,
      });
      expect(await none.asSystem("SELECT 1 FROM letter_versions WHERE letter_id = $1", [id2])).toHaveLength(
        1,
      );
    } finally {
      await tight.close();
      await none.close();
    }
  });
});
