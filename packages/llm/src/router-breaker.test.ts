import { Registry } from "prom-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRouter } from "./router.ts";
import type { EmulatorPair } from "./testing.ts";
import { startEmulatorPair } from "./testing.ts";

let pair: EmulatorPair;
let now: number;
const ask = (content: string) => ({
  task: "coach",
  user: { id: "u-1", plan: "free" },
  language: "en" as const,
  messages: [{ role: "user" as const, content }],
});

function breakerRouter() {
  const registry = new Registry();
  const router = createRouter({
    providers: pair.providers,
    routes: { default: ["local", "cloud"] },
    firstTokenMs: 2000,
    retry: { maxRetries: 0 },
    breaker: { failureThreshold: 2, coolDownMs: 10_000, halfOpenProbes: 1 },
    clock: { now: () => now },
    registry,
  });
  const gauge = async () => {
    const metric = await registry.getSingleMetric("llm_breaker_state")!.get();
    return metric.values.find((value) => value.labels["provider"] === "local")?.value;
  };
  return { router, gauge, registry };
}

const localRequests = async () => (await pair.local.control.state()).requests.length;

beforeEach(async () => {
  pair = await startEmulatorPair();
  now = Date.UTC(2026, 11, 5, 9, 0, 0);
});
afterEach(async () => {
  await pair.close();
});

describe("smart router: circuit breaker per provider", () => {
  it("opens after consecutive failures, skips the provider while open, half-opens after the cool-down and closes on success", async () => {
    const { router, gauge } = breakerRouter();
    await pair.local.control.addFaults({ failures: [{ status: 503, count: 100 }] });

    for (const question of ["one", "two"]) {
      const answer = await router.complete(ask(question));
      expect(answer.summary.provider).toBe("cloud");
    }
    expect(router.breakerStates()).toEqual({ local: "open", cloud: "closed" });
    expect(await gauge()).toBe(2);

    const skipped = await router.complete(ask("three"));
    expect(skipped.summary.attempts.map((entry) => entry.outcome)).toEqual(["breaker_open", "success"]);
    expect(await localRequests()).toBe(2);

    await pair.local.control.clearFaults();
    now += 9_999;
    expect((await router.complete(ask("four"))).summary.provider).toBe("cloud");
    now += 1;
    expect(router.breakerStates()["local"]).toBe("half_open");
    expect(await gauge()).toBe(1);

    const probe = await router.complete(ask("five"));
    expect(probe.summary).toMatchObject({
      provider: "local",
      attempts: [{ provider: "local", outcome: "success" }],
    });
    expect(router.breakerStates()["local"]).toBe("closed");
    expect(await gauge()).toBe(0);
    expect(await localRequests()).toBe(3);
  });

  it("lets only the allowed number of probes through while half-open; a failed probe opens it again", async () => {
    const { router } = breakerRouter();
    await pair.local.control.addFaults({ failures: [{ status: 500, count: 2 }] });
    await router.complete(ask("a"));
    await router.complete(ask("b"));
    now += 10_000;
    // The probe is slow to its first token (but within the timeout): a second call meanwhile is refused.
    await pair.local.control.addFaults({ firstTokenMs: 300 });
    const probe = router.complete(ask("probe"));
    await pair.local.control.waitForState((state) => state.requests.length === 3);
    const meanwhile = await router.complete(ask("meanwhile"));
    expect(meanwhile.summary.attempts.map((entry) => entry.outcome)).toEqual(["breaker_open", "success"]);
    expect((await probe).summary.provider).toBe("local");
    expect(router.breakerStates()["local"]).toBe("closed");

    await pair.local.control.addFaults({ firstTokenMs: 0, failures: [{ status: 500, count: 3 }] });
    await router.complete(ask("c"));
    await router.complete(ask("d"));
    now += 10_000;
    const failedProbe = await router.complete(ask("e"));
    expect(failedProbe.summary.attempts.map((entry) => entry.outcome)).toEqual(["error", "success"]);
    expect(router.breakerStates()["local"]).toBe("open");
  });

  it("gives a half-open probe slot back when the caller stops reading mid-answer", async () => {
    const { router, registry } = breakerRouter();
    await pair.local.control.addFaults({ failures: [{ status: 500, count: 2 }] });
    await router.complete(ask("a"));
    await router.complete(ask("b"));
    now += 10_000;
    await pair.local.control.addFaults({ interChunkMs: 200 });
    for await (const event of router.stream(ask("one two three four"))) {
      if (event.type === "delta") break;
    }
    expect(router.breakerStates()["local"]).toBe("half_open");
    await pair.local.control.addFaults({ interChunkMs: 0 });
    const next = await router.complete(ask("again"));
    expect(next.summary.attempts).toEqual([{ provider: "local", outcome: "success" }]);
    expect(router.breakerStates()["local"]).toBe("closed");
    expect(await registry.metrics()).toContain('llm_answers_total{task="coach",outcome="cancelled"} 1');
  });

  it("exports per-provider outcomes, latency, time to first token, tokens and cost", async () => {
    const { router, registry } = breakerRouter();
    await pair.local.control.addFaults({ failures: [{ status: 500 }] });
    const answer = await router.complete(ask("metrics please"));
    const text = await registry.metrics();
    expect(text).toContain('llm_requests_total{provider="local",task="coach",outcome="error"} 1');
    expect(text).toContain('llm_requests_total{provider="cloud",task="coach",outcome="success"} 1');
    expect(text).toMatch(/llm_request_duration_seconds_count\{provider="cloud",task="coach"\} 1/);
    expect(text).toMatch(/llm_time_to_first_token_seconds_count\{provider="cloud",task="coach"\} 1/);
    expect(text).toContain(
      `llm_tokens_total{provider="cloud",direction="completion"} ${answer.summary.tokens.completion}`,
    );
    expect(text).toContain(`llm_cost_usd_total{provider="cloud"} ${answer.summary.costUsd}`);
    expect(answer.summary.costUsd).toBeGreaterThan(0);
    expect(text).toContain('llm_answers_total{task="coach",outcome="completed"} 1');
  });
});
