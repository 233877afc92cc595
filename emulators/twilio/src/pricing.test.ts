import { afterEach, describe, expect, it } from "vitest";
import type { StateView } from "./control-schema.ts";
import type { TestEmulator } from "./testing.ts";
import { API_KEY_SECRET, API_KEY_SID, basicAuth, testEmulator } from "./testing.ts";

let emulator: TestEmulator;
afterEach(async () => {
  await emulator.app.close();
});

/** GET on the Pricing API's path, as a client of pricing.twilio.com sends it. */
const fetchCountry = (isoCountry: string, authorization: string | null = basicAuth()) =>
  emulator.app.inject({
    method: "GET",
    url: `/v1/PhoneNumbers/Countries/${isoCountry}`,
    headers: authorization === null ? {} : { authorization },
  });

const control = (method: "PUT" | "DELETE" | "POST", url: string, payload?: object) =>
  emulator.app.inject({ method, url: `/_control${url}`, ...(payload && { payload }) });

const state = async (): Promise<StateView> =>
  (await emulator.app.inject({ method: "GET", url: "/_control/state" })).json();

describe("Pricing API: GET /v1/PhoneNumbers/Countries/{IsoCountry}", () => {
  it("answers Twilio's phone-number-country resource, field for field", async () => {
    emulator = testEmulator();
    const response = await fetchCountry("US");

    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(response.body).toBe(
      JSON.stringify({
        country: "United States",
        iso_country: "US",
        phone_number_prices: [
          { number_type: "local", base_price: "1.15", current_price: "1.15" },
          { number_type: "toll free", base_price: "2.15", current_price: "2.15" },
        ],
        price_unit: "USD",
        url: "https://pricing.twilio.com/v1/PhoneNumbers/Countries/US",
      }),
    );
  });

  it("prices each country and number type on its own", async () => {
    emulator = testEmulator();
    const response = await fetchCountry("GB");

    expect(response.json()).toMatchObject({
      country: "United Kingdom",
      phone_number_prices: [
        { number_type: "local", current_price: "1.00" },
        { number_type: "mobile", current_price: "1.00" },
        { number_type: "national", current_price: "1.00" },
        { number_type: "toll free", current_price: "2.00" },
      ],
    });
  });

  it("answers an unpriced country with Twilio's 404 error (20404) naming the path", async () => {
    emulator = testEmulator();
    const response = await fetchCountry("ZZ");

    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      code: 20404,
      message: "The requested resource /v1/PhoneNumbers/Countries/ZZ was not found",
      more_info: "https://www.twilio.com/docs/errors/20404",
      status: 404,
    });
  });

  it("answers other /v1 paths with Twilio's 404 too", async () => {
    emulator = testEmulator();
    const response = await emulator.app.inject({
      url: "/v1/Messaging/Countries/US",
      headers: { authorization: basicAuth() },
    });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 20404, status: 404 });
  });

  it("authenticates like the REST API: the account's token or an API key, else 401 (20003)", async () => {
    emulator = testEmulator();

    expect((await fetchCountry("US", basicAuth(API_KEY_SID, API_KEY_SECRET))).statusCode).toBe(200);
    for (const authorization of [null, basicAuth(undefined, "wrong"), basicAuth(API_KEY_SID, "wrong")]) {
      const refused = await fetchCountry("US", authorization);
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ code: 20003, status: 401 });
    }
  });

  it("is counted and can be failed as FetchPhoneNumberCountry", async () => {
    emulator = testEmulator();
    await control("POST", "/faults", {
      failures: [{ operation: "FetchPhoneNumberCountry", status: 503, count: 1 }],
    });

    expect((await fetchCountry("US")).json()).toMatchObject({ code: 20503, status: 503 });
    expect((await fetchCountry("US")).statusCode).toBe(200);
    expect((await state()).calls["FetchPhoneNumberCountry"]).toEqual({
      total: 2,
      byStatus: { 200: 1, 503: 1 },
    });
  });
});

describe("Pricing API state through the control API", () => {
  it("sets a country's prices, which the API then serves and the cost view follows", async () => {
    emulator = testEmulator();

    const set = await control("PUT", "/pricing/phone-numbers/FR", {
      country: "France",
      prices: [
        { numberType: "local", basePrice: "1.50" },
        { numberType: "mobile", basePrice: "3.00", currentPrice: "2.40" },
      ],
    });
    expect(set.statusCode).toBe(200);
    expect((await fetchCountry("FR")).json()).toEqual({
      country: "France",
      iso_country: "FR",
      phone_number_prices: [
        { number_type: "local", base_price: "1.50", current_price: "1.50" },
        { number_type: "mobile", base_price: "3.00", current_price: "2.40" },
      ],
      price_unit: "USD",
      url: "https://pricing.twilio.com/v1/PhoneNumbers/Countries/FR",
    });

    // The month's cost rents every (US local) number at the Pricing API's current price.
    await emulator.twilio("POST", "/IncomingPhoneNumbers.json", { form: { AreaCode: "415" } });
    expect((await state()).cost).toMatchObject({
      numbersOwned: 1,
      numberMonthlyUsd: 1.15,
      monthlyCostUsd: 1.15,
    });
    await control("PUT", "/pricing/phone-numbers/US", {
      country: "United States",
      prices: [{ numberType: "local", basePrice: "1.15", currentPrice: "0.90" }],
    });
    expect((await state()).cost).toMatchObject({ numberMonthlyUsd: 0.9, monthlyCostUsd: 0.9 });
    expect((await state()).phoneNumberPrices["US"]).toEqual({
      country: "United States",
      priceUnit: "USD",
      prices: [{ numberType: "local", basePrice: "1.15", currentPrice: "0.90" }],
    });
  });

  it("removes a country (then 404) and a reset restores the seed", async () => {
    emulator = testEmulator();

    expect((await control("DELETE", "/pricing/phone-numbers/US")).statusCode).toBe(204);
    expect((await fetchCountry("US")).statusCode).toBe(404);
    expect((await control("DELETE", "/pricing/phone-numbers/US")).statusCode).toBe(404);
    await control("POST", "/reset");
    expect((await fetchCountry("US")).json()).toMatchObject({
      phone_number_prices: [{ number_type: "local", current_price: "1.15" }, { number_type: "toll free" }],
    });
  });

  it.each([
    ["a lower-case country", "us", { country: "x", prices: [{ numberType: "local", basePrice: "1" }] }],
    ["no prices", "FR", { country: "France", prices: [] }],
    [
      "a price that is not a decimal",
      "FR",
      { country: "France", prices: [{ numberType: "local", basePrice: "1,5" }] },
    ],
    ["a negative price", "FR", { country: "France", prices: [{ numberType: "local", basePrice: "-1.00" }] }],
  ])("refuses %s with 400", async (_name, isoCountry, body) => {
    emulator = testEmulator();
    expect((await control("PUT", `/pricing/phone-numbers/${isoCountry}`, body)).statusCode).toBe(400);
  });
});
