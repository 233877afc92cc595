// The webhook answers once the row is committed, without waiting for Redis; the enqueue never
// fails the webhook (a lost enqueue is the sweeper's). Postgres is a stand-in client here; the
// real path is covered by test/sms/*.int.test.ts.
import { createLogger } from "@phoenix/kernel/log";
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { acceptInbound, enqueueInbound } from "./inbound.ts";

const USER = "7f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b";
const MESSAGE = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

function fakes(add: () => Promise<unknown>) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    name: "inbound-test",
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  const statements: string[] = [];
  const client = {
    on: () => undefined,
    off: () => undefined,
    release: () => undefined,
    escapeLiteral: (value: string) => `'${value}'`,
    // Parameterised queries come as prepared statements ({ name, text, values }, ADR 0086).
    query: (query: string | { text: string }) => {
      const sql = typeof query === "string" ? query : query.text;
      statements.push(sql);
      if (sql.includes("FROM phone_numbers"))
        return { rows: [{ user_id: USER, phone_e164: "+14155550100" }] };
      if (sql.includes("INSERT INTO messages")) return { rows: [{ id: MESSAGE }] };
      return { rows: [] };
    },
  };
  const pool = { connect: () => Promise.resolve(client) } as unknown as pg.Pool;
  const adds: unknown[][] = [];
  const queues = {
    inbound: {
      add: (...args: unknown[]) => {
        adds.push(args);
        return add();
      },
    },
  };
  return { lines, statements, adds, deps: { pool, queues: queues as never, logger } };
}

const sms = {
  messageSid: "SM0123456789abcdef0123456789abcdef",
  from: "+14155550100",
  to: "+14155550199",
  body: "hello",
  numSegments: 1,
};

describe("acceptInbound", () => {
  it("answers after the commit while the enqueue is still pending", async () => {
    let resolveAdd: (value: unknown) => void = () => undefined;
    const { statements, adds, deps } = fakes(() => new Promise((resolve) => (resolveAdd = resolve)));
    // Far beyond the test's own timeout: a webhook that waited for the enqueue would never answer.
    await expect(acceptInbound({ ...deps, enqueueTimeoutMs: 60_000 }, sms)).resolves.toBe("accepted");
    expect(statements.at(-1)).toBe("COMMIT");
    expect(adds).toEqual([
      ["inbound", { messageId: MESSAGE, userId: USER }, { jobId: expect.any(String) as unknown }],
    ]);
    resolveAdd({});
  });

  it("answers when Redis refuses the job, and logs it for the sweeper", async () => {
    const { lines, deps } = fakes(() => Promise.reject(new Error("redis down")));
    await expect(acceptInbound(deps, sms)).resolves.toBe("accepted");
    await expect
      .poll(() => lines.map((l) => l["msg"]))
      .toContain("inbound stored but not enqueued; the sweeper will pick it up");
  });
});

describe("enqueueInbound", () => {
  it("gives up after enqueueTimeoutMs without rejecting", async () => {
    const { lines, deps } = fakes(() => new Promise(() => undefined));
    await expect(enqueueInbound({ ...deps, enqueueTimeoutMs: 10 }, MESSAGE, USER)).resolves.toBeUndefined();
    expect(lines).toEqual([
      expect.objectContaining({ msg: "inbound stored but not enqueued; the sweeper will pick it up" }),
    ]);
  });
});
