import { describe, expect, it } from "vitest";
import { createRouter } from "./router.ts";
import type { ProviderConfig } from "./providers.ts";

const provider = (name: string): ProviderConfig => ({
  name,
  kind: "cloud",
  baseURL: "http://127.0.0.1:9/v1",
  apiKey: "sk-test",
  model: "m",
  costPer1k: { input: 0, output: 0 },
});

describe("router configuration", () => {
  it("refuses at start a route naming an unknown provider, or a provider named twice", () => {
    expect(() => createRouter({ providers: [provider("a")], routes: { coach: ["a", "b"] } })).toThrow(
      "task coach names unknown provider b",
    );
    expect(() => createRouter({ providers: [provider("a"), provider("a")], routes: {} })).toThrow(
      "provider a is configured twice",
    );
  });

  it("uses the default route for a task it does not list, and refuses a task with neither", async () => {
    const router = createRouter({ providers: [provider("a")], routes: { letters: ["a"] } });
    const request = {
      task: "coach",
      user: { id: "u", plan: "free" },
      language: "en" as const,
      messages: [{ role: "user" as const, content: "hi" }],
    };
    await expect(router.complete(request)).rejects.toThrow(
      "no providers for task coach and no default route",
    );
    expect(router.breakerStates()).toEqual({ a: "closed" });
  });
});
