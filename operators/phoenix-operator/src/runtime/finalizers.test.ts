import { describe, expect, it } from "vitest";
import { addFinalizerPatch, hasFinalizer, removeFinalizerPatch } from "./finalizers.ts";

const ours = "phoenix.dev/twilio-number";

function object(finalizers?: string[]) {
  return { metadata: { name: "n", namespace: "ns", resourceVersion: "42", finalizers } };
}

describe("finalizer patches", () => {
  it("creates the list when there is none, guarded by resourceVersion", () => {
    expect(addFinalizerPatch(object(), ours)).toEqual([
      { op: "test", path: "/metadata/resourceVersion", value: "42" },
      { op: "add", path: "/metadata/finalizers", value: [ours] },
    ]);
  });

  it("appends to an existing list instead of replacing it", () => {
    expect(addFinalizerPatch(object(["someone.else/keep"]), ours)).toEqual([
      { op: "test", path: "/metadata/resourceVersion", value: "42" },
      { op: "add", path: "/metadata/finalizers/-", value: ours },
    ]);
  });

  it("does nothing when the finalizer is already there", () => {
    expect(addFinalizerPatch(object([ours]), ours)).toBeUndefined();
    expect(hasFinalizer(object([ours]), ours)).toBe(true);
  });

  it("removes only our entry, by index, after testing it is still ours", () => {
    expect(removeFinalizerPatch(object(["a/first", ours, "b/last"]), ours)).toEqual([
      { op: "test", path: "/metadata/finalizers/1", value: ours },
      { op: "remove", path: "/metadata/finalizers/1" },
    ]);
    expect(removeFinalizerPatch(object(["a/first"]), ours)).toBeUndefined();
    expect(removeFinalizerPatch(object(), ours)).toBeUndefined();
  });

  it("refuses an unguarded add", () => {
    expect(() => addFinalizerPatch({ metadata: { name: "n" } }, ours)).toThrow(/resourceVersion/);
  });
});
