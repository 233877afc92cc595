import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TwilioClient } from "./client.ts";
import { createTwilioClient } from "./client.ts";
import { TwilioApiError, parseRetryAfter } from "./errors.ts";
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

/** The TwilioApiError a call rejects with; fails the test if it resolves or throws something else. */
async function failure(call: Promise<unknown>): Promise<TwilioApiError> {
  const error = await call.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(TwilioApiError);
  return error as TwilioApiError;
}

describe("business errors are terminal and carry Twilio's code", () => {
  it("21452 when the area code has no numbers", async () => {
    const error = await failure(twilio.buyNumber({ areaCode: "999" }));

    expect(error).toMatchObject({
      operation: "numbers.buy",
      kind: "http",
      status: 400,
      code: 21452,
      moreInfo: "https://www.twilio.com/docs/errors/21452",
      retryable: false,
      retryAfterMs: undefined,
    });
    expect(error.message).toContain("No phone numbers found in area code 999");
    expect(emulator.calls).toEqual([
      { operation: "numbers.buy", status: 400, code: 21452, durationMs: expect.any(Number) as number },
    ]);
  });

  it("21422 when the number is not available", async () => {
    // The test inventory ends at +14155550099.
    const error = await failure(twilio.buyNumber({ phoneNumber: "+14155559999" }));

    expect(error).toMatchObject({ status: 400, code: 21422, retryable: false });
  });

  it("21606 when sending from a number the account does not own", async () => {
    const error = await failure(twilio.sendMessage({ from: "+14155550001", to: "+12125550100", body: "hi" }));

    expect(error).toMatchObject({ operation: "messages.create", code: 21606, retryable: false });
  });

  it("21211 for an invalid To", async () => {
    const number = await twilio.buyNumber({ areaCode: "415" });
    const error = await failure(twilio.sendMessage({ from: number.phone_number, to: "+1234", body: "hi" }));

    expect(error).toMatchObject({ code: 21211, retryable: false });
  });

  it("20003 for bad credentials", async () => {
    const error = await failure(emulator.client({ password: "wrong" }).listNumbers());

    expect(error).toMatchObject({ status: 401, code: 20003, retryable: false });
    expect(emulator.calls).toEqual([
      { operation: "numbers.list", status: 401, code: 20003, durationMs: expect.any(Number) as number },
    ]);
  });
});

describe("API key credentials", () => {
  it("authenticates with SK… and its secret, the account SID staying in the path", async () => {
    const key = await emulator.control.createApiKey();
    const withKey = emulator.client({ username: key.sid, password: key.secret });

    expect(await withKey.listNumbers()).toEqual([]);

    await emulator.control.deleteApiKey(key.sid);
    expect(await failure(withKey.listNumbers())).toMatchObject({ code: 20003 });
  });
});

describe("transient failures are retryable", () => {
  it("a 429 burst, with Retry-After, then success", async () => {
    await emulator.control.addFaults({
      failures: [{ operation: "CreateIncomingPhoneNumber", status: 429, count: 2, retryAfterSeconds: 3 }],
    });

    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await failure(twilio.buyNumber({ areaCode: "212" }));
      expect(error).toMatchObject({ status: 429, code: 20429, retryable: true, retryAfterMs: 3000 });
    }
    await expect(twilio.buyNumber({ areaCode: "212" })).resolves.toMatchObject({
      sid: expect.any(String) as string,
    });
    expect(emulator.calls.map(({ status, code }) => [status, code])).toEqual([
      [429, 20429],
      [429, 20429],
      [201, undefined],
    ]);
  });

  it("a 429 without Retry-After leaves the delay to the caller", async () => {
    await emulator.control.addFaults({ failures: [{ operation: "ListIncomingPhoneNumber", status: 429 }] });

    const error = await failure(twilio.listNumbers());

    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: undefined });
  });

  it.each([
    [503, 20503],
    [500, 20500],
  ])("a %i answer", async (status, code) => {
    await emulator.control.addFaults({ failures: [{ operation: "CreateMessage", status }] });
    const number = await twilio.buyNumber({ areaCode: "646" });

    const error = await failure(
      twilio.sendMessage({ from: number.phone_number, to: "+12125550100", body: "x" }),
    );

    expect(error).toMatchObject({
      operation: "messages.create",
      kind: "http",
      status,
      code,
      retryable: true,
    });
  });

  it("no answer within timeoutMs", async () => {
    await emulator.control.addFaults({ latencyMs: { ListAvailablePhoneNumberLocal: 500 } });
    const impatient = emulator.client({ timeoutMs: 100 });
    const started = performance.now();

    const error = await failure(impatient.searchLocal("US", { areaCode: "415" }));

    expect(performance.now() - started).toBeLessThan(400);
    expect(error).toMatchObject({ operation: "numbers.search", kind: "timeout", status: 0, retryable: true });
    expect(error.code).toBeUndefined();
    expect(emulator.calls).toEqual([
      { operation: "numbers.search", status: 0, durationMs: expect.any(Number) as number },
    ]);
    // Latency on another operation does not slow this one down.
    await expect(impatient.listNumbers()).resolves.toEqual([]);
  });

  it("a refused connection", async () => {
    const calls: unknown[] = [];
    const offline = createTwilioClient({
      accountSid: ACCOUNT_SID,
      password: AUTH_TOKEN,
      baseUrl: await closedPortUrl(),
      onCall: (call) => calls.push(call),
    });

    const error = await failure(offline.fetchMessage("SM0123456789abcdef0123456789abcdef"));

    expect(error).toMatchObject({ operation: "messages.fetch", kind: "network", status: 0, retryable: true });
    expect(calls).toEqual([
      { operation: "messages.fetch", status: 0, durationMs: expect.any(Number) as number },
    ]);
  });
});

