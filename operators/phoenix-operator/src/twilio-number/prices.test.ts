import { describe, expect, it } from "vitest";
import type { PhoneNumberCountry } from "@phoenix/twilio";
import { TwilioApiError } from "@phoenix/twilio";
import type { Clock } from "@phoenix/kube/clock";
import { PriceList } from "./prices.ts";

function country(iso: string, local: string | undefined): PhoneNumberCountry {
  return {
    country: iso,
    iso_country: iso,
    phone_number_prices: [
      ...(local === undefined ? [] : [{ number_type: "local", base_price: local, current_price: local }]),
      { number_type: "toll free", base_price: "2.15", current_price: "2.15" },
    ],
    price_unit: "USD",
    url: `https://pricing.twilio.com/v1/PhoneNumbers/Countries/${iso}`,
  };
}

/** A Pricing API whose answers the test sets, counting the calls per country. */
function pricing(answers: Record<string, () => Promise<PhoneNumberCountry>>) {
  const calls: string[] = [];
  return {
    calls,
    getPhoneNumberPrices: (iso: string) => {
      calls.push(iso);
      const answer = answers[iso];
      return answer ? answer() : Promise.reject(twilioError(404, 20404));
    },
  };
}

function twilioError(status: number, code: number): TwilioApiError {
  return new TwilioApiError(`HTTP ${status}`, {
    operation: "pricing.numbers.fetch",
    kind: "http",
    status,
    code,
    moreInfo: undefined,
    retryAfterMs: undefined,
  });
}

function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  return { now: () => now, setTimer: () => () => undefined, advance: (ms) => (now += ms) };
}

describe("PriceList", () => {
  it("answers the local monthly price of the country", async () => {
    const twilio = pricing({
      US: () => Promise.resolve(country("US", "1.15")),
      GB: () => Promise.resolve(country("GB", "1.00")),
    });
    const prices = new PriceList({ twilio, clock: manualClock() });
    expect(await prices.localMonthlyPrice("US")).toBe("1.15");
    expect(await prices.localMonthlyPrice("GB")).toBe("1.00");
  });

  it("is undefined where Twilio lists no local numbers", async () => {
    const prices = new PriceList({
      twilio: pricing({ XX: () => Promise.resolve(country("XX", undefined)) }),
      clock: manualClock(),
    });
    expect(await prices.localMonthlyPrice("XX")).toBeUndefined();
  });

  it("shares one call among concurrent reconciles and reuses it until the TTL has passed", async () => {
    const twilio = pricing({ US: () => Promise.resolve(country("US", "1.15")) });
    const clock = manualClock();
    const prices = new PriceList({ twilio, clock, ttlMs: 1000 });
    await Promise.all(Array.from({ length: 50 }, () => prices.localMonthlyPrice("US")));
    clock.advance(999);
    await prices.localMonthlyPrice("US");
    expect(twilio.calls).toEqual(["US"]);
    clock.advance(1);
    await prices.localMonthlyPrice("US");
    expect(twilio.calls).toEqual(["US", "US"]);
  });

  it("does not keep a failed lookup: the next reconcile asks again", async () => {
    let fail = true;
    const twilio = pricing({
      US: () => (fail ? Promise.reject(twilioError(503, 20503)) : Promise.resolve(country("US", "1.15"))),
    });
    const prices = new PriceList({ twilio, clock: manualClock() });
    await expect(prices.localMonthlyPrice("US")).rejects.toMatchObject({ status: 503 });
    fail = false;
    expect(await prices.localMonthlyPrice("US")).toBe("1.15");
    expect(twilio.calls).toEqual(["US", "US"]);
  });
});
