import { Registry } from "prom-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBudget, createMemoryCounterStore } from "./budget.ts";
import { notice } from "./notices.ts";
import { estimatePromptTokens } from "./usage.ts";
import type { RouterEvent, RouterOptions } from "./router.ts";
import { createRouter } from "./router.ts";
import type { EmulatorPair } from "./testing.ts";
import { providerFor, startEmulatorPair } from "./testing.ts";

let pair: EmulatorPair;
const user = { id: "u-lea", plan: "free" };
const ask = (content: string) => ({
  task: "coach",
  user,
  language: "fr" as const,
  messages: [
    { role: "system" as const, content: "Tu es Alessio, coach carrière." },
    { role: "user" as const, content },
  ],
});

function routerWith(overrides: Partial<RouterOptions> = {}) {
  const registry = new Registry();
  const router = createRouter({
    providers: pair.providers,
    routes: { coach: ["local", "cloud"] },
    firstTokenMs: 1000,
    totalMs: 10_000,
    retry: { maxRetries: 1, baseDelayMs: 1 },
    registry,
    ...overrides,
  });
  return { router, registry };
}

const requestCounts = async () => ({
  local: (await pair.local.control.state()).requests.length,
  cloud: (await pair.cloud.control.state()).requests.length,
});

beforeEach(async () => {
  pair = await startEmulatorPair();
});
afterEach(async () => {
  await pair.close();
});

