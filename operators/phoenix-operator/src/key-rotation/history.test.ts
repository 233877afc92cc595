import { describe, expect, it } from "vitest";
import type { KeySetDocument } from "@phoenix/kernel/keyset";
import { nextHistory, readHistory, revisionHistoryAnnotation } from "./history.ts";
import type { RevisionRecord } from "./history.ts";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 0, minute));

function keySet(revision: number, ...kids: string[]): KeySetDocument {
  return {
    type: "HMAC",
    algorithm: "HS256",
    revision,
    keys: kids.map((kid) => ({
      kid,
      state: "active",
      secret: "c2VjcmV0",
      createdAt: at(0).toISOString(),
      activatesAt: at(0).toISOString(),
    })),
  };
}

/** Runs `revisions` steps, each replacing the previous key set, as the reconcile does. */
function history(revisions: number, limit: number): RevisionRecord[] {
  let records: RevisionRecord[] = [];
  let current: KeySetDocument | undefined;
  for (let revision = 1; revision <= revisions; revision++) {
    const replaced = current && { document: current, contentHash: `hash-${current.revision}` };
    records = nextHistory(records, replaced, at(revision), limit);
    current = keySet(revision, `k${revision}`);
  }
  return records;
}

describe("revision history", () => {
  it("keeps the retired revisions newest first, at most revisionHistoryLimit of them", () => {
    expect(history(1, 3)).toEqual([]);
    expect(history(6, 3)).toEqual([
      { revision: 5, contentHash: "hash-5", kids: ["k5"], replacedAt: at(6).toISOString() },
      { revision: 4, contentHash: "hash-4", kids: ["k4"], replacedAt: at(5).toISOString() },
      { revision: 3, contentHash: "hash-3", kids: ["k3"], replacedAt: at(4).toISOString() },
    ]);
    expect(history(6, 1).map((r) => r.revision)).toEqual([5]);
  });

  it("prunes older revisions at once when the limit shrinks", () => {
    const five = history(6, 5);
    expect(five).toHaveLength(5);
    expect(nextHistory(five, { document: keySet(6, "k6"), contentHash: "h6" }, at(7), 2)).toEqual([
      expect.objectContaining({ revision: 6 }),
      expect.objectContaining({ revision: 5 }),
    ]);
  });

  it("records a revision once, even when the same step is written again after a conflict", () => {
    const replaced = { document: keySet(2, "a", "b"), contentHash: "h2" };
    const once = nextHistory([], replaced, at(1), 3);
    expect(nextHistory(once, replaced, at(2), 3)).toEqual([
      { revision: 2, contentHash: "h2", kids: ["a", "b"], replacedAt: at(2).toISOString() },
    ]);
  });

  it("reads the Secret's annotation, treating a missing or mangled one as empty", () => {
    const records = history(3, 3);
    expect(readHistory({ [revisionHistoryAnnotation]: JSON.stringify(records) })).toEqual(records);
    expect(readHistory(undefined)).toEqual([]);
    expect(readHistory({ [revisionHistoryAnnotation]: "{not json" })).toEqual([]);
    expect(
      readHistory({ [revisionHistoryAnnotation]: JSON.stringify([{ revision: "x" }, records[0]]) }),
    ).toEqual([records[0]]);
  });
});
