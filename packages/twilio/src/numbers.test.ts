import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TwilioClient } from "./client.ts";
import { TwilioApiError } from "./errors.ts";
import { hasCapability } from "./resources.ts";
import { ACCOUNT_SID, startEmulator } from "./testing.ts";
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

const buyInAreaCode = (areaCode: string, friendlyName: string) =>
  twilio.buyNumber({ areaCode, friendlyName });

describe("searching local numbers", () => {
  it("returns SMS-capable numbers of the area code with Twilio's fields", async () => {
    const found = await twilio.searchLocal("US", { areaCode: "415", smsEnabled: true, pageSize: 3 });

    expect(found).toHaveLength(3);
    for (const number of found) {
      expect(number.phone_number).toMatch(/^\+1415555\d{4}$/);
      expect(number.iso_country).toBe("US");
      // The live API (and the emulator) spell it "SMS" here, "sms" on incoming numbers.
      expect(hasCapability(number.capabilities, "sms")).toBe(true);
    }
    expect(emulator.calls).toEqual([
      { operation: "numbers.search", status: 200, durationMs: expect.any(Number) as number },
    ]);
  });

  it("sends Contains to narrow the search", async () => {
    const found = await twilio.searchLocal("US", { areaCode: "212", contains: "0042" });

    expect(found.map((number) => number.phone_number)).toEqual(["+12125550042"]);
  });

  it("returns an empty list, not an error, where nothing is on offer", async () => {
    expect(await twilio.searchLocal("US", { areaCode: "999" })).toEqual([]);
  });
});

describe("buying, fetching and updating a number", () => {
  it("buys a searched number with its SMS routing", async () => {
    const [offer] = await twilio.searchLocal("US", { areaCode: "646", pageSize: 1 });
    const number = await twilio.buyNumber({
      phoneNumber: offer!.phone_number,
      friendlyName: "phoenix:tenant-a",
      smsUrl: "https://sms.phoenix.example/twilio/sms",
      statusCallback: "https://sms.phoenix.example/twilio/status",
    });

    expect(number).toMatchObject({
      sid: expect.stringMatching(/^PN[0-9a-f]{32}$/) as string,
      account_sid: ACCOUNT_SID,
      phone_number: offer!.phone_number,
      friendly_name: "phoenix:tenant-a",
      sms_url: "https://sms.phoenix.example/twilio/sms",
      sms_method: "POST",
      status_callback: "https://sms.phoenix.example/twilio/status",
    });
    expect(hasCapability(number.capabilities, "SMS")).toBe(true);
    expect(await twilio.fetchNumber(number.sid)).toEqual(number);
    expect(emulator.calls.map(({ operation, status }) => [operation, status])).toEqual([
      ["numbers.search", 200],
      ["numbers.buy", 201],
      ["numbers.fetch", 200],
    ]);
  });

  it("updates only the fields given and can clear a URL", async () => {
    const bought = await twilio.buyNumber({
      areaCode: "415",
      smsUrl: "https://a.example/sms",
      friendlyName: "x",
    });

    const updated = await twilio.updateNumber(bought.sid, {
      smsUrl: "https://b.example/sms",
      smsMethod: "GET",
      statusCallback: "",
    });

    expect(updated).toMatchObject({
      sid: bought.sid,
      friendly_name: "x",
      sms_url: "https://b.example/sms",
      sms_method: "GET",
      status_callback: "",
    });
    expect((await twilio.fetchNumber(bought.sid)).sms_url).toBe("https://b.example/sms");
    expect(emulator.calls.at(1)).toMatchObject({ operation: "numbers.update", status: 200 });
  });
});

describe("listing numbers", () => {
  it("follows next_page_uri across pages and filters by FriendlyName", async () => {
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push(await buyInAreaCode("212", "phoenix:tenant-a"));
    await buyInAreaCode("212", "phoenix:tenant-b");
    await buyInAreaCode("415", "phoenix:tenant-b");
    emulator.calls.length = 0;

    const listed = await twilio.listNumbers({ friendlyName: "phoenix:tenant-a", pageSize: 2 });

    expect(listed.map((number) => number.sid).sort()).toEqual(mine.map((number) => number.sid).sort());
    // 5 numbers, 2 per page: three requests, one onCall report each.
    expect(emulator.calls.map(({ operation, status }) => [operation, status])).toEqual([
      ["numbers.list", 200],
      ["numbers.list", 200],
      ["numbers.list", 200],
    ]);
  });

  it("lists every number when no filter is given", async () => {
    for (let i = 0; i < 7; i++) await buyInAreaCode("646", `n${i}`);

    const listed = await twilio.listNumbers({ pageSize: 3 });

    expect(new Set(listed.map((number) => number.sid)).size).toBe(7);
  });

  it("finds a number by its E.164 phone number", async () => {
    const bought = await buyInAreaCode("415", "p");
    await buyInAreaCode("415", "q");

    const listed = await twilio.listNumbers({ phoneNumber: bought.phone_number });

    expect(listed.map((number) => number.sid)).toEqual([bought.sid]);
  });

  it("keeps a base URL's path prefix when following next_page_uri", async () => {
    for (let i = 0; i < 3; i++) await buyInAreaCode("212", "prefixed");
    const seen: string[] = [];
    const prefixed = emulator.client({
      baseUrl: `${emulator.url}/gateway/`,
      // A gateway that strips its prefix before handing the request to Twilio.
      fetch: (input, init) => {
        const url = input instanceof Request ? input.url : input.toString();
        seen.push(new URL(url).pathname);
        return fetch(url.replace("/gateway", ""), init);
      },
    });

    const listed = await prefixed.listNumbers({ friendlyName: "prefixed", pageSize: 2 });

    expect(listed).toHaveLength(3);
    expect(seen).toHaveLength(2);
    for (const path of seen) expect(path).toMatch(/^\/gateway\/2010-04-01\/Accounts\/AC/);
  });
});

describe("releasing a number", () => {
  it("answers true, then false once Twilio no longer knows it", async () => {
    const number = await buyInAreaCode("415", "to-release");

    expect(await twilio.releaseNumber(number.sid)).toBe(true);
    expect(await twilio.releaseNumber(number.sid)).toBe(false);

    expect(emulator.calls.slice(1)).toEqual([
      { operation: "numbers.release", status: 204, durationMs: expect.any(Number) as number },
      { operation: "numbers.release", status: 404, code: 20404, durationMs: expect.any(Number) as number },
    ]);
    const error = await twilio.fetchNumber(number.sid).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TwilioApiError);
    expect(error).toMatchObject({ status: 404, code: 20404, retryable: false });
    expect(await twilio.listNumbers({ friendlyName: "to-release" })).toEqual([]);
  });
});
