// Outbound SMS against the Twilio emulator: exactly once, even when an attempt dies after Twilio
// accepted the message; 429/5xx retried; Twilio's business errors recorded; opt-outs honoured.
import { randomBytes } from "node:crypto";
import { startEmulator } from "@phoenix/twilio/testing";
import type { RunningEmulator } from "@phoenix/twilio/testing";
import { draftOutbound, withUser } from "@phoenix/store";
import type { OutboundKind } from "@phoenix/store";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { migratedDatabase, seedUser, systemQuery } from "../../../test/support/sms-data.ts";
import type { SeededUser, TestDatabase } from "../../../test/support/sms-data.ts";
import { InFlightError, sendOutbound } from "../src/send.ts";
import { settleMessages } from "../src/usage.ts";

describe("outbound SMS", () => {
  let db: TestDatabase;
  let emulator: RunningEmulator;
  beforeAll(async () => {
    db = await migratedDatabase();
    return () => db.close();
  });
  beforeAll(async () => {
    emulator = await startEmulator({ sendDelayMs: 5, deliverDelayMs: 5 });
    return () => emulator.close();
  });

  async function userWithNumber(): Promise<SeededUser> {
    const bought = await emulator.client().buyNumber({ areaCode: "415" });
    return seedUser(db.pool, { number: bought.phone_number });
  }

  async function draft(user: SeededUser, body: string, kind: OutboundKind = "reply"): Promise<string> {
    return withUser(db.pool, user.id, async (tx) => {
      const route = { from: user.number, to: user.phone };
      return (
        await draftOutbound(
          tx,
          { userId: user.id, body, kind, idempotencyKey: `test-${body}-${user.id}` },
          route,
        )
      ).id;
    });
  }

  const deps = (overrides: { leaseMs?: number; timeoutMs?: number } = {}) => ({
    pool: db.pool,
    twilio: emulator.client({ timeoutMs: overrides.timeoutMs ?? 5_000 }),
    statusCallback: "http://127.0.0.1:9/twilio/status",
    leaseMs: overrides.leaseMs ?? 30_000,
  });

  const sentTo = async (user: SeededUser) =>
    emulator.control.messages({ to: user.phone, direction: "outbound-api" });

  it("sends from the user's own number once; a repeated job sends nothing", async () => {
    const user = await userWithNumber();
    const id = await draft(user, "hello");
    expect(await sendOutbound(deps(), id, user.id)).toBe("sent");
    expect(await sendOutbound(deps(), id, user.id)).toBe("already_sent");
    const sent = await sentTo(user);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.from).toBe(user.number);
  });

  it("reports a reply's latency from its inbound message's arrival; other messages are not replies", async () => {
    const user = await userWithNumber();
    const arrived = new Date(Date.now() - 3_000);
    const [inbound] = await systemQuery<{ id: string }>(
      db.pool,
      `INSERT INTO messages (user_id, direction, twilio_sid, from_e164, to_e164, body, status, created_at)
       VALUES ($1, 'inbound', $2, $3, $4, 'tasks', 'processed', $5) RETURNING id`,
      [user.id, `SM${randomBytes(16).toString("hex")}`, user.phone, user.number, arrived],
    );
    const reply = await withUser(db.pool, user.id, async (tx) => {
      const draft = {
        userId: user.id,
        body: "your tasks",
        kind: "reply" as const,
        idempotencyKey: `reply:${inbound!.id}`,
        inReplyTo: inbound!.id,
      };
      return (await draftOutbound(tx, draft, { from: user.number, to: user.phone })).id;
    });
    const reminder = await draft(user, "meds", "reminder");
    const observed: number[] = [];
    const sentAt = Date.now();
    const withHook = { ...deps(), onReplySent: (seconds: number) => observed.push(seconds) };
    expect(await sendOutbound(withHook, reminder, user.id)).toBe("sent");
    expect(observed).toEqual([]);
    expect(await sendOutbound(withHook, reply, user.id)).toBe("sent");
    expect(observed).toHaveLength(1);
    expect(observed[0]).toBeGreaterThanOrEqual((sentAt - arrived.getTime()) / 1000);
    expect(observed[0]).toBeLessThan((Date.now() - arrived.getTime()) / 1000 + 0.001);
    // Sent once: a repeated job reports nothing.
    expect(await sendOutbound(withHook, reply, user.id)).toBe("already_sent");
    expect(observed).toHaveLength(1);
  });

  it("adopts the message when an attempt timed out after Twilio accepted it, instead of sending twice", async () => {
    const user = await userWithNumber();
    const id = await draft(user, "slow");
    // Twilio creates the message but the answer comes after our client gave up.
    await emulator.control.addFaults({ responseDelayMs: { CreateMessage: 1500 } });
    await expect(sendOutbound(deps({ timeoutMs: 300 }), id, user.id)).rejects.toThrow();
    await emulator.control.clearFaults();
    // Within the lease the job is told to come back later, not to send.
    await expect(sendOutbound(deps(), id, user.id)).rejects.toBeInstanceOf(InFlightError);
    // Twilio has the message (its answer is still held back); the lease is 0 from here on.
    await vi.waitFor(async () => {
      expect(await sentTo(user)).toHaveLength(1);
    });
    expect(await sendOutbound(deps({ leaseMs: 0 }), id, user.id)).toBe("adopted");
    expect(await sentTo(user)).toHaveLength(1);
    const [row] = await systemQuery<{ twilio_sid: string | null; attempts: number }>(
      db.pool,
      "SELECT twilio_sid, attempts FROM messages WHERE id = $1",
      [id],
    );
    expect(row?.twilio_sid).toBe((await sentTo(user))[0]?.sid);
    expect(row?.attempts).toBe(2);
  });

  it("retries 429 and 5xx (the job throws) and sends once when Twilio recovers", async () => {
    const user = await userWithNumber();
    const id = await draft(user, "busy");
    await emulator.control.addFaults({ failures: [{ operation: "CreateMessage", status: 429, count: 1 }] });
    await expect(sendOutbound(deps(), id, user.id)).rejects.toMatchObject({ status: 429 });
    await emulator.control.addFaults({ failures: [{ operation: "CreateMessage", status: 503, count: 1 }] });
    await expect(sendOutbound(deps({ leaseMs: 0 }), id, user.id)).rejects.toMatchObject({ status: 503 });
    expect(await sendOutbound(deps({ leaseMs: 0 }), id, user.id)).toBe("sent");
    expect(await sentTo(user)).toHaveLength(1);
  });

  it("records Twilio's error code on a terminal failure and does not retry", async () => {
    const user = await userWithNumber();
    const id = await draft(user, "refused");
    await emulator.control.addFaults({
      failures: [{ operation: "CreateMessage", status: 400, code: 21610, count: 1 }],
    });
    expect(await sendOutbound(deps(), id, user.id)).toBe("failed");
    const [row] = await systemQuery<{ status: string; error_code: number }>(
      db.pool,
      "SELECT status, error_code FROM messages WHERE id = $1",
      [id],
    );
    expect(row).toEqual({ status: "failed", error_code: 21610 });
    expect(await sendOutbound(deps(), id, user.id)).toBe("already_sent");
  });

  it("suppresses every message to a user who opted out", async () => {
    const user = await userWithNumber();
    const id = await draft(user, "nudge");
    await systemQuery(db.pool, "INSERT INTO opt_outs (user_id, keyword) VALUES ($1, 'STOP')", [user.id]);
    expect(await sendOutbound(deps(), id, user.id)).toBe("suppressed");
    expect(await sentTo(user)).toHaveLength(0);
  });

  it("still delivers the confirmation of an opt-out Twilio does not confirm (ARRET), and only that", async () => {
    const user = await userWithNumber();
    await systemQuery(db.pool, "INSERT INTO opt_outs (user_id, keyword) VALUES ($1, 'ARRET')", [user.id]);
    const confirmation = await draft(user, "unsubscribed", "optout");
    const others = await Promise.all(
      (["reply", "reminder", "focus", "nudge", "quota", "keyword"] as const).map((kind) =>
        draft(user, `a ${kind}`, kind),
      ),
    );
    expect(await sendOutbound(deps(), confirmation, user.id)).toBe("sent");
    for (const id of others) expect(await sendOutbound(deps(), id, user.id)).toBe("suppressed");
    expect((await sentTo(user)).map((m) => m.body)).toEqual(["unsubscribed"]);
  });

  it("settles price once into the message and the user's month: segments × price", async () => {
    const user = await userWithNumber();
    const long = "x".repeat(200); // two GSM-7 segments
    const id = await draft(user, long);
    expect(await sendOutbound(deps(), id, user.id)).toBe("sent");
    // Twilio has priced it (once sent) and reached the final status; the read-backs run "a minute later".
    await vi.waitFor(async () => {
      const [message] = await sentTo(user);
      expect(message?.status).toBe("delivered");
      expect(message?.price).not.toBeNull();
    });
    const later = new Date(Date.now() + 60_000);
    await settleMessages({ pool: db.pool, twilio: emulator.client() }, later);
    await settleMessages({ pool: db.pool, twilio: emulator.client() }, later);
    const [message] = await systemQuery<{ price: string; price_unit: string }>(
      db.pool,
      "SELECT price::text, price_unit FROM messages WHERE id = $1",
      [id],
    );
    expect(message).toEqual({ price: "0.01660", price_unit: "USD" });
    const [month] = await systemQuery<{ messages_out: number; segments_out: number; sms_cost: string }>(
      db.pool,
      // Summed: a send just before midnight on the last of a month is settled in the next one.
      `SELECT sum(messages_out)::int AS messages_out, sum(segments_out)::int AS segments_out,
         sum(sms_cost)::text AS sms_cost FROM usage_monthly WHERE user_id = $1`,
      [user.id],
    );
    expect(month).toEqual({ messages_out: 1, segments_out: 2, sms_cost: "0.01660" });
  });
});
