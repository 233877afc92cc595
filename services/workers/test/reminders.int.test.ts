// Firing reminders against the real Postgres: once per occurrence, never after cancel, the next
// occurrence of a repeating one at the same local time across a DST change, in the user's language.
import { notices } from "@phoenix/assistant";
import { beforeAll, describe, expect, it } from "vitest";
import { frenchPhone, migratedDatabase, seedUser, systemQuery } from "../../../test/support/sms-data.ts";
import type { TestDatabase } from "../../../test/support/sms-data.ts";
import { endFocus, fireReminder } from "../src/reminders.ts";

describe("reminder firing", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await migratedDatabase();
    return () => db.close();
  });

  async function reminder(userId: string, dueAt: Date, recurrence: unknown = null): Promise<string> {
    const [row] = await systemQuery<{ id: string }>(
      db.pool,
      "INSERT INTO reminders (user_id, text, due_at, recurrence) VALUES ($1, 'take meds', $2, $3) RETURNING id",
      [userId, dueAt, recurrence === null ? null : JSON.stringify(recurrence)],
    );
    return row!.id;
  }

  async function focusSession(userId: string, endsAt: Date): Promise<string> {
    const [row] = await systemQuery<{ id: string }>(
      db.pool,
      "INSERT INTO focus_sessions (user_id, minutes, started_at, ends_at) VALUES ($1, 25, $2, $2) RETURNING id",
      [userId, endsAt],
    );
    return row!.id;
  }

  it("fires once: a duplicated job drafts no second SMS", async () => {
    const user = await seedUser(db.pool);
    const dueAt = new Date(Date.now() + 1000);
    const id = await reminder(user.id, dueAt);
    const job = { reminderId: id, userId: user.id, dueAt: dueAt.toISOString() };
    const first = await fireReminder(db.pool, job, dueAt);
    const second = await fireReminder(db.pool, job, dueAt);
    expect(first.outcome).toBe("fired");
    expect(second.outcome).toBe("stale");
    const sms = await systemQuery<{ body: string; from_e164: string; to_e164: string }>(
      db.pool,
      "SELECT body, from_e164, to_e164 FROM messages WHERE user_id = $1",
      [user.id],
    );
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ from_e164: user.number, to_e164: user.phone });
    // A user who never chose and whose phone is not French: the English text, as it always was.
    expect(sms[0]?.body).toBe('Reminder: take meds. Reply "snooze" for 10 more min.');
  });

  it("never fires after cancel", async () => {
    const user = await seedUser(db.pool);
    const dueAt = new Date(Date.now() + 1000);
    const id = await reminder(user.id, dueAt);
    await systemQuery(db.pool, "UPDATE reminders SET status = 'cancelled' WHERE id = $1", [id]);
    const fired = await fireReminder(
      db.pool,
      { reminderId: id, userId: user.id, dueAt: dueAt.toISOString() },
      dueAt,
    );
    expect(fired.outcome).toBe("stale");
    expect(await systemQuery(db.pool, "SELECT 1 FROM messages WHERE user_id = $1", [user.id])).toHaveLength(
      0,
    );
  });

  it("a job for a snoozed reminder's old time is stale; the new time fires", async () => {
    const user = await seedUser(db.pool);
    const old = new Date(Date.now() + 1000);
    const id = await reminder(user.id, old);
    const snoozed = new Date(old.getTime() + 600_000);
    await systemQuery(db.pool, "UPDATE reminders SET due_at = $2 WHERE id = $1", [id, snoozed]);
    expect(
      (await fireReminder(db.pool, { reminderId: id, userId: user.id, dueAt: old.toISOString() }, old))
        .outcome,
    ).toBe("stale");
    expect(
      (
        await fireReminder(
          db.pool,
          { reminderId: id, userId: user.id, dueAt: snoozed.toISOString() },
          snoozed,
        )
      ).outcome,
    ).toBe("fired");
  });

  it.each([
    // Europe/Berlin springs forward on 2027-03-28: 08:00 CET is 07:00Z, 08:00 CEST is 06:00Z.
    ["Europe/Berlin", "2027-03-27T07:00:00Z", "2027-03-28T06:00:00Z"],
    // America/New_York falls back on 2026-11-01: 08:00 EDT is 12:00Z, 08:00 EST is 13:00Z.
    ["America/New_York", "2026-10-31T12:00:00Z", "2026-11-01T13:00:00Z"],
  ])("a daily 08:00 reminder in %s keeps 08:00 local across the DST change", async (timeZone, due, next) => {
    const user = await seedUser(db.pool, { timeZone });
    const dueAt = new Date(due);
    const id = await reminder(user.id, dueAt, { freq: "daily", time: "08:00" });
    const fired = await fireReminder(db.pool, { reminderId: id, userId: user.id, dueAt: due }, dueAt);
    expect(fired.outcome).toBe("fired");
    expect(fired.next?.toISOString()).toBe(new Date(next).toISOString());
    const [row] = await systemQuery<{ status: string; due_at: Date; fired_count: number }>(
      db.pool,
      "SELECT status, due_at, fired_count FROM reminders WHERE id = $1",
      [id],
    );
    expect(row).toEqual({ status: "pending", due_at: new Date(next), fired_count: 1 });
  });

  it("a focus session's end sends one check-in", async () => {
    const user = await seedUser(db.pool);
    const now = new Date();
    const job = { sessionId: await focusSession(user.id, now), userId: user.id };
    expect((await endFocus(db.pool, job, now)).outcome).toBe("fired");
    expect((await endFocus(db.pool, job, now)).outcome).toBe("stale");
    const sms = await systemQuery(
      db.pool,
      "SELECT body FROM messages WHERE user_id = $1 AND kind = 'focus'",
      [user.id],
    );
    expect(sms).toEqual([
      { body: `Focus time's up (25 min). How did it go? Reply "energy 1-5" or "focus" for another round.` },
    ]);
  });

  it("writes the reminder and the focus check-in in the user's language", async () => {
    const byPhone = await seedUser(db.pool, { phone: frenchPhone() });
    const chosen = await seedUser(db.pool, { phone: frenchPhone(), language: "en" });
    const now = new Date();
    const bodies: Array<Array<{ kind: string; body: string }>> = [];
    for (const user of [byPhone, chosen]) {
      const id = await reminder(user.id, now);
      await fireReminder(db.pool, { reminderId: id, userId: user.id, dueAt: now.toISOString() }, now);
      await endFocus(db.pool, { sessionId: await focusSession(user.id, now), userId: user.id }, now);
      const sms = await systemQuery<{ kind: string; body: string }>(
        db.pool,
        "SELECT kind, body FROM messages WHERE user_id = $1 ORDER BY kind DESC",
        [user.id],
      );
      bodies.push(sms);
    }
    const [fr, en] = [notices("fr"), notices("en")];
    expect(bodies).toEqual([
      [
        { kind: "reminder", body: fr.reminder("take meds") },
        { kind: "focus", body: fr.focusEnded(25) },
      ],
      [
        { kind: "reminder", body: en.reminder("take meds") },
        { kind: "focus", body: en.focusEnded(25) },
      ],
    ]);
  });
});
