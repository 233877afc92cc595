import { describe, expect, it } from "vitest";
import type { FastifyRequest } from "fastify";
import { clientIp } from "./client-ip.ts";

const request = (forwarded?: string) =>
  ({
    ip: "10.0.0.1",
    headers: forwarded === undefined ? {} : { "x-forwarded-for": forwarded },
  }) as FastifyRequest;

describe("client address", () => {
  it("is the socket peer when no proxy is trusted, whatever the header says", () => {
    expect(clientIp(request("1.2.3.4"), 0)).toBe("10.0.0.1");
  });

  it("is the entry the trusted proxies appended, not one the client forged further left", () => {
    expect(clientIp(request("6.6.6.6, 1.2.3.4"), 1)).toBe("1.2.3.4");
    expect(clientIp(request("6.6.6.6, 1.2.3.4, 10.1.1.1"), 2)).toBe("1.2.3.4");
  });

  it("falls back to the leftmost entry or the peer when the chain is short or missing", () => {
    expect(clientIp(request("1.2.3.4"), 2)).toBe("1.2.3.4");
    expect(clientIp(request(), 1)).toBe("10.0.0.1");
  });
});
