import { afterEach, describe, expect, it } from "vitest";
import type { TestEmulator } from "./testing.ts";
import { ACCOUNT_SID, API_KEY_SECRET, API_KEY_SID, AUTH_TOKEN, basicAuth, testEmulator } from "./testing.ts";

interface NumberJson {
  sid: string;
  phone_number: string;
  friendly_name: string;
  sms_url: string;
  status: string;
  date_created: string;
  uri: string;
}

let emulator: TestEmulator;
afterEach(async () => {
  await emulator.app.close();
});

describe("authentication", () => {
  it.each([
    ["no credentials", null],
    ["a wrong auth token", [ACCOUNT_SID, "wrong"]],
    ["an unknown account", ["AC99999999999999999999999999999999", AUTH_TOKEN]],
    ["a wrong API key secret", [API_KEY_SID, "wrong"]],
  ] as const)("rejects %s with 401 and code 20003", async (_name, auth) => {
    emulator = testEmulator();
    const response = await emulator.twilio("GET", "/IncomingPhoneNumbers.json", { auth });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      code: 20003,
      message: expect.stringContaining("Authentication Error") as string,
      more_info: "https://www.twilio.com/docs/errors/20003",
      status: 401,
    });
    expect(response.headers["www-authenticate"]).toContain("Basic");
  });

  it("accepts an API key SID and secret with the account SID in the path", async () => {
    emulator = testEmulator();
    const response = await emulator.twilio("GET", "/IncomingPhoneNumbers.json", {
      auth: [API_KEY_SID, API_KEY_SECRET],
    });
    expect(response.statusCode).toBe(200);
  });

  it("rejects valid credentials used on another account's path", async () => {
    emulator = testEmulator();
    const response = await emulator.app.inject({
      url: "/2010-04-01/Accounts/AC99999999999999999999999999999999/IncomingPhoneNumbers.json",
      headers: { authorization: basicAuth() },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe("searching available numbers", () => {
  it("lists numbers in an area code with Twilio's fields", async () => {
    emulator = testEmulator();
    const response = await emulator.twilio("GET", "/AvailablePhoneNumbers/US/Local.json", {
      query: { AreaCode: "415", SmsEnabled: "true", PageSize: "3" },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ available_phone_numbers: Record<string, unknown>[]; uri: string }>();
    expect(body.available_phone_numbers).toHaveLength(3);
    expect(body.uri).toMatch(
      /^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/AvailablePhoneNumbers\/US\/Local\.json/,
    );
    expect(body.available_phone_numbers[0]).toMatchObject({
      phone_number: expect.stringMatching(/^\+1415\d{7}$/) as string,
      friendly_name: expect.stringMatching(/^\(415\) \d{3}-\d{4}$/) as string,
      capabilities: { voice: true, SMS: true, MMS: true },
      iso_country: "US",
      region: "CA",
    });
  });

  it("returns an empty list, not an error, when nothing matches", async () => {
    emulator = testEmulator();
    const response = await emulator.twilio("GET", "/AvailablePhoneNumbers/US/Local.json", {
      query: { AreaCode: "999" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<{ available_phone_numbers: unknown[] }>().available_phone_numbers).toEqual([]);
  });

  it("filters with Contains wildcards and letters", async () => {
    emulator = testEmulator({
      seed: { pool: [{ areaCode: "212", numbers: ["+12125551234", "+12127376689"] }] },
    });
    const search = async (contains: string): Promise<string[]> => {
      const response = await emulator.twilio("GET", "/AvailablePhoneNumbers/US/Local.json", {
        query: { Contains: contains },
      });
      return response
        .json<{ available_phone_numbers: { phone_number: string }[] }>()
        .available_phone_numbers.map((number) => number.phone_number);
    };
    expect(await search("555*23*")).toEqual(["+12125551234"]);
    expect(await search("PERMOVY")).toEqual(["+12127376689"]); // keypad letters
    expect(await search("+1212555$")).toEqual([]);
    expect(await search("1234$")).toEqual(["+12125551234"]);
  });

  it("offers different numbers to successive searches", async () => {
    emulator = testEmulator();
    const first = await emulator.twilio("GET", "/AvailablePhoneNumbers/US/Local.json", {
      query: { AreaCode: "646", PageSize: "5" },
    });
    const second = await emulator.twilio("GET", "/AvailablePhoneNumbers/US/Local.json", {
      query: { AreaCode: "646", PageSize: "5" },
    });
    const phones = (response: typeof first): string[] =>
      response
        .json<{ available_phone_numbers: { phone_number: string }[] }>()
        .available_phone_numbers.map((number) => number.phone_number);
    expect(phones(first)).toHaveLength(5);
    expect(phones(second).filter((phone) => phones(first).includes(phone))).toEqual([]);
  });

  it("rejects a malformed area code", async () => {
    emulator = testEmulator();
    const response = await emulator.twilio("GET", "/AvailablePhoneNumbers/US/Local.json", {
      query: { AreaCode: "41" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ code: number }>().code).toBe(21451);
  });
});

describe("buying, configuring and releasing numbers", () => {
  it("buys a searched number with its SMS configuration", async () => {
    emulator = testEmulator();
    const response = await emulator.twilio("POST", "/IncomingPhoneNumbers.json", {
      form: {
        PhoneNumber: "+14155550042",
        SmsUrl: "https://sms.example.com/twilio/inbound",
        SmsMethod: "POST",
        StatusCallback: "https://sms.example.com/twilio/status",
        FriendlyName: "phoenix/user-1/uid",
      },
    });
    expect(response.statusCode).toBe(201);
    const number = response.json<NumberJson & Record<string, unknown>>();
    expect(number).toMatchObject({
      account_sid: ACCOUNT_SID,
      phone_number: "+14155550042",
      friendly_name: "phoenix/user-1/uid",
      sms_url: "https://sms.example.com/twilio/inbound",
      sms_method: "POST",
      status_callback: "https://sms.example.com/twilio/status",
      status: "in-use",
      capabilities: { voice: true, sms: true, mms: true, fax: false },
    });
    expect(number.sid).toMatch(/^PN[0-9a-f]{32}$/);
    expect(number.date_created).toMatch(
      /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/,
    );
    expect(number.uri).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers/${number.sid}.json`);
  });

  it("answers 201 with the same resource when the account already owns the number", async () => {
    emulator = testEmulator();
    const first = await emulator.twilio("POST", "/IncomingPhoneNumbers.json", {
      form: { PhoneNumber: "+14155550042" },
    });
    const again = await emulator.twilio("POST", "/IncomingPhoneNumbers.json", {
      form: { PhoneNumber: "+14155550042", SmsUrl: "https://sms.example.com/new" },
    });
    expect(again.statusCode).toBe(201);
    expect(again.json<NumberJson>().sid).toBe(first.json<NumberJson>().sid);
    expect(again.json<NumberJson>().status).toBe("in-use");
    expect(again.json<NumberJson>().sms_url).toBe("https://sms.example.com/new");
    expect(emulator.state.numbers.size).toBe(1);
    expect(emulator.state.audit.filter((event) => event.kind === "purchase")).toHaveLength(1);
  });

  it("buys by area code", async () => {
    emulator = testEmulator();
    const response = await emulator.twilio("POST", "/IncomingPhoneNumbers.json", {
      form: { AreaCode: "212" },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json<NumberJson>().phone_number).toMatch(/^\+1212\d{7}$/);
  });

  it.each([
    ["a number not on offer", { PhoneNumber: "+13105550000" }, 21422],
    ["a malformed number", { PhoneNumber: "12345" }, 21421],
    ["an area code with no numbers", { AreaCode: "999" }, 21452],
    ["a FriendlyName over 64 characters", { AreaCode: "415", FriendlyName: "x".repeat(65) }, 20001],
    ["an invalid SmsUrl", { AreaCode: "415", SmsUrl: "not a url" }, 21502],
  ])("refuses %s with 400", async (_name, form, code) => {
    emulator = testEmulator();
    const response = await emulator.twilio("POST", "/IncomingPhoneNumbers.json", { form });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      code,
      message: expect.any(String) as string,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status: 400,
    });
    expect(emulator.state.numbers.size).toBe(0);
  });

  it("updates, fetches and releases a number; a released number is gone and not for sale again", async () => {
    emulator = testEmulator();
    const bought = (
      await emulator.twilio("POST", "/IncomingPhoneNumbers.json", { form: { PhoneNumber: "+16465550007" } })
    ).json<NumberJson>();
    const path = `/IncomingPhoneNumbers/${bought.sid}.json`;
    const updated = await emulator.twilio("POST", path, { form: { SmsUrl: "https://sms.example.com/v2" } });
    expect(updated.statusCode).toBe(200);
    expect((await emulator.twilio("GET", path)).json<NumberJson>().sms_url).toBe(
      "https://sms.example.com/v2",
    );

    const released = await emulator.twilio("DELETE", path);
    expect(released.statusCode).toBe(204);
    expect(released.body).toBe("");

    for (const method of ["GET", "DELETE"] as const) {
      const gone = await emulator.twilio(method, path);
      expect(gone.statusCode).toBe(404);
      expect(gone.json<{ code: number; message: string }>()).toMatchObject({
        code: 20404,
        message: `The requested resource /2010-04-01/Accounts/${ACCOUNT_SID}${path} was not found`,
      });
    }
    const rebuy = await emulator.twilio("POST", "/IncomingPhoneNumbers.json", {
      form: { PhoneNumber: "+16465550007" },
    });
    expect(rebuy.json<{ code: number }>().code).toBe(21422);
  });

  it("answers 404 with 20404 for an unknown SID", async () => {
    emulator = testEmulator();
    const response = await emulator.twilio(
      "DELETE",
      "/IncomingPhoneNumbers/PN00000000000000000000000000000000.json",
    );
    expect(response.statusCode).toBe(404);
    expect(response.json<{ code: number; status: number }>()).toMatchObject({ code: 20404, status: 404 });
  });
});

describe("listing numbers", () => {
  async function buy(count: number, friendlyName?: (index: number) => string): Promise<void> {
    for (let index = 0; index < count; index++) {
      const form: Record<string, string> = { AreaCode: "415" };
      if (friendlyName) form["FriendlyName"] = friendlyName(index);
      expect((await emulator.twilio("POST", "/IncomingPhoneNumbers.json", { form })).statusCode).toBe(201);
    }
  }

  it("pages through every number with relative next_page_uri links", async () => {
    emulator = testEmulator();
    await buy(7);
    const seen: string[] = [];
    let response = await emulator.twilio("GET", "/IncomingPhoneNumbers.json", { query: { PageSize: "3" } });
    let page = response.json<
      { incoming_phone_numbers: NumberJson[]; next_page_uri: string | null } & Record<string, unknown>
    >();
    expect(page).toMatchObject({
      page: 0,
      page_size: 3,
      start: 0,
      end: 2,
      previous_page_uri: null,
      first_page_uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers.json?PageSize=3&Page=0`,
    });
    seen.push(...page.incoming_phone_numbers.map((number) => number.sid));
    while (page.next_page_uri) {
      expect(page.next_page_uri).toMatch(/^\/2010-04-01\/.*Page=\d+&PageToken=PAPN[0-9a-f]{32}$/);
      response = await emulator.app.inject({
        url: page.next_page_uri,
        headers: { authorization: basicAuth() },
      });
      page = response.json<typeof page>();
      seen.push(...page.incoming_phone_numbers.map((number) => number.sid));
    }
    expect(page).toMatchObject({ page: 2, start: 6, end: 6, next_page_uri: null });
    expect(page["previous_page_uri"]).toMatch(/Page=1&PageToken=PBPN/);
    expect(seen).toEqual([...emulator.state.numbers.keys()]);
  });

  it("filters by FriendlyName exactly and by PhoneNumber with wildcards", async () => {
    emulator = testEmulator();
    await buy(4, (index) => `ns/user-${index % 2}`);
    const byName = await emulator.twilio("GET", "/IncomingPhoneNumbers.json", {
      query: { FriendlyName: "ns/user-1" },
    });
    const named = byName.json<{ incoming_phone_numbers: NumberJson[]; uri: string }>();
    expect(named.incoming_phone_numbers.map((number) => number.friendly_name)).toEqual([
      "ns/user-1",
      "ns/user-1",
    ]);
    expect(named.uri).toContain("FriendlyName=ns%2Fuser-1");

    const [first] = [...emulator.state.numbers.values()];
    const pattern = `${first!.phoneNumber.slice(0, -2)}**`.replace("+1", "");
    const byPhone = await emulator.twilio("GET", "/IncomingPhoneNumbers.json", {
      query: { PhoneNumber: pattern },
    });
    expect(
      byPhone.json<{ incoming_phone_numbers: NumberJson[] }>().incoming_phone_numbers.length,
    ).toBeGreaterThan(0);
    const none = await emulator.twilio("GET", "/IncomingPhoneNumbers.json", {
      query: { FriendlyName: "nobody" },
    });
    expect(none.json<{ incoming_phone_numbers: NumberJson[] }>().incoming_phone_numbers).toEqual([]);
  });
});
