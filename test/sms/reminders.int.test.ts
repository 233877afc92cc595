// Reminders through the whole SMS path: set by text, fired by the workers on time from the user's
// own number, once; cancelled ones never fire.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { eventually } from "../support/kube.ts";
import { startSmsPath } from "../support/sms-path.ts";
import type { SmsPath, TestUser } from "../support/sms-path.ts";

describe("reminders over SMS", () => {
  let sms: SmsPath;
  beforeAll(async () => {
    sms = await startSmsPath();
    return () => sms.close();
  });

  const replies = (user: TestUser, count: number) => sms.awaitReplies(user, count);

  it("fires once, within a second of the time asked for, in the user's time zone", async () => {
    const user = await sms.createUser({ timeZone: "Europe/Berlin" });
    await sms.text(user, "remind me to stretch in 3 seconds");
    const [confirmation] = await replies(user, 1);
    expect(confirmation?.body).toMatch(/stretch/i);
    const [reminder] = await sms.asSystem<{ id: string; due_at: Date }>(
      "SELECT id, due_at FROM reminders WHERE user_id = $1",
      [user.id],
    );
    const all = await replies(user, 2);
    expect(all[1]?.body).toMatch(/^Reminder: stretch/);
    expect(all[1]?.from).toBe(user.number);
    const lateMs = await sms.reminderLateMs(user, reminder!.due_at);
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(1000);
    // No second fire: the reminder's SMS is out and the sweeper has been round twice since.
    await sms.settled(user);
    expect(await sms.repliesTo(user)).toHaveLength(2);
  });

  it("never fires after cancel", async () => {
    const user = await sms.createUser();
    await sms.text(user, "remind me to call mom in 4 seconds");
    await replies(user, 1);
    await sms.text(user, "cancel 1");
    const [, cancelled] = await replies(user, 2);
    expect(cancelled?.body).toMatch(/cancel/i);
    const [reminder] = await sms.asSystem<{ due_at: Date }>(
      "SELECT due_at FROM reminders WHERE user_id = $1",
      [user.id],
    );
    // The due time passing is the scenario (nothing fires at it); then the sweeper's two rounds
    // since, the other way a reminder is (re-)enqueued.
    await vi.waitFor(
      () => {
        expect(Date.now()).toBeGreaterThan(reminder!.due_at.getTime());
      },
      { timeout: 10_000, interval: 100 },
    );
    await sms.settled(user);
    const all = await sms.repliesTo(user);
    expect(all).toHaveLength(2);
    const rows = await sms.asSystem<{ status: string }>("SELECT status FROM reminders WHERE user_id = $1", [
      user.id,
    ]);
    expect(rows).toEqual([{ status: "cancelled" }]);
  });

  it("snoozes the reminder that just fired", async () => {
    const user = await sms.createUser();
    await sms.text(user, "remind me to drink water in 2 seconds");
    await replies(user, 2);
    await sms.text(user, "snooze 1 min");
    const [, , snoozed] = await replies(user, 3);
    expect(snoozed?.body).toMatch(/snooz|drink water/i);
    const [row] = await sms.asSystem<{ status: string; due_at: Date }>(
      "SELECT status, due_at FROM reminders WHERE user_id = $1",
      [user.id],
    );
    expect(row?.status).toBe("pending");
    expect(row!.due_at.getTime()).toBeGreaterThan(Date.now() + 30_000);
  });

  it("asks a user over the daily quota once, then stays quiet", async () => {
    const limited = await startSmsPath({ env: { QUOTA_FREE_PER_DAY: "2" } });
    try {
      const user = await limited.createUser();
      for (const text of ["tasks", "today", "help", "tasks"]) await limited.text(user, text);
      await eventually("all four handled", async () => {
        const rows = await limited.asSystem<{ n: number }>(
          "SELECT count(*)::int AS n FROM messages WHERE user_id = $1 AND direction = 'inbound' AND status = 'processed'",
          [user.id],
        );
        return rows[0]?.n === 4 ? true : undefined;
      });
      // Every reply drafted is out, so a fourth would be at Twilio by now.
      await limited.settled(user);
      const sent = await limited.repliesTo(user);
      expect(sent).toHaveLength(3);
      // Replies go out concurrently, so their order at Twilio is not the texts' order.
      expect(sent.filter((m) => /today's limit of 2 messages/.test(m.body))).toHaveLength(1);
    } finally {
      await limited.close();
    }
  });
});
