import { describe, expect, it } from "vitest";
import type { KubeObject } from "./kube-client.ts";
import { OwnWrites } from "./own-writes.ts";

const type = { group: "phoenix.dev", version: "v1alpha1", plural: "twilionumbers" };
const at = (name: string, resourceVersion: string): KubeObject => ({
  metadata: { namespace: "ns", name, resourceVersion },
});

describe("OwnWrites", () => {
  it("recognises a version it wrote once, and the older ones with it", () => {
    const writes = new OwnWrites(type);
    writes.record(at("a", "5"));
    writes.record(at("a", "7"));
    expect(writes.skip(at("a", "7"))).toBe(true);
    // "5" was consumed with "7": watch events arrive in order, so its echo is not coming.
    expect(writes.skip(at("a", "5"))).toBe(false);
    expect(writes.skip(at("a", "7"))).toBe(false);
    expect(writes.size).toBe(0);
  });

  it("never mistakes another object's or another writer's version for its own", () => {
    const writes = new OwnWrites(type);
    writes.record(at("a", "5"));
    expect(writes.skip(at("b", "5"))).toBe(false);
    expect(writes.skip(at("a", "6"))).toBe(false);
    expect(writes.skip({ metadata: { namespace: "ns", name: "a" } })).toBe(false);
  });

  it("keeps a bounded number of versions per object", () => {
    const writes = new OwnWrites(type, { maxPerObject: 2 });
    for (const version of ["1", "2", "3"]) writes.record(at("a", version));
    expect(writes.skip(at("a", "1"))).toBe(false);
    expect(writes.skip(at("a", "3"))).toBe(true);
  });

  it("holds changes while the object's reconcile runs, then keeps only those not its own", () => {
    const writes = new OwnWrites(type);
    writes.begin("ns/a");
    // The echo of a write arrives before the write's response was read...
    expect(writes.skip(at("a", "5"))).toBe(true);
    writes.record(at("a", "5"));
    expect(writes.end("ns/a")).toBe(false);
    // ...and someone else's change during a reconcile is reconciled once it ends.
    writes.begin("ns/a");
    expect(writes.skip(at("a", "6"))).toBe(true);
    writes.record(at("a", "7"));
    expect(writes.skip(at("a", "7"))).toBe(true);
    expect(writes.end("ns/a")).toBe(true);
    expect(writes.size).toBe(0);
  });
});
