import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createManualClock } from "./clock.ts";
import type { ManualClock } from "./clock.ts";
import { isValidTwilioSignature } from "./signature.ts";
import type { Receiver, TestEmulator } from "./testing.ts";
import { ACCOUNT_SID, AUTH_TOKEN, startReceiver, testEmulator } from "./testing.ts";

const FROM = "+14155550010";
const TO = "+15558675310";

interface MessageJson {
  sid: string;
  status: string;
  num_segments: string;
  price: string | null;
  price_unit: string | null;
  error_code: number | null;
  date_sent: string | null;
  [field: string]: unknown;
}

let emulator: TestEmulator;
let receiver: Receiver;

beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await emulator.app.close();
  await receiver.close();
});

async function ownNumber(phoneNumber = FROM): Promise<void> {
  const response = await emulator.twilio("POST", "/IncomingPhoneNumbers.json", {
    form: { PhoneNumber: phoneNumber },
  });
  expect(response.statusCode).toBe(201);
}

async function send(form: Record<string, string>): Promise<MessageJson> {
  const response = await emulator.twilio("POST", "/Messages.json", { form: { From: FROM, To: TO, ...form } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function fetchMessage(sid: string): Promise<MessageJson> {
  return (await emulator.twilio("GET", `/Messages/${sid}.json`)).json();
}

describe("message lifecycle", () => {
  it("goes queued → sent → delivered with signed status callbacks", async () => {
    emulator = testEmulator();
    await ownNumber();
    const callback = `${receiver.url}/twilio/status?tenant=1`;
    const created = await send({ Body: "Take your meds 💊", StatusCallback: callback });
    expect(created).toMatchObject({
      account_sid: ACCOUNT_SID,
      api_version: "2010-04-01",
      direction: "outbound-api",
      from: FROM,
      to: TO,
      body: "Take your meds 💊",
      status: "queued",
      num_segments: "1",
      num_media: "0",
      price: null,
      error_code: null,
      date_sent: null,
      uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${created.sid}.json`,
    });
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);

    const [sent, delivered] = await receiver.waitFor(2);
    expect(sent!.form).toEqual({
      AccountSid: ACCOUNT_SID,
      ApiVersion: "2010-04-01",
      From: FROM,
      MessageSid: created.sid,
      MessageStatus: "sent",
      SmsSid: created.sid,
      SmsStatus: "sent",
      To: TO,
    });
    expect(delivered!.form).toMatchObject({ MessageStatus: "delivered", SmsStatus: "delivered" });
    expect(delivered!.form["RawDlrDoneDate"]).toMatch(/^\d{10}$/);
    for (const request of [sent!, delivered!]) {
      expect(request.method).toBe("POST");
      expect(request.url).toBe("/twilio/status?tenant=1");
      expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      const signature = request.headers["x-twilio-signature"] as string;
      expect(isValidTwilioSignature(AUTH_TOKEN, signature, callback, request.form)).toBe(true);
      expect(isValidTwilioSignature("other-token", signature, callback, request.form)).toBe(false);
    }

    const final = await fetchMessage(created.sid);
    expect(final).toMatchObject({
      status: "delivered",
      price: "-0.00830",
      price_unit: "USD",
      error_code: null,
    });
    expect(final.date_sent).not.toBeNull();
  });

  it("steps deterministically on a manual clock and prices every segment", async () => {
    const clock: ManualClock = createManualClock();
    emulator = testEmulator({ clock, sendDelayMs: 20, deliverDelayMs: 30 });
    await ownNumber();
    const created = await send({ Body: "x".repeat(161) });
    expect(created.num_segments).toBe("2");

    await clock.advance(19);
    expect((await fetchMessage(created.sid)).status).toBe("queued");
    await clock.advance(1);
    expect(await fetchMessage(created.sid)).toMatchObject({ status: "sent", price: "-0.01660" });
    await clock.advance(30);
    expect((await fetchMessage(created.sid)).status).toBe("delivered");
    expect(clock.pending()).toBe(0);
  });

  it("ends undelivered with an ErrorCode when the destination is set to fail delivery", async () => {
    emulator = testEmulator();
    await ownNumber();
    const outcome = await emulator.app.inject({
      method: "PUT",
      url: `/_control/destinations/${encodeURIComponent(TO)}`,
      payload: { status: "undelivered", errorCode: 30006 },
    });
    expect(outcome.statusCode).toBe(200);
    const created = await send({ Body: "hi", StatusCallback: `${receiver.url}/status` });
    const [, undelivered] = await receiver.waitFor(2);
    expect(undelivered!.form).toMatchObject({ MessageStatus: "undelivered", ErrorCode: "30006" });
    expect(await fetchMessage(created.sid)).toMatchObject({ status: "undelivered", error_code: 30006 });
  });

  it("ends failed, unpriced, without a sent step when the destination fails outright", async () => {
    emulator = testEmulator();
    await ownNumber();
    await emulator.app.inject({
      method: "PUT",
      url: `/_control/destinations/${encodeURIComponent(TO)}`,
      payload: { status: "failed" },
    });
    const created = await send({ Body: "hi", StatusCallback: `${receiver.url}/status` });
    const [failed] = await receiver.waitFor(1);
    expect(failed!.form).toMatchObject({ MessageStatus: "failed", ErrorCode: "30008" });
    expect(await fetchMessage(created.sid)).toMatchObject({
      status: "failed",
      price: null,
      error_code: 30008,
    });
  });

  it("delivers the final callback before the stale 'sent' one when asked to reorder", async () => {
    emulator = testEmulator();
    await ownNumber();
    await emulator.app.inject({
      method: "POST",
      url: "/_control/faults",
      payload: { reorderCallbacks: true },
    });
    await send({ Body: "hi", StatusCallback: `${receiver.url}/status` });
    const requests = await receiver.waitFor(2);
    expect(requests.map((request) => request.form["MessageStatus"])).toEqual(["delivered", "sent"]);
  });

  it("sends from a Messaging Service: accepted first, segments reported once sent", async () => {
    const clock = createManualClock();
    emulator = testEmulator({ clock });
    await ownNumber();
    const created = await emulator.twilio("POST", "/Messages.json", {
      form: { To: TO, MessagingServiceSid: "MG0123456789abcdef0123456789abcdef", Body: "hi" },
    });
    expect(created.statusCode).toBe(201);
    const body = created.json<MessageJson>();
    expect(body).toMatchObject({ status: "accepted", num_segments: "0", from: FROM });
    await clock.advance(100);
    expect(await fetchMessage(body.sid)).toMatchObject({ status: "delivered", num_segments: "1" });
  });
});

describe("message validation", () => {
  it.each([
    ["no To", { To: "" }, 21604],
    ["an invalid To", { To: "12345" }, 21211],
    ["a From the account does not own", { From: "+14155550099" }, 21606],
    ["a malformed From", { From: "abc" }, 21212],
    ["no Body", { Body: "" }, 21602],
    ["a Body over 1600 characters", { Body: "a".repeat(1601) }, 21617],
    [
      "a StatusCallback host with an underscore",
      { StatusCallback: "https://bad_host.example/status" },
      21609,
    ],
  ])("rejects %s", async (_name, override, code) => {
    emulator = testEmulator();
    await ownNumber();
    const response = await emulator.twilio("POST", "/Messages.json", {
      form: { From: FROM, To: TO, Body: "hi", ...override },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code,
      status: 400,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
    });
    expect(emulator.state.messages.size).toBe(0);
  });

  it("accepts exactly 1600 characters", async () => {
    emulator = testEmulator();
    await ownNumber();
    expect((await send({ Body: "a".repeat(1600) })).num_segments).toBe("11");
  });
});

describe("listing messages", () => {
  it("lists newest first, filters by To, and 404s an unknown SID", async () => {
    emulator = testEmulator();
    await ownNumber();
    const first = await send({ Body: "one" });
    const second = await send({ Body: "two", To: "+15558675311" });
    const all = (await emulator.twilio("GET", "/Messages.json")).json<{ messages: MessageJson[] }>();
    expect(all.messages.map((message) => message.sid)).toEqual([second.sid, first.sid]);
    const filtered = (await emulator.twilio("GET", "/Messages.json", { query: { To: TO } })).json<{
      messages: MessageJson[];
      uri: string;
    }>();
    expect(filtered.messages.map((message) => message.sid)).toEqual([first.sid]);
    expect(filtered.uri).toContain(`To=${encodeURIComponent(TO)}`);
    const missing = await emulator.twilio("GET", "/Messages/SM00000000000000000000000000000000.json");
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ code: number }>().code).toBe(20404);
  });
});
