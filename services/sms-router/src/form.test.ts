import { describe, expect, it } from "vitest";
import { parseForm, readFields } from "./form.ts";
import { inboundFields } from "./inbound.ts";
import { statusFields } from "./status.ts";

const SID = "SM0123456789abcdef0123456789abcdef";
const inbound = `MessageSid=${SID}&From=%2B15551230001&To=%2B15551230002&Body=hi&NumSegments=1`;

describe("webhook form parsing", () => {
  it("decodes Twilio's form encoding, including + for spaces and %2B for plus", () => {
    const form = parseForm("From=%2B15551230001&Body=remind+me+at+9pm&NumSegments=1");
    expect(form).toEqual({ From: "+15551230001", Body: "remind me at 9pm", NumSegments: "1" });
  });

  it("keeps every value of a repeated parameter, as the signature covers them all", () => {
    const form = parseForm("MediaUrl=b&MediaUrl=a&MediaUrl=c&Body=x");
    expect(form["MediaUrl"]).toEqual(["b", "a", "c"]);
  });

  it("reads an empty body as no parameters", () => {
    expect(Object.keys(parseForm(""))).toEqual([]);
  });

  it("keeps __proto__ and constructor as plain fields, never as the prototype", () => {
    const form = parseForm("__proto__=a&__proto__=b&constructor=c");
    expect(Object.getPrototypeOf(form)).toBeNull();
    expect(Object.keys(form)).toEqual(["__proto__", "constructor"]);
    expect(form["__proto__"]).toEqual(["a", "b"]);
  });
});

describe("readFields: each field used is there once, a string in Twilio's form", () => {
  it("reads a well-formed inbound webhook", () => {
    expect(readFields(parseForm(inbound), inboundFields)).toEqual({
      ok: true,
      fields: { MessageSid: SID, From: "+15551230001", To: "+15551230002", Body: "hi", NumSegments: "1" },
    });
  });

  it("treats an optional field sent empty as absent, and an empty Body as a Body", () => {
    const read = readFields(
      parseForm(`MessageSid=${SID}&From=%2B1555&To=%2B1556&Body=&NumSegments=`),
      inboundFields,
    );
    expect(read).toMatchObject({ ok: true, fields: { Body: "", NumSegments: undefined } });
  });

  it.each([
    ["a missing MessageSid", inbound.replace(/MessageSid=[^&]*&/, ""), "MessageSid is required"],
    ["a missing Body", inbound.replace(/&Body=[^&]*/, ""), "Body is required"],
    ["a repeated From", `${inbound}&From=%2B15551230009`, "From is repeated; Twilio sends it once"],
    ["a repeated NumSegments", `${inbound}&NumSegments=2`, "NumSegments is repeated; Twilio sends it once"],
    [
      "a To that is not E.164",
      inbound.replace("To=%2B15551230002", "To=5551230002"),
      "To is not in Twilio's form",
    ],
    [
      "a MessageSid of another kind",
      inbound.replace(SID, `CA${SID.slice(2)}`),
      "MessageSid is not in Twilio's form",
    ],
    ["NUL in the Body", inbound.replace("Body=hi", "Body=h%00i"), "Body must not contain NUL (U+0000)"],
    ["a fractional NumSegments", inbound.replace("NumSegments=1", "NumSegments=1.5"), "NumSegments is not"],
    [
      "an out-of-range NumSegments",
      inbound.replace("NumSegments=1", "NumSegments=99999"),
      "NumSegments is not",
    ],
    ["an infinite NumSegments", inbound.replace("NumSegments=1", "NumSegments=1e400"), "NumSegments is not"],
  ])("refuses %s", (_name, text, problem) => {
    const read = readFields(parseForm(text), inboundFields);
    expect(read.ok).toBe(false);
    expect(read.ok ? "" : read.problem).toContain(problem);
  });

  it.each([
    ["a number", { ...parseForm(inbound), MessageSid: 1 }, "MessageSid must be a string"],
    ["null", { ...parseForm(inbound), Body: null }, "Body must be a string"],
    ["an object", { ...parseForm(inbound), From: { a: 1 } }, "From must be a string"],
  ])("refuses a field that is %s (a body no form parser makes)", (_name, body, problem) => {
    expect(readFields(body, inboundFields)).toEqual({ ok: false, problem });
  });

  it.each([undefined, null, "MessageSid=x", ["MessageSid"], 42])("refuses the body %j", (body) => {
    expect(readFields(body, inboundFields)).toEqual({ ok: false, problem: "the body must be a form" });
  });

  it.each([
    ["ErrorCode=abc", "ErrorCode is not in Twilio's form"],
    ["ErrorCode=12345678901", "ErrorCode is not in Twilio's form"],
    ["MessageStatus=Delivered%00", "MessageStatus must not contain NUL"],
    ["MessageStatus=DELIVERED", "MessageStatus is not in Twilio's form"],
    ["MessageStatus=sent&MessageStatus=delivered", "MessageStatus is repeated"],
  ])("refuses the status callback field %s", (extra, problem) => {
    const read = readFields(parseForm(`MessageSid=${SID}&${extra}`), statusFields);
    expect(read.ok ? "" : read.problem).toContain(problem);
  });
});
