import { describe, expect, it } from "vitest";
import { parseForm, single } from "./form.ts";

describe("webhook form parsing", () => {
  it("decodes Twilio's form encoding, including + for spaces and %2B for plus", () => {
    const form = parseForm("From=%2B15551230001&Body=remind+me+at+9pm&NumSegments=1");
    expect(form).toEqual({ From: "+15551230001", Body: "remind me at 9pm", NumSegments: "1" });
  });

  it("keeps every value of a repeated parameter, as the signature covers them all", () => {
    const form = parseForm("MediaUrl=b&MediaUrl=a&Body=x");
    expect(form["MediaUrl"]).toEqual(["b", "a"]);
    expect(single(form, "MediaUrl")).toBe("b");
  });

  it("reads an empty body as no parameters", () => {
    expect(parseForm("")).toEqual({});
  });
});
