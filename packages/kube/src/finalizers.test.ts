import { describe, expect, it } from "vitest";
import {
  addFinalizerPatch,
  hasFinalizer,
  removeAnnotationPatch,
  removeFinalizerPatch,
} from "./finalizers.ts";

const ours = "phoenix.dev/twilio-number";

const reserved = "phoenix.dev/reserved-number";

function object(finalizers?: string[], annotations?: Record<string, string>) {
  return { metadata: { name: "n", namespace: "ns", resourceVersion: "42", finalizers, annotations } };
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

  it("sets annotations in the same guarded write, creating the map only when there is none", () => {
    expect(addFinalizerPatch(object(), ours, { [reserved]: "+14155550100" })).toEqual([
      { op: "test", path: "/metadata/resourceVersion", value: "42" },
      { op: "add", path: "/metadata/finalizers", value: [ours] },
      { op: "add", path: "/metadata/annotations", value: { [reserved]: "+14155550100" } },
    ]);
    // An existing map is extended key by key (the "/" in the key escaped as ~1), not replaced.
    expect(addFinalizerPatch(object([ours], { "other/key": "x" }), ours, { [reserved]: "+1" })).toEqual([
      { op: "test", path: "/metadata/resourceVersion", value: "42" },
      { op: "add", path: "/metadata/annotations/phoenix.dev~1reserved-number", value: "+1" },
    ]);
    expect(
      addFinalizerPatch(object([ours], { [reserved]: "+1" }), ours, { [reserved]: "+1" }),
    ).toBeUndefined();
  });

  it("removes an annotation only while it still has the value we read", () => {
    expect(removeAnnotationPatch(object([ours], { [reserved]: "+1", "a~b": "y" }), reserved)).toEqual([
      { op: "test", path: "/metadata/annotations/phoenix.dev~1reserved-number", value: "+1" },
      { op: "remove", path: "/metadata/annotations/phoenix.dev~1reserved-number" },
    ]);
    expect(removeAnnotationPatch(object([ours], { "a~b": "y" }), "a~b")?.[0]?.path).toBe(
      "/metadata/annotations/a~0b",
    );
    expect(removeAnnotationPatch(object([ours]), reserved)).toBeUndefined();
  });

  it("refuses an unguarded add", () => {
    expect(() => addFinalizerPatch({ metadata: { name: "n" } }, ours)).toThrow(/resourceVersion/);
  });
});
