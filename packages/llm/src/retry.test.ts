import { describe, expect, it } from "vitest";
import { retryDelay } from "./retry.ts";
import type { AttemptFailure } from "./retry.ts";

const status = (code: number, retryAfterMs: number | null = null): AttemptFailure => ({
  kind: "status",
  status: code,
  retryAfterMs,
  message: "",
});

describe("retry policy", () => {
  it("retries 429, 5xx and connection errors with a doubling backoff, bounded", () => {
    const policy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 300 };
    expect(retryDelay(status(503), 0, policy)).toBe(100);
    expect(retryDelay(status(500), 1, policy)).toBe(200);
    expect(retryDelay({ kind: "connection", message: "ECONNRESET" }, 2, policy)).toBe(300);
    expect(retryDelay(status(502), 3, policy)).toBeNull();
  });

  it("waits the provider's retry-after, or gives up on the provider when it is too long", () => {
    expect(retryDelay(status(429, 1000), 0)).toBe(1000);
    expect(retryDelay(status(429, 7000), 0)).toBeNull();
  });

  it("never retries what a retry cannot cure", () => {
    for (const failure of [
      status(400),
      status(401),
      status(404),
      { kind: "first_token_timeout" } as const,
      { kind: "total_timeout" } as const,
      { kind: "cancelled" } as const,
      { kind: "truncated" } as const,
    ]) {
      expect(retryDelay(failure, 0, { maxRetries: 5 })).toBeNull();
    }
  });
});