describe("smart router: the happy path", () => {
  it("answers from the local provider first, streaming its pieces in order, with usage and no cost", async () => {
    const { router } = routerWith();
    const events: RouterEvent[] = [];
    for await (const event of router.stream(ask("Comment préparer mon entretien ?"))) events.push(event);

    const text = events.flatMap((event) => (event.type === "delta" ? [event.text] : [])).join("");
    expect(text).toBe("Echo (phoenix-local-small): Comment préparer mon entretien ?");
    const end = events.at(-1);
    if (end?.type !== "end") throw new Error("no summary");
    const [request] = (await pair.local.control.state()).requests;
    expect(end.summary).toMatchObject({
      outcome: "completed",
      provider: "local",
      kind: "local",
      tokens: { prompt: request!.promptTokens, completion: request!.completionTokens },
      costUsd: 0,
      attempts: [{ provider: "local", outcome: "success" }],
    });
    expect(end.summary.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(await requestCounts()).toEqual({ local: 1, cloud: 0 });
  });
});

describe("smart router: requests as each provider reads them", () => {
  it("sends the length limit as max_tokens to a local server and max_completion_tokens to the cloud", async () => {
    await pair.local.control.addFaults({ failures: [{ status: 503, count: 2 }] });
    const { router } = routerWith({ maxTokens: 200 });
    await router.complete(ask("Bonjour"));
    const [local, cloud] = await Promise.all([pair.local.control.state(), pair.cloud.control.state()]);
    expect(local.requests[0]!.maxTokens).toEqual({ field: "max_tokens", value: 200 });
    expect(cloud.requests[0]!.maxTokens).toEqual({ field: "max_completion_tokens", value: 200 });
  });
});

describe("smart router: fallback before the first token", () => {
  it("falls back to the cloud when the local server is down, and prices the cloud's tokens", async () => {
    await pair.local.close();
    const { router } = routerWith();
    const answer = await router.complete(ask("Je veux changer de métier"));
    expect(answer.text).toBe("Echo (phoenix-cloud-large): Je veux changer de métier");
    expect(answer.summary.provider).toBe("cloud");
    expect(answer.summary.attempts.map((entry) => entry.outcome)).toEqual(["error", "error", "success"]);
    const [request] = (await pair.cloud.control.state()).requests;
    expect(answer.summary.costUsd).toBeCloseTo(
      (request!.promptTokens * 0.5 + request!.completionTokens * 1.5) / 1000,
      10,
    );
  });

  it("falls back before the first-token timeout when the local model is slow, and aborts the local call", async () => {
    await pair.local.control.addFaults({ firstTokenMs: 60_000 });
    const { router } = routerWith({ firstTokenMs: 150 });
    const started = performance.now();
    const answer = await router.complete(ask("Routine du matin ?"));
    const elapsed = performance.now() - started;

    expect(answer.summary.provider).toBe("cloud");
    expect(answer.summary.attempts).toEqual([
      { provider: "local", outcome: "first_token_timeout" },
      { provider: "cloud", outcome: "success" },
    ]);
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(5000);
    const local = await pair.local.control.waitForState((state) => state.requests[0]?.outcome === "aborted");
    expect(local.requests).toHaveLength(1); // a timeout is not retried on the same provider
  });

  it("retries a 5xx once on the same provider, then falls back", async () => {
    await pair.local.control.addFaults({ failures: [{ status: 500, count: 2 }] });
    const { router } = routerWith();
    const answer = await router.complete(ask("Aide-moi"));
    expect(answer.summary.attempts.map((entry) => [entry.provider, entry.outcome, entry.status])).toEqual([
      ["local", "error", 500],
      ["local", "error", 500],
      ["cloud", "success", undefined],
    ]);
    expect(await requestCounts()).toEqual({ local: 2, cloud: 1 });
  });

  it("succeeds on the retry when a 429's retry-after is short", async () => {
    await pair.local.control.addFaults({ failures: [{ status: 429, retryAfterSeconds: 0 }] });
    const { router } = routerWith();
    const answer = await router.complete(ask("Bonjour"));
    expect(answer.summary.provider).toBe("local");
    expect(await requestCounts()).toEqual({ local: 2, cloud: 0 });
  });

  it("does not retry what a retry cannot cure (unknown model): next provider at once", async () => {
    const { router } = routerWith({
      providers: [providerFor(pair.local, "local", { model: "not-served" }), pair.providers[1]],
    });
    const answer = await router.complete(ask("Bonjour"));
    expect(answer.summary.attempts.map((entry) => entry.status ?? entry.outcome)).toEqual([404, "success"]);
    expect(await requestCounts()).toEqual({ local: 1, cloud: 1 });
  });
});

describe("smart router: after the first token", () => {
  it("ends an answer cut mid-stream with the interrupted notice, never asking another model", async () => {
    await pair.local.control.addFaults({ streams: [{ kind: "disconnect", afterChunks: 2 }] });
    const { router } = routerWith();
    const events: RouterEvent[] = [];
    for await (const event of router.stream(ask("un deux trois quatre"))) events.push(event);

    expect(events.filter((event) => event.type === "delta").map((event) => event.text)).toEqual([
      "Echo",
      " (phoenix-local-small):",
    ]);
    expect(events.at(-2)).toEqual({ type: "notice", code: "interrupted", text: notice("interrupted", "fr") });
    expect(events.at(-1)).toMatchObject({
      type: "end",
      summary: { outcome: "interrupted", provider: "local" },
    });
    expect(await requestCounts()).toEqual({ local: 1, cloud: 0 });
  });

  it("an in-band error event mid-stream interrupts; the same event before any token falls back", async () => {
    await pair.local.control.addFaults({ streams: [{ kind: "error", afterChunks: 1 }] });
    const { router } = routerWith();
    const cut = await router.complete(ask("un deux"));
    expect(cut.summary).toMatchObject({ outcome: "interrupted", provider: "local" });
    expect(cut.text).toBe(`Echo\n\n${notice("interrupted", "fr")}`);

    await pair.local.control.addFaults({ streams: [{ kind: "error", afterChunks: 0, count: 2 }] });
    const fallback = await router.complete(ask("un deux"));
    expect(fallback.summary.provider).toBe("cloud");
    expect(fallback.text).toBe("Echo (phoenix-cloud-large): un deux");
  });

  it("gives the notice in the user's language", async () => {
    await pair.local.control.addFaults({ streams: [{ kind: "disconnect", afterChunks: 1 }] });
    const { router } = routerWith();
    const answer = await router.complete({ ...ask("hello"), language: "en" });
    expect(answer.text).toBe(`Echo\n\n${notice("interrupted", "en")}`);
    expect(answer.notice).toBe("interrupted");
  });
});

describe("smart router: cancellation", () => {
  it("aborting the signal mid-answer aborts the upstream request", async () => {
    await pair.local.control.addFaults({ streams: [{ kind: "stall", afterChunks: 1 }] });
    const { router } = routerWith();
    const controller = new AbortController();
    const events: RouterEvent[] = [];
    for await (const event of router.stream({ ...ask("un deux"), signal: controller.signal })) {
      events.push(event);
      if (event.type === "delta") controller.abort();
    }
    expect(events.at(-1)).toMatchObject({ type: "end", summary: { outcome: "cancelled" } });
    const state = await pair.local.control.waitForState(
      (current) => current.requests[0]?.outcome !== "in_progress",
    );
    expect(state.requests[0]).toMatchObject({ outcome: "aborted", chunksSent: 1 });
    expect(await requestCounts()).toEqual({ local: 1, cloud: 0 });
  });

  it("a caller that stops reading (a browser that went away) stops the upstream call", async () => {
    await pair.local.control.addFaults({ interChunkMs: 50 });
    const { router } = routerWith();
    for await (const event of router.stream(ask("un deux trois quatre cinq six"))) {
      if (event.type === "delta") break;
    }
    const state = await pair.local.control.waitForState(
      (current) => current.requests[0]?.outcome !== "in_progress",
    );
    expect(state.requests[0]!.outcome).toBe("aborted");
    expect(state.requests[0]!.chunksSent).toBeLessThan(8);
  });
});

describe("smart router: the total deadline", () => {
  it("gives up on every provider at the total timeout with the unavailable notice", async () => {
    await pair.local.control.addFaults({ streams: [{ kind: "stall", afterChunks: 0 }] });
    await pair.cloud.control.addFaults({ streams: [{ kind: "stall", afterChunks: 0 }] });
    const { router } = routerWith({ firstTokenMs: 150, totalMs: 250 });
    const started = performance.now();
    const answer = await router.complete(ask("Bonjour"));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(answer.summary.outcome).toBe("unavailable");
    expect(answer.text).toBe(notice("unavailable", "fr"));
    expect(answer.summary.attempts.map((entry) => entry.outcome)).toEqual([
      "first_token_timeout",
      "total_timeout",
    ]);
  });
});

describe("smart router: the total deadline after the first token", () => {
  it("ends a slow answer at the total timeout with the interrupted notice, keeping what was said", async () => {
    await pair.local.control.addFaults({ interChunkMs: 5000 });
    const { router } = routerWith({ totalMs: 300 });
    const started = performance.now();
    const answer = await router.complete(ask("un deux trois"));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(answer.text).toBe(`Echo\n\n${notice("interrupted", "fr")}`);
    expect(answer.summary).toMatchObject({ outcome: "interrupted", provider: "local" });
    expect(answer.summary.attempts).toEqual([{ provider: "local", outcome: "total_timeout" }]);
    expect(await requestCounts()).toEqual({ local: 1, cloud: 0 });
  });
});

describe("smart router: budgets", () => {
  it("with the budget store down: closed answers 'unavailable' without a call, open answers uncounted", async () => {
    const down = {
      addWithin: () => Promise.reject(new Error("ECONNREFUSED")),
      add: () => Promise.reject(new Error("ECONNREFUSED")),
    };
    const limits = { perUserDaily: { free: 10_000 } };
    const clock = { now: () => Date.now() };
    const closed = routerWith({ budget: createBudget({ store: down, limits, clock }) }).router;
    const refused = await closed.complete(ask("Bonjour"));
    expect(refused).toMatchObject({
      notice: "unavailable",
      summary: { outcome: "unavailable", attempts: [] },
    });
    expect(await requestCounts()).toEqual({ local: 0, cloud: 0 });

    const open = routerWith({
      budget: createBudget({ store: down, limits, clock, failMode: "open" }),
    }).router;
    expect((await open.complete(ask("Bonjour"))).summary.outcome).toBe("completed");
  });

  it("refuses before any provider is called once the day's tokens are spent", async () => {
    const store = createMemoryCounterStore();
    // Room for exactly one reservation (its prompt estimate + maxTokens) and 10 tokens more.
    const limit = estimatePromptTokens(ask("Bonjour").messages) + 300 + 10;
    const budget = createBudget({
      store,
      limits: { perUserDaily: { free: limit } },
      clock: { now: () => Date.now() },
    });
    const { router, registry } = routerWith({ budget, maxTokens: 300 });

    const first = await router.complete(ask("Bonjour"));
    expect(first.summary.outcome).toBe("completed");
    const spent = [...store.values.values()][0]!;
    expect(spent).toBe(first.summary.tokens.prompt + first.summary.tokens.completion);
    expect(spent).toBeGreaterThan(10);

    const refused = await router.complete(ask("Bonjour"));
    expect(refused.summary.outcome).toBe("budget_exhausted");
    expect(refused.summary.budget).toEqual({ used: spent, limit });
    expect(refused.text).toBe(notice("budget_exhausted", "fr"));
    expect(refused.summary.attempts).toEqual([]);
    expect(await requestCounts()).toEqual({ local: 1, cloud: 0 });
    expect(await registry.metrics()).toMatch(/llm_budget_rejections_total\{plan="free"\} 1/);
  });
});