describe("answers that are not Twilio's", () => {
  // A gateway or proxy in front of Twilio, through the fetch option.
  const behind = (response: () => Response): TwilioClient =>
    createTwilioClient({
      accountSid: ACCOUNT_SID,
      password: AUTH_TOKEN,
      fetch: () => Promise.resolve(response()),
    });

  it("an HTML 502 from a gateway is retryable, without a code", async () => {
    const twilioBehindGateway = behind(() => new Response("<html>Bad Gateway</html>", { status: 502 }));

    const error = await failure(twilioBehindGateway.listNumbers());

    expect(error).toMatchObject({ kind: "http", status: 502, code: undefined, retryable: true });
    expect(error.message).toContain("Bad Gateway");
  });

  it("a 503 with an HTTP-date Retry-After", async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    const twilioBehindGateway = behind(
      () => new Response("", { status: 503, headers: { "retry-after": at } }),
    );

    const error = await failure(twilioBehindGateway.listNumbers());

    expect(error.retryAfterMs).toBeGreaterThan(28_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it("a 2xx without a sid is malformed and terminal", async () => {
    const json = JSON.stringify({ phone_number: "+14155550100" });
    const twilioBehindGateway = behind(() => new Response(json, { status: 201 }));

    const error = await failure(twilioBehindGateway.buyNumber({ areaCode: "415" }));

    expect(error).toMatchObject({ kind: "malformed", status: 201, retryable: false });
    expect(error.message).toContain("has no sid");
  });

  it("a 2xx that is not JSON is malformed", async () => {
    const twilioBehindGateway = behind(() => new Response("<Response/>", { status: 200 }));

    expect(await failure(twilioBehindGateway.fetchMessage("SM1"))).toMatchObject({ kind: "malformed" });
  });

  it("a next_page_uri to another host is refused", async () => {
    const page = { incoming_phone_numbers: [], next_page_uri: "https://evil.example/2010-04-01/x.json" };
    const twilioBehindGateway = behind(() => new Response(JSON.stringify(page), { status: 200 }));

    expect(await failure(twilioBehindGateway.listNumbers())).toMatchObject({ kind: "malformed" });
  });

  it("a 404 without Twilio's 20404 is not taken as already released", async () => {
    const twilioBehindGateway = behind(() => new Response("Not Found", { status: 404 }));

    expect(await failure(twilioBehindGateway.releaseNumber("PN1"))).toMatchObject({
      status: 404,
      code: undefined,
    });
  });

  it("an onCall hook that throws does not fail the call", async () => {
    const client = emulator.client({
      onCall: () => {
        throw new Error("metrics broke");
      },
    });

    await expect(client.buyNumber({ areaCode: "415" })).resolves.toMatchObject({
      sid: expect.any(String) as string,
    });
  });
});

describe("configuration", () => {
  it.each([
    [{ accountSid: "SK0123456789abcdef0123456789abcdef" }, /accountSid/],
    [{ username: "US0123456789abcdef0123456789abcdef" }, /username/],
    [{ password: "" }, /password/],
    [{ timeoutMs: 0 }, /timeoutMs/],
    [{ baseUrl: "ftp://api.twilio.com" }, /baseUrl/],
  ])("rejects %o at construction", (override, message) => {
    expect(() => createTwilioClient({ accountSid: ACCOUNT_SID, password: AUTH_TOKEN, ...override })).toThrow(
      message,
    );
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates, and ignores garbage", () => {
    const now = Date.parse("Thu, 24 Aug 2023 05:01:45 GMT");
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter("0.5", now)).toBe(500);
    expect(parseRetryAfter("Thu, 24 Aug 2023 05:01:55 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("Thu, 24 Aug 2023 05:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
