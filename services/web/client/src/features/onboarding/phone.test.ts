import { describe, expect, it } from "vitest";
import { countries, fromE164, toE164 } from "./phone.ts";

describe("phone numbers on the onboarding page", () => {
  it("lists France first, then the countries by their name in the page's language", () => {
    const list = countries("fr");
    expect(list[0]).toMatchObject({ code: "FR", name: "France", callingCode: "33" });
    const names = list.slice(1, 6).map((country) => country.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "fr")));
    expect(countries("en").find((country) => country.code === "DE")?.name).toBe("Germany");
  });

  it("accepts a national number in the chosen country and an international one, as E.164", () => {
    expect(toE164("06 12 34 56 78", "FR")).toBe("+33612345678");
    expect(toE164("+44 7400 123456", "FR")).toBe("+447400123456");
  });

  it("refuses what the API would refuse", () => {
    expect(toE164("06 12", "FR")).toBeUndefined();
    expect(toE164("hello", "FR")).toBeUndefined();
    expect(toE164("", "FR")).toBeUndefined();
  });

  it("splits a stored number back into country and national number", () => {
    expect(fromE164("+33612345678")).toEqual({ country: "FR", national: "06 12 34 56 78" });
    expect(fromE164(null)).toEqual({ country: "FR", national: "" });
  });
});
