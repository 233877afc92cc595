import Type from "typebox";
import { describe, expect, it } from "vitest";
import { isJsonMediaType, jsonTypeMismatch, nulPath } from "./client-input.ts";

const Reminder = Type.Object({
  text: Type.String(),
  count: Type.Optional(Type.Integer()),
  ratio: Type.Optional(Type.Number()),
  urgent: Type.Optional(Type.Boolean()),
  language: Type.Optional(Type.Union([Type.Literal("fr"), Type.Literal("en"), Type.Null()])),
  tags: Type.Optional(Type.Array(Type.String())),
  place: Type.Optional(Type.Object({ city: Type.String() })),
});

describe("jsonTypeMismatch: a JSON body's types are the schema's, as sent", () => {
  it.each([
    [{ text: 12 }, "body/text must be string"],
    [{ text: true }, "body/text must be string"],
    [{ text: null }, "body/text must be string"],
    [{ text: ["a"] }, "body/text must be string"],
    [{ text: { a: 1 } }, "body/text must be string"],
    [{ text: "a", count: "3" }, "body/count must be integer"],
    [{ text: "a", count: 1.5 }, "body/count must be integer"],
    [{ text: "a", ratio: "0.5" }, "body/ratio must be number"],
    [{ text: "a", urgent: "true" }, "body/urgent must be boolean"],
    [{ text: "a", urgent: 1 }, "body/urgent must be boolean"],
    [{ text: "a", language: 1 }, "body/language must be string"],
    [{ text: "a", tags: "x" }, "body/tags must be array"],
    [{ text: "a", tags: ["x", 2] }, "body/tags/1 must be string"],
    [{ text: "a", place: { city: 75 } }, "body/place/city must be string"],
    [[{ text: "a" }], "body must be object"],
    ["text", "body must be object"],
    [null, "body must be object"],
  ])("refuses %j: %s", (body, message) => {
    expect(jsonTypeMismatch(Reminder, body)).toBe(message);
  });

  it.each([
    [{ text: "a" }],
    [{ text: "a", count: 3, ratio: 0.5, urgent: false, language: null, tags: [], place: { city: "Lyon" } }],
    // Not a type question: left to the schema validator (required, enum, extra properties).
    [{}],
    [{ text: "a", language: "de" }],
    [{ text: "a", extra: 1 }],
  ])("leaves %j to the validator", (body) => {
    expect(jsonTypeMismatch(Reminder, body)).toBeUndefined();
  });

  it("follows allOf and type lists, and ignores what it does not know", () => {
    expect(jsonTypeMismatch({ allOf: [{ type: "object" }, Reminder] }, { text: 1 })).toBe(
      "body/text must be string",
    );
    expect(jsonTypeMismatch({ type: ["string", "null"] }, 1)).toBe("body must be string,null");
    expect(jsonTypeMismatch({ type: ["string", "null"] }, null)).toBeUndefined();
    expect(jsonTypeMismatch({ $ref: "Profile" }, 1)).toBeUndefined();
    expect(jsonTypeMismatch(Type.Unknown(), Buffer.from("x"))).toBeUndefined();
    expect(jsonTypeMismatch(true, 1)).toBeUndefined();
  });
});

describe("isJsonMediaType", () => {
  it.each([
    ["application/json", true],
    ["Application/JSON; charset=utf-8", true],
    ["application/merge-patch+json", true],
    ["application/x-www-form-urlencoded", false],
    ["text/plain", false],
    [undefined, false],
  ])("%s → %s", (type, json) => {
    expect(isJsonMediaType(type)).toBe(json);
  });
});

describe("nulPath: no string of a request carries NUL", () => {
  it.each([
    ["a\u0000b", "body"],
    [{ text: "ok", place: { city: "Ly\u0000on" } }, "body/place/city"],
    [{ tags: ["a", "\u0000"] }, "body/tags/1"],
  ])("finds it in %j at %s", (value, path) => {
    expect(nulPath(value, "body")).toBe(path);
  });

  it.each([[{ text: "ok", n: 0, tags: ["a"] }], [null], [42], [Buffer.from([0, 1, 2])]])(
    "finds none in %j",
    (value) => {
      expect(nulPath(value, "body")).toBeUndefined();
    },
  );
});
