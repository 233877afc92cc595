import { describe, expect, it } from "vitest";
import type { FastifyReply } from "fastify";
import { enforce } from "./http.ts";
import type { Decision } from "./limiter.ts";

function fakeReply() {
  const headers: Record<string, string | number> = {};
  const reply = { header: (name: string, value: string | number) => ((headers[name] = value), reply) };
  return { reply: reply as unknown as FastifyReply, headers };
}

const decision = (fields: Partial<Decision>): Decision => ({
  scope: "api",
  allowed: true,
  limit: 100,
  remaining: 42,
  resetMs: 34_500,
  retryAfterMs: 0,
  unavailable: false,
  ...fields,
});

describe("rate-limit headers", () => {
  it("sets RateLimit-Limit/-Remaining/-Reset (delta seconds) on an allowed request", () => {
    const { reply, headers } = fakeReply();
    enforce(reply, decision({}));
    expect(headers).toEqual({ "ratelimit-limit": 100, "ratelimit-remaining": 42, "ratelimit-reset": 35 });
  });

  it("refuses with 429 and Retry-After of at least one second", () => {
    const { reply, headers } = fakeReply();
    expect(() => {
      enforce(reply, decision({ allowed: false, remaining: 0, retryAfterMs: 120 }));
    }).toThrow(expect.objectContaining({ statusCode: 429, code: "rate_limited" }));
    expect(headers["retry-after"]).toBe(1);
  });

  it("names the flood guard when the global budget refused", () => {
    const { reply } = fakeReply();
    expect(() => {
      enforce(reply, decision({ scope: "global", allowed: false, retryAfterMs: 2500 }));
    }).toThrow(/overloaded; retry after 3 s/);
  });

  it("fails closed as 503 without RateLimit headers when Redis did not answer", () => {
    const { reply, headers } = fakeReply();
    expect(() => {
      enforce(reply, decision({ allowed: false, unavailable: true, retryAfterMs: 1000 }));
    }).toThrow(expect.objectContaining({ statusCode: 503 }));
    expect(headers).toEqual({ "retry-after": 1 });
  });
});
