import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createControlClient } from "./control-client.ts";
import type { InboundResponse, StateView } from "./control-schema.ts";
import { isValidTwilioSignature } from "./signature.ts";
import type { Receiver, TestEmulator } from "./testing.ts";
import { ACCOUNT_SID, AUTH_TOKEN, startReceiver, testEmulator, waitUntil } from "./testing.ts";

const USER = "+12125550199";
const NUMBER = "+14155550020";

let emulator: TestEmulator;
let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await emulator.app.close();
  await receiver.close();
});

async function ownNumber(form: Record<string, string>, phoneNumber = NUMBER): Promise<string> {
  const response = await emulator.twilio("POST", "/IncomingPhoneNumbers.json", {
    form: { PhoneNumber: phoneNumber, ...form },
  });
  expect(response.statusCode).toBe(201);
  return response.json<{ sid: string }>().sid;
}

async function inbound(
  payload: Record<string, string>,
): Promise<{ statusCode: number; body: InboundResponse }> {
  const response = await emulator.app.inject({ method: "POST", url: "/_control/inbound", payload });
  return { statusCode: response.statusCode, body: response.json() };
}

describe("inbound SMS", () => {
  it("reaches the number's SmsUrl with Twilio's params and a valid signature", async () => {
    emulator = testEmulator();
    const smsUrl = `${receiver.url}/twilio/sms/${NUMBER}`;
    await ownNumber({ SmsUrl: smsUrl });
    receiver.respondWith(200, "<Response><Message>Got it</Message></Response>");

    const { statusCode, body } = await inbound({ from: USER, to: NUMBER, body: "remind me at 9pm" });
    expect(statusCode).toBe(200);
    expect(body).toMatchObject({
      status: 200,
      body: "<Response><Message>Got it</Message></Response>",
      contentType: "text/xml",
      error: null,
      url: smsUrl,
    });

    const [request] = await receiver.waitFor(1);
    const sid = body.messageSid;
    expect(sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(request!.form).toEqual({
      ToCountry: "US",
      ToState: "CA",
      SmsMessageSid: sid,
      NumMedia: "0",
      ToCity: "SAN FRANCISCO",
      FromZip: "10001",
      SmsSid: sid,
      FromState: "NY",
      SmsStatus: "received",
      FromCity: "NEW YORK",
      Body: "remind me at 9pm",
      FromCountry: "US",
      To: NUMBER,
      ToZip: "94105",
      NumSegments: "1",
      ReferralNumMedia: "0",
      MessageSid: sid,
      AccountSid: ACCOUNT_SID,
      From: USER,
      ApiVersion: "2010-04-01",
    });
    const signature = request!.headers["x-twilio-signature"] as string;
    expect(signature).toBe(body.signature);
    expect(isValidTwilioSignature(AUTH_TOKEN, signature, smsUrl, request!.form)).toBe(true);
    expect(isValidTwilioSignature(AUTH_TOKEN, signature, smsUrl, { ...request!.form, Body: "x" })).toBe(
      false,
    );
    expect(emulator.state.messages.get(sid)).toMatchObject({ direction: "inbound", status: "received" });
  });

  it("puts the params in the query and signs the full URL when SmsMethod is GET", async () => {
    emulator = testEmulator();
    await ownNumber({ SmsUrl: `${receiver.url}/sms?x=1`, SmsMethod: "GET" });
    const { body } = await inbound({ from: USER, to: NUMBER, body: "hi" });
    const [request] = await receiver.waitFor(1);
    expect(request!.method).toBe("GET");
    const fullUrl = `${receiver.url}${request!.url}`;
    expect(new URL(fullUrl).searchParams.get("Body")).toBe("hi");
    expect(isValidTwilioSignature(AUTH_TOKEN, body.signature!, fullUrl, {})).toBe(true);
  });

  it("reports the application's error answer and calls SmsFallbackUrl with ErrorCode", async () => {
    emulator = testEmulator();
    const fallback = await startReceiver();
    try {
      await ownNumber({ SmsUrl: `${receiver.url}/sms`, SmsFallbackUrl: `${fallback.url}/fallback` });
      receiver.respondWith(403, "forbidden", "text/plain");
      const { body } = await inbound({ from: USER, to: NUMBER, body: "hi" });
      expect(body).toMatchObject({ status: 403, body: "forbidden", fallback: { status: 200 } });
      const [request] = await fallback.waitFor(1);
      expect(request!.form).toMatchObject({
        ErrorCode: "11200",
        ErrorUrl: `${receiver.url}/sms`,
        Body: "hi",
      });
    } finally {
      await fallback.close();
    }
  });

  it("reports an unreachable application with a null status", async () => {
    emulator = testEmulator();
    await ownNumber({ SmsUrl: "http://127.0.0.1:9/sms" });
    const { statusCode, body } = await inbound({ from: USER, to: NUMBER, body: "hi" });
    expect(statusCode).toBe(200);
    expect(body.status).toBeNull();
    expect(body.error).toBeTruthy();
  });

  it("replays a delivery with the same MessageSid without recording a second message", async () => {
    emulator = testEmulator();
    await ownNumber({ SmsUrl: `${receiver.url}/sms` });
    const first = await inbound({ from: USER, to: NUMBER, body: "hi" });
    await inbound({ from: USER, to: NUMBER, body: "hi", messageSid: first.body.messageSid });
    const requests = await receiver.waitFor(2);
    expect(requests.map((request) => request.form["MessageSid"])).toEqual([
      first.body.messageSid,
      first.body.messageSid,
    ]);
    expect(emulator.state.messages.size).toBe(1);
  });

  it("signs the public URL while delivering through a rewrite, like a TLS-terminating gateway", async () => {
    emulator = testEmulator({ webhookRewrites: [{ from: "https://sms.phoenix.example", to: receiver.url }] });
    const publicUrl = "https://sms.phoenix.example/twilio/sms";
    await ownNumber({ SmsUrl: publicUrl });
    await inbound({ from: USER, to: NUMBER, body: "hi" });
    const [request] = await receiver.waitFor(1);
    expect(request!.url).toBe("/twilio/sms");
    expect(request!.headers["x-forwarded-proto"]).toBe("https");
    expect(request!.headers["x-forwarded-host"]).toBe("sms.phoenix.example");
    const signature = request!.headers["x-twilio-signature"] as string;
    expect(isValidTwilioSignature(AUTH_TOKEN, signature, publicUrl, request!.form)).toBe(true);
  });

  it("refuses a number the account does not own", async () => {
    emulator = testEmulator();
    const { statusCode } = await inbound({ from: USER, to: NUMBER, body: "hi" });
    expect(statusCode).toBe(404);
  });
});

describe("control API", () => {
  it("changes a number's SmsUrl out of band, visible through the REST API and the audit", async () => {
    emulator = testEmulator();
    const sid = await ownNumber({ SmsUrl: "https://sms.example.com/right" });
    const patched = await emulator.app.inject({
      method: "PATCH",
      url: `/_control/numbers/${encodeURIComponent(NUMBER)}`,
      payload: { smsUrl: "https://drifted.example.com/wrong" },
    });
    expect(patched.statusCode).toBe(200);
    const fetched = await emulator.twilio("GET", `/IncomingPhoneNumbers/${sid}.json`);
    expect(fetched.json<{ sms_url: string }>().sms_url).toBe("https://drifted.example.com/wrong");
    expect(emulator.state.audit.map((event) => event.kind)).toEqual(["purchase", "drift"]);
  });

  it("reports cost at $1.15 per number-month and $0.0083 per segment", async () => {
    emulator = testEmulator();
    await ownNumber({});
    await ownNumber({}, "+14155550021");
    await emulator.twilio("POST", "/Messages.json", {
      form: { From: NUMBER, To: USER, Body: "x".repeat(200) },
    });
    await emulator.app.inject({
      method: "POST",
      url: "/_control/inbound",
      payload: { from: USER, to: NUMBER, body: "hi" },
    });
    await waitUntil(() => [...emulator.state.messages.values()].every((message) => message.price !== null));
    const state = (await emulator.app.inject({ url: "/_control/state" })).json<StateView>();
    expect(state.cost).toEqual({
      numbersOwned: 2,
      outboundSegments: 2,
      inboundSegments: 1,
      numberMonthlyUsd: 1.15,
      segmentUsd: 0.0083,
      monthlyCostUsd: 2.3249,
    });
    expect(state.numbers?.map((number) => number.phoneNumber)).toEqual([NUMBER, "+14155550021"]);
    expect(state.messages).toHaveLength(2);
    expect(state.available["415"]).toBe(98);
  });

  it("seeds an area code's inventory, and resets to the initial seed", async () => {
    emulator = testEmulator();
    const seeded = await emulator.app.inject({
      method: "PUT",
      url: "/_control/available/999",
      payload: { numbers: ["+19995550001"] },
    });
    expect(seeded.json()).toEqual({ areaCode: "999", size: 1 });
    const bought = await emulator.twilio("POST", "/IncomingPhoneNumbers.json", { form: { AreaCode: "999" } });
    expect(bought.json<{ phone_number: string }>().phone_number).toBe("+19995550001");

    expect((await emulator.app.inject({ method: "POST", url: "/_control/reset" })).statusCode).toBe(204);
    expect(emulator.state.numbers.size).toBe(0);
    const again = await emulator.twilio("POST", "/IncomingPhoneNumbers.json", { form: { AreaCode: "999" } });
    expect(again.json<{ code: number }>().code).toBe(21452);
  });

  it("rejects malformed control requests with the kernel's error shape", async () => {
    emulator = testEmulator();
    const response = await emulator.app.inject({
      method: "POST",
      url: "/_control/faults",
      payload: { failures: [{ status: 200 }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: string }>().error).toBe("validation_error");
  });

  it("creates and deletes API keys that authenticate REST calls", async () => {
    emulator = testEmulator();
    const created = await emulator.app.inject({ method: "POST", url: "/_control/api-keys", payload: {} });
    const key = created.json<{ sid: string; secret: string }>();
    expect(key.sid).toMatch(/^SK[0-9a-f]{32}$/);
    const auth = [key.sid, key.secret] as const;
    expect((await emulator.twilio("GET", "/IncomingPhoneNumbers.json", { auth })).statusCode).toBe(200);
    await emulator.app.inject({ method: "DELETE", url: `/_control/api-keys/${key.sid}` });
    expect((await emulator.twilio("GET", "/IncomingPhoneNumbers.json", { auth })).statusCode).toBe(401);
  });
});

describe("control client and CLI against a listening emulator", () => {
  it("drives the emulator over HTTP", async () => {
    emulator = testEmulator();
    const address = await emulator.app.listen({ host: "127.0.0.1", port: 0 });
    const client = createControlClient(address);
    await ownNumber({ SmsUrl: `${receiver.url}/sms` });

    const result = await client.inbound({ from: USER, to: NUMBER, body: "hello" });
    expect(result.status).toBe(200);
    await client.setDestination(USER, { status: "undelivered", errorCode: 30003 });
    await emulator.twilio("POST", "/Messages.json", { form: { From: NUMBER, To: USER, Body: "reply" } });
    const reply = await client.waitForMessage(
      { to: USER, direction: "outbound-api" },
      { accept: (message) => message.status === "undelivered" },
    );
    expect(reply.errorCode).toBe(30003);
    expect((await client.state({ summary: true })).numbers).toBeUndefined();
    await expect(client.updateNumber("PN00000000000000000000000000000000", {})).rejects.toMatchObject({
      status: 404,
    });

    const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [
      cli,
      "inbound",
      "--emulator",
      address,
      "--from",
      USER,
      "--to",
      NUMBER,
      "--body",
      "from the cli",
    ]);
    expect(JSON.parse(stdout)).toMatchObject({ status: 200, params: { Body: "from the cli" } });

    await client.reset();
    expect((await client.state()).numbers).toEqual([]);
  });
});
