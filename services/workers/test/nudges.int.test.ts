// The event processor against the real Postgres: events are consumed once (content hash), and
// nudges respect one-per-kind-per-day, the daily cap, opt-outs and quiet hours.
import { notices } from "@phoenix/assistant";
import { recordEvent, withUser } from "@phoenix/store";
import { beforeAll, describe, expect, it } from "vitest";
import { frenchPhone, migratedDatabase, seedUser, systemQuery } from "../../../test/support/sms-data.ts";
import type { SeededUser, TestDatabase } from "../../../test/support/sms-data.ts";
import { processEvents } from "../src/nudges.ts";

describe("events → nudges", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await migratedDatabase();
    return () => db.close();
  });

  /** `count` reminders fired `minutesAgo` ago that the user never answered. */
  async function missedReminders(user: SeededUser, count: number, at: Date): Promise<void> {
    await withUser(db.pool, user.id, async (tx) => {
      for (let i = 0; i < count; i += 1)
        await recordEvent(tx, {
          userId: user.id,
          type: "reminder.fired",
          payload: { reminderId: `r${i}`, dueAt: at.toISOString() },
          occurredAt: at,
        });
    });
  }

  const nudgesOf = (user: SeededUser) =>
    systemQuery<{ kind: string; body: string; send_after: Date | null }>(
      db.pool,
      "SELECT n.kind, m.body, m.send_after FROM nudges n JOIN messages m ON m.id = n.message_id WHERE n.user_id = $1",
      [user.id],
    );

  it("stores a replayed event once", async () => {
    const user = await seedUser(db.pool);
    const event = {
      userId: user.id,
      type: "task.add",
      payload: { messageId: "m1", index: 0 },
      occurredAt: new Date(),
    };
    const stored = await withUser(db.pool, user.id, async (tx) => [
      await recordEvent(tx, event),
      await recordEvent(tx, event),
    ]);
    expect(stored).toEqual([true, false]);
  });

  it("nudges once about three reminders missed today, however often the processor runs", async () => {
    const now = new Date();
    // Noon in the user's zone keeps "today" unambiguous; the events are an hour old.
    const user = await seedUser(db.pool, { timeZone: "UTC" });
    const noon = new Date(`${now.toISOString().slice(0, 10)}T12:00:00Z`);
    await missedReminders(user, 3, new Date(noon.getTime() - 3_600_000));
    const first = await processEvents({ pool: db.pool, perDay: 2 }, noon);
    expect(first.nudges.filter((n) => n.userId === user.id)).toHaveLength(1);
    await missedReminders(user, 1, new Date(noon.getTime() - 3_500_000));
    const second = await processEvents({ pool: db.pool, perDay: 2 }, noon);
    expect(second.nudges.filter((n) => n.userId === user.id)).toHaveLength(0);
    const nudges = await nudgesOf(user);
    expect(nudges).toHaveLength(1);
    expect(nudges[0]?.body).toBe(
      '3 reminders slipped by today. Want to move them? Text "reminders" to see them.',
    );
  });

  it("nudges in the user's language", async () => {
    const user = await seedUser(db.pool, { timeZone: "UTC", phone: frenchPhone() });
    const noon = new Date(`${new Date().toISOString().slice(0, 10)}T12:00:00Z`);
    await missedReminders(user, 3, new Date(noon.getTime() - 3_600_000));
    await processEvents({ pool: db.pool, perDay: 2 }, noon);
    expect((await nudgesOf(user)).map((n) => n.body)).toEqual([notices("fr").nudge.missed(3)]);
  });

  it("does not nudge when the user answered after the reminders", async () => {
    const user = await seedUser(db.pool, { timeZone: "UTC" });
    const noon = new Date(`${new Date().toISOString().slice(0, 10)}T12:00:00Z`);
    await missedReminders(user, 3, new Date(noon.getTime() - 3_600_000));
    await systemQuery(
      db.pool,
      `INSERT INTO messages (user_id, direction, twilio_sid, from_e164, to_e164, body, status, created_at)
       VALUES ($1, 'inbound', $2, $3, $4, 'ok', 'processed', $5)`,
      [
        user.id,
        `SM${user.id.replace(/-/g, "")}`,
        user.phone,
        user.number,
        new Date(noon.getTime() - 1_800_000),
      ],
    );
    const run = await processEvents({ pool: db.pool, perDay: 2 }, noon);
    expect(run.nudges.filter((n) => n.userId === user.id)).toHaveLength(0);
  });

  it("never nudges a user who opted out", async () => {
    const user = await seedUser(db.pool, { timeZone: "UTC" });
    const noon = new Date(`${new Date().toISOString().slice(0, 10)}T12:00:00Z`);
    await systemQuery(db.pool, "INSERT INTO opt_outs (user_id, keyword) VALUES ($1, 'STOP')", [user.id]);
    await missedReminders(user, 4, new Date(noon.getTime() - 3_600_000));
    await processEvents({ pool: db.pool, perDay: 2 }, noon);
    expect(await nudgesOf(user)).toHaveLength(0);
  });

  it("holds a nudge drafted during quiet hours until they end", async () => {
    const user = await seedUser(db.pool, { timeZone: "UTC", quiet: { start: "22:00", end: "07:00" } });
    const day = new Date().toISOString().slice(0, 10);
    const lateEvening = new Date(`${day}T23:30:00Z`);
    await missedReminders(user, 3, new Date(lateEvening.getTime() - 3_600_000));
    await processEvents({ pool: db.pool, perDay: 2 }, lateEvening);
    const [nudge] = await nudgesOf(user);
    const nextMorning = new Date(new Date(`${day}T07:00:00Z`).getTime() + 86_400_000);
    expect(nudge?.send_after?.toISOString()).toBe(nextMorning.toISOString());
  });

  it("respects the daily cap across kinds", async () => {
    const user = await seedUser(db.pool, { timeZone: "UTC" });
    const noon = new Date(`${new Date().toISOString().slice(0, 10)}T12:00:00Z`);
    await systemQuery(db.pool, "INSERT INTO nudges (user_id, kind, local_day) VALUES ($1, 'streak', $2)", [
      user.id,
      noon.toISOString().slice(0, 10),
    ]);
    await missedReminders(user, 3, new Date(noon.getTime() - 3_600_000));
    await processEvents({ pool: db.pool, perDay: 1 }, noon);
    expect(await nudgesOf(user)).toHaveLength(0);
  });
});
