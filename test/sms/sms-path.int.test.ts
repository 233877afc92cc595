// The SMS path end to end: a user texts their number at the Twilio emulator, sms-router accepts
// it, the agent answers, the workers send the reply from the user's own number.
import { createHmac } from "node:crypto";
import { twilioSignature } from "@phoenix/twilio";
import { beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/kube.ts";
import { startSmsPath } from "../support/sms-path.ts";
import type { SmsPath, TestUser } from "../support/sms-path.ts";

const AUTH_TOKEN = "test-auth-token";
const sid = (seed: string): string =>
  `SM${createHmac("sha256", "sid").update(seed).digest("hex").slice(0, 32)}`;

async function postForm(url: string, form: Record<string, string>, signature?: string) {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(signature !== undefined && { "x-twilio-signature": signature }),
    },
    body: new URLSearchParams(form).toString(),
  });
}

describe("SMS path: sms-router → agent → workers", () => {
  let sms: SmsPath;
  beforeAll(async () => {
    sms = await startSmsPath();
    return () => sms.close();
  });

  const waitForReplies = (user: TestUser, count: number) =>
    eventually(`${count} replies to ${user.phone}`, async () => {
      const replies = await sms.repliesTo(user);
      return replies.length >= count ? replies : undefined;
    });

  it("answers a signed inbound SMS with exactly one reply, sent from the user's own number", async () => {
    const user = await sms.createUser();
    const answer = await sms.text(user, "add task call the bank");
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("<Response/>");
    const [reply] = await waitForReplies(user, 1);
    expect(reply?.from).toBe(user.number);
    expect(reply?.body.toLowerCase()).toContain("call the bank");
    // No second reply turns up later: everything the text started has finished, sweeps included.
    await sms.settled(user);
    expect(await sms.repliesTo(user)).toHaveLength(1);
    const tasks = await sms.asSystem<{ title: string }>("SELECT title FROM tasks WHERE user_id = $1", [
      user.id,
    ]);
    expect(tasks.map((t) => t.title)).toEqual(["call the bank"]);
  });

  it("rejects an unsigned or wrongly signed webhook with 403 and stores nothing", async () => {
    const user = await sms.createUser();
    const url = `${sms.router.url}/twilio/sms`;
    const form = {
      MessageSid: sid("forged"),
      AccountSid: "AC0123456789abcdef0123456789abcdef",
      From: user.phone,
      To: user.number,
      Body: "hi",
    };
    expect((await postForm(url, form)).status).toBe(403);
    expect((await postForm(url, form, twilioSignature("wrong-token", url, form))).status).toBe(403);
    // Signed over another URL (e.g. the Host this request arrived on behind a gateway): also refused.
    expect(
      (await postForm(url, form, twilioSignature(AUTH_TOKEN, "https://elsewhere.example/twilio/sms", form)))
        .status,
    ).toBe(403);
    const rows = await sms.asSystem("SELECT 1 FROM messages WHERE user_id = $1", [user.id]);
    expect(rows).toHaveLength(0);
    const metrics = await (await fetch(`${sms.router.url}/metrics`)).text();
    expect(metrics).toMatch(/twilio_signature_failures_total\{[^}]*endpoint="sms"[^}]*\} 3/);
  });

  it("replies once when Twilio delivers the same MessageSid twice", async () => {
    const user = await sms.createUser();
    const messageSid = sid(`dup-${user.id}`);
    expect((await sms.text(user, "tasks", messageSid)).status).toBe(200);
    expect((await sms.text(user, "tasks", messageSid)).status).toBe(200);
    await waitForReplies(user, 1);
    await sms.settled(user);
    expect(await sms.repliesTo(user)).toHaveLength(1);
    const inbound = await sms.asSystem(
      "SELECT 1 FROM messages WHERE user_id = $1 AND direction = 'inbound'",
      [user.id],
    );
    expect(inbound).toHaveLength(1);
  });

  it("stores nothing for an unknown To number and counts it", async () => {
    const url = `${sms.router.url}/twilio/sms`;
    const form = { MessageSid: sid("unknown-to"), From: "+15550009999", To: "+15550008888", Body: "hello?" };
    const response = await postForm(url, form, twilioSignature(AUTH_TOKEN, url, form));
    expect(response.status).toBe(200);
    expect(
      await sms.asSystem("SELECT 1 FROM messages WHERE twilio_sid = $1", [form.MessageSid]),
    ).toHaveLength(0);
    const metrics = await (await fetch(`${sms.router.url}/metrics`)).text();
    expect(metrics).toMatch(/sms_inbound_total\{[^}]*outcome="unknown_number"[^}]*\} 1/);
  });

  it("records delivery status, segments and price, and never moves a message backwards", async () => {
    const user = await sms.createUser();
    await sms.text(user, "help");
    const [reply] = await waitForReplies(user, 1);
    const row = await eventually("reply delivered and priced", async () => {
      const [found] = await sms.asSystem<{ status: string; price: string | null; segments: number }>(
        "SELECT status, price, segments FROM messages WHERE twilio_sid = $1",
        [reply!.sid],
      );
      return found?.status === "delivered" && found.price !== null ? found : undefined;
    });
    expect(row.segments).toBeGreaterThanOrEqual(1);
    expect(Number(row.price)).toBeCloseTo(0.0083 * row.segments, 5);
    // A late "sent" callback arrives after "delivered".
    const url = `${sms.router.url}/twilio/status`;
    const form = {
      MessageSid: reply!.sid,
      MessageStatus: "sent",
      AccountSid: "AC0123456789abcdef0123456789abcdef",
    };
    const response = await postForm(url, form, twilioSignature(AUTH_TOKEN, url, form));
    expect(response.status).toBe(204);
    const [after] = await sms.asSystem<{ status: string }>(
      "SELECT status FROM messages WHERE twilio_sid = $1",
      [reply!.sid],
    );
    expect(after?.status).toBe("delivered");
  });

  it("honours STOP for every sender and START lifts it", async () => {
    const user = await sms.createUser();
    await sms.text(user, "STOP");
    await eventually("opt-out recorded and STOP handled", async () => {
      const rows = await sms.asSystem<{ status: string }>(
        "SELECT m.status FROM opt_outs o JOIN messages m ON m.user_id = o.user_id WHERE o.user_id = $1 AND m.direction = 'inbound'",
        [user.id],
      );
      return rows[0]?.status === "processed" ? true : undefined;
    });
    // A reminder drafted while opted out is suppressed, not sent.
    await sms.asSystem(
      "INSERT INTO reminders (user_id, text, due_at) VALUES ($1, 'drink water', now() + interval '300 milliseconds')",
      [user.id],
    );
    await eventually("reminder suppressed", async () => {
      const rows = await sms.asSystem<{ status: string }>(
        "SELECT status FROM messages WHERE user_id = $1 AND kind = 'reminder'",
        [user.id],
      );
      return rows[0]?.status === "suppressed" ? true : undefined;
    });
    expect(await sms.repliesTo(user)).toHaveLength(0);
    await sms.text(user, "START");
    const [welcome] = await waitForReplies(user, 1);
    expect(welcome?.body).toMatch(/back/i);
    expect(await sms.asSystem("SELECT 1 FROM opt_outs WHERE user_id = $1", [user.id])).toHaveLength(0);
  });
});
