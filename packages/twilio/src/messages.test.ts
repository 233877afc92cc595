import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TwilioClient } from "./client.ts";
import type { Message, MessageStatus } from "./resources.ts";
import { ACCOUNT_SID, startEmulator, waitUntil } from "./testing.ts";
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

/** Fetches the message until it reaches `status`. */
async function settle(sid: string, status: MessageStatus): Promise<Message> {
  let message: Message | undefined;
  await waitUntil(async () => {
    message = await twilio.fetchMessage(sid);
    return message.status === status;
  });
  return message!;
}

describe("sending a message", () => {
  it("goes queued → delivered, priced once sent", async () => {
    const sender = await twilio.buyNumber({ areaCode: "415" });

    const created = await twilio.sendMessage({
      from: sender.phone_number,
      to: "+12125550100",
      body: "Hello",
    });

    expect(created).toMatchObject({
      sid: expect.stringMatching(/^SM[0-9a-f]{32}$/) as string,
      account_sid: ACCOUNT_SID,
      from: sender.phone_number,
      to: "+12125550100",
      body: "Hello",
      status: "queued",
      direction: "outbound-api",
      num_segments: "1",
      price: null,
    });
    const delivered = await settle(created.sid, "delivered");
    expect(delivered).toMatchObject({ price: "-0.00830", price_unit: "USD", error_code: null });
    expect(delivered.date_sent).toEqual(expect.any(String));
    expect(emulator.calls.slice(0, 2).map(({ operation, status }) => [operation, status])).toEqual([
      ["numbers.buy", 201],
      ["messages.create", 201],
    ]);
    expect(emulator.calls.at(-1)).toEqual({
      operation: "messages.fetch",
      status: 200,
      durationMs: expect.any(Number) as number,
    });
  });

  it("through a Messaging Service starts accepted and sends from the service's pool", async () => {
    const sender = await twilio.buyNumber({ areaCode: "646" });

    const created = await twilio.sendMessage({
      messagingServiceSid: "MG0123456789abcdef0123456789abcdef",
      to: "+12125550100",
      body: "Hi",
    });

    expect(created).toMatchObject({ status: "accepted", num_segments: "0" });
    expect(await settle(created.sid, "delivered")).toMatchObject({
      from: sender.phone_number,
      num_segments: "1",
    });
  });

  it("reports a carrier's failure on the message", async () => {
    const sender = await twilio.buyNumber({ areaCode: "415" });
    await emulator.control.setDestination("+12125550111", { status: "undelivered", errorCode: 30003 });

    const created = await twilio.sendMessage({ from: sender.phone_number, to: "+12125550111", body: "x" });

    expect(await settle(created.sid, "undelivered")).toMatchObject({ error_code: 30003 });
  });

  it("fetching an unknown message is a terminal 20404", async () => {
    await expect(twilio.fetchMessage("SM0123456789abcdef0123456789abcdef")).rejects.toMatchObject({
      status: 404,
      code: 20404,
      retryable: false,
    });
  });
});
