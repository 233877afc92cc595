import { describe, expect, it } from "vitest";
import { applyMetadata, optionalList, parseParams, stringList } from "./params.ts";

describe("bracket-notation parameters", () => {
  it("nests hashes and indexed lists the way stripe-node encodes them", () => {
    const params = parseParams(
      "mode=subscription&line_items[0][price]=price_1&line_items[0][quantity]=1&subscription_data[metadata][userId]=u1",
    );
    expect(params).toEqual({
      mode: "subscription",
      line_items: { "0": { price: "price_1", quantity: "1" } },
      subscription_data: { metadata: { userId: "u1" } },
    });
    expect(optionalList(params, "line_items")).toEqual([{ price: "price_1", quantity: "1" }]);
  });

  it("reads lists sent as a[]= (curl) and as a[0]= (stripe-node) alike, in index order", () => {
    expect(stringList(parseParams("expand[]=customer&expand[]=latest_invoice"), "expand")).toEqual([
      "customer",
      "latest_invoice",
    ]);
    expect(stringList(parseParams("expand[1]=b&expand[0]=a&expand[10]=c"), "expand")).toEqual([
      "a",
      "b",
      "c",
    ]);
  });

  it("merges metadata, deletes a key sent empty, and clears all with metadata=", () => {
    const current = { userId: "u1", plan: "free" };
    expect(applyMetadata(current, parseParams("metadata[plan]=premium&metadata[userId]="))).toEqual({
      plan: "premium",
    });
    expect(applyMetadata(current, parseParams("metadata="))).toEqual({});
    expect(applyMetadata(current, parseParams("name=x"))).toBe(current);
  });

  it("refuses metadata keys longer than Stripe allows", () => {
    expect(() => applyMetadata({}, parseParams(`metadata[${"k".repeat(41)}]=v`))).toThrow(
      /up to 40 characters/,
    );
  });
});
