import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TwilioClient } from "./client.ts";
import { createTwilioClient } from "./client.ts";
import { monthlyPrice } from "./resources.ts";
import { ACCOUNT_SID, AUTH_TOKEN, closedPortUrl, startEmulator } from "./testing.ts";
import type { RunningEmulator } from "./testing.ts";

let emulator: RunningEmulator;
let twilio: TwilioClient;

beforeEach(async () => {
  emulator = await startEmulator();
  twilio = emulator.client();
});
afterEach(async () => {
  await emulator.close();
});

/** A client whose fetch answers `body` and records the URL asked for. */
function answering(body: unknown, status = 200) {
  const urls: string[] = [];
  const client = createTwilioClient({
    accountSid: ACCOUNT_SID,
    password: AUTH_TOKEN,
    fetch: (input) => {
      urls.push(input instanceof Request ? input.url : input.toString());
      return Promise.resolve(new Response(JSON.stringify(body), { status }));
    },
  });
  return { client, urls };
}

describe("getPhoneNumberPrices (Pricing API v1)", () => {
  it("reads a country's monthly prices per number type", async () => {
    const prices = await twilio.getPhoneNumberPrices("US");

    expect(prices).toMatchObject({ country: "United States", iso_country: "US", price_unit: "USD" });
    expect(prices.phone_number_prices).toContainEqual({
      number_type: "local",
      base_price: "1.15",
      current_price: "1.15",
    });
    expect(monthlyPrice(prices)).toBe("1.15");
    expect(monthlyPrice(prices, "toll free")).toBe("2.15");
    expect(monthlyPrice(prices, "mobile")).toBeUndefined();
    expect(emulator.calls).toEqual([
      { operation: "pricing.numbers.fetch", status: 200, durationMs: expect.any(Number) as number },
    ]);
  });

  it("follows the prices Twilio holds for each country", async () => {
    await emulator.control.setPhoneNumberPrices("FR", {
      country: "France",
      prices: [
        { numberType: "local", basePrice: "1.50", currentPrice: "1.20" },
        { numberType: "mobile", basePrice: "3.00" },
      ],
    });

    const france = await twilio.getPhoneNumberPrices("FR");
    expect(france).toMatchObject({ country: "France", iso_country: "FR", price_unit: "USD" });
    expect(monthlyPrice(france, "local")).toBe("1.20");
    expect(monthlyPrice(france, "mobile")).toBe("3.00");
    expect(monthlyPrice(await twilio.getPhoneNumberPrices("GB"), "local")).toBe("1.00");
  });

  it("a country Twilio does not price is a terminal 404 (20404)", async () => {
    await emulator.control.deletePhoneNumberPrices("US");

    await expect(twilio.getPhoneNumberPrices("US")).rejects.toMatchObject({
      name: "TwilioApiError",
      operation: "pricing.numbers.fetch",
      status: 404,
      code: 20404,
      retryable: false,
    });
    await expect(twilio.getPhoneNumberPrices("ZZ")).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  it("authenticates with an API key and fails 401 (20003) with a wrong secret", async () => {
    const key = await emulator.control.createApiKey();

    const withKey = emulator.client({ username: key.sid, password: key.secret });
    expect(monthlyPrice(await withKey.getPhoneNumberPrices("US"))).toBe("1.15");
    await expect(
      emulator.client({ username: key.sid, password: "wrong" }).getPhoneNumberPrices("US"),
    ).rejects.toMatchObject({ status: 401, code: 20003, retryable: false });
  });

  it("a 503 from Twilio is retryable", async () => {
    await emulator.control.addFaults({ failures: [{ operation: "FetchPhoneNumberCountry", status: 503 }] });

    await expect(twilio.getPhoneNumberPrices("US")).rejects.toMatchObject({
      status: 503,
      code: 20503,
      retryable: true,
    });
    expect(monthlyPrice(await twilio.getPhoneNumberPrices("US"))).toBe("1.15");
  });

  it("asks the pricing host, not the REST API's", async () => {
    // The REST API's base URL leads nowhere: only pricingBaseUrl is used.
    const client = emulator.client({ baseUrl: await closedPortUrl() });
    expect(monthlyPrice(await client.getPhoneNumberPrices("US"))).toBe("1.15");

    const { client: live, urls } = answering({
      iso_country: "US",
      price_unit: "USD",
      phone_number_prices: [],
    });
    await live.getPhoneNumberPrices("US");
    expect(urls).toEqual(["https://pricing.twilio.com/v1/PhoneNumbers/Countries/US"]);
  });

  it("reads prices sent as JSON numbers (as Twilio's OpenAPI spec types them) as decimal strings", async () => {
    const { client } = answering({
      country: "Estonia",
      iso_country: "EE",
      phone_number_prices: [{ number_type: "mobile", base_price: 3, current_price: 2.5 }],
      price_unit: "USD",
      url: "https://pricing.twilio.com/v1/PhoneNumbers/Countries/EE",
    });

    expect((await client.getPhoneNumberPrices("EE")).phone_number_prices).toEqual([
      { number_type: "mobile", base_price: "3", current_price: "2.5" },
    ]);
  });

  it.each([
    ["no phone_number_prices", { iso_country: "US", price_unit: "USD" }],
    [
      "a price that is not a number",
      {
        iso_country: "US",
        price_unit: "USD",
        phone_number_prices: [{ number_type: "local", base_price: "n/a", current_price: "1" }],
      },
    ],
    [
      "an entry without number_type",
      {
        iso_country: "US",
        price_unit: "USD",
        phone_number_prices: [{ base_price: "1", current_price: "1" }],
      },
    ],
  ])("turns a 200 with %s into a terminal malformed error", async (_name, body) => {
    await expect(answering(body).client.getPhoneNumberPrices("US")).rejects.toMatchObject({
      kind: "malformed",
      retryable: false,
    });
  });
});
