import { describe, expect, it } from "vitest";
import { bannerChoices } from "./api/privacy.ts";

describe("the cookie banner's choices at signup", () => {
  it("are the purposes the visitor accepted", () => {
    expect(bannerChoices("a=1; phoenix_consent=v1%3Aanalytics%3D1%2Cpersonalization%3D0; b=2")).toEqual([
      "analytics",
    ]);
    expect(bannerChoices("phoenix_consent=v1:analytics=1,personalization=1")).toEqual([
      "analytics",
      "personalization",
    ]);
  });

  it("are none without the cookie, with a refusal or with a cookie of another version", () => {
    expect(bannerChoices("")).toEqual([]);
    expect(bannerChoices("phoenix_consent=v1:analytics=0,personalization=0")).toEqual([]);
    expect(bannerChoices("phoenix_consent=v0:analytics=1")).toEqual([]);
  });
});
