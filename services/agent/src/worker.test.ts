import pg from "pg";
import { describe, expect, it } from "vitest";
import { agentFailureReason } from "./worker.ts";

describe("agent failure reasons", () => {
  it("tells the database, Redis and timeouts apart and folds the rest into other", () => {
    expect(agentFailureReason(new pg.DatabaseError("deadlock detected", 0, "error"))).toBe("database");
    expect(agentFailureReason(new Error("Connection terminated unexpectedly"))).toBe("database");
    expect(agentFailureReason(Object.assign(new Error("x"), { name: "MaxRetriesPerRequestError" }))).toBe(
      "redis",
    );
    expect(agentFailureReason(new Error("Connection is closed."))).toBe("redis");
    expect(agentFailureReason(new Error("Query read timeout"))).toBe("timeout");
    expect(agentFailureReason(new TypeError("cannot read properties of undefined"))).toBe("other");
    expect(agentFailureReason("a string")).toBe("other");
  });
});
