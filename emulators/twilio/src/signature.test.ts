import { describe, expect, it } from "vitest";
import { bodySha256, isValidTwilioSignature, twilioSignature } from "./signature.ts";
import { publishedSignatureVector } from "./testing.ts";

const { url, params } = publishedSignatureVector;

describe("X-Twilio-Signature", () => {
  it("matches twilio-node's test vector", () => {
    expect(twilioSignature("12345", url, params)).toBe("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  });

  it("matches the docs example", () => {
    const docs = { ...params, Caller: "+12349013030", From: "+12349013030" };
    expect(twilioSignature("12345", url, docs)).toBe("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
  });

  it("sorts params by name whatever order they arrive in", () => {
    const reversed = Object.fromEntries(Object.entries(params).reverse());
    expect(twilioSignature("12345", url, reversed)).toBe("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  });

  it("signs the URL alone with bodySHA256 for JSON bodies", () => {
    const hash = bodySha256('{"property": "value", "boolean": true}');
    expect(hash).toBe("0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620");
    expect(twilioSignature("12345", `${url}&bodySHA256=${hash}`)).toBe("a9nBmqA0ju/hNViExpshrM61xv4=");
  });

  it("appends each de-duplicated, sorted value of a multi-valued param", () => {
    const multi = twilioSignature("12345", url, { MediaUrl: ["b", "a", "b"] });
    expect(multi).toBe(twilioSignature("12345", `${url}MediaUrlaMediaUrlb`));
  });

  it("validates the right signature and rejects a tampered one", () => {
    expect(isValidTwilioSignature("12345", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", url, params)).toBe(true);
    expect(
      isValidTwilioSignature("12345", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", url, { ...params, Digits: "1235" }),
    ).toBe(false);
    expect(isValidTwilioSignature("54321", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", url, params)).toBe(false);
    expect(isValidTwilioSignature("12345", "short", url, params)).toBe(false);
  });
});
