import { describe, expect, it } from "vitest";
import { formatDate, formatMoney } from "./format.ts";

const spaces = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("dates and money in the reader's language", () => {
  it("writes Stripe's minor units as the currency's amount", () => {
    expect(spaces(formatMoney("fr", 990, "eur"))).toBe("9,90 €");
    expect(formatMoney("en", 990, "eur")).toBe("€9.90");
    expect(spaces(formatMoney("fr", 1200, "jpy"))).toBe("1 200 JPY");
  });

  it("writes dates the French or the English way", () => {
    expect(formatDate("fr", "2026-12-05T10:00:00Z")).toBe("5 décembre 2026");
    expect(formatDate("en", "2026-12-05T10:00:00Z")).toBe("December 5, 2026");
  });
});
