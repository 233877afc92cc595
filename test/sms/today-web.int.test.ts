// The Today API on the SMS path's own data and queues: a reminder set on the web page is texted by
// the real workers through the Twilio emulator like one set by SMS — once, on time, from the user's
// number; a repeating rule is timed exactly as the assistant times the same words; and a change
// made by SMS changes the page's ETag.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { startTestApi } from "../api/harness.ts";
import type { TestApi } from "../api/harness.ts";
import { eventually } from "../support/kube.ts";
import { startSmsPath } from "../support/sms-path.ts";
import type { SmsPath, TestUser } from "../support/sms-path.ts";

describe("Today API on the SMS path", () => {
  let sms: SmsPath;
  let api: TestApi;
  beforeAll(async () => {
    sms = await startSmsPath();
    api = await startTestApi({ env: { DATABASE_URL: sms.databaseUrl, QUEUE_PREFIX: sms.prefix } });
    return async () => {
      await api.close();
      await sms.close();
    };
  });

  /** The SMS path's users have no password: an access token as the API issues it at login. */
  const tokenOf = async (user: TestUser) =>
    (
      await api.context.tokens.issueAccess({
        userId: user.id,
        roles: ["user"],
        sessionId: randomUUID(),
        amr: ["pwd"],
      })
    ).token;
  const call = async (
    user: TestUser,
    request: { method: "GET" | "POST" | "PATCH"; url: string; payload?: object; etag?: string },
  ) =>
    api.app.inject({
      method: request.method,
      url: `/v1/today${request.url}`,
      headers: {
        authorization: `Bearer ${await tokenOf(user)}`,
        ...(request.etag && { "if-none-match": request.etag }),
      },
      ...(request.payload && { payload: request.payload }),
    });
  const replies = (user: TestUser, count: number) => sms.awaitReplies(user, count);

  it("texts a reminder set on the page once, within a second of its time, from the user's number", async () => {
    const user = await sms.createUser({ timeZone: "Europe/Paris" });
    const at = new Date(Date.now() + 3000);
    const created = await call(user, {
      method: "POST",
      url: "/reminders",
      payload: { text: "stretch", at: at.toISOString() },
    });
    expect(created.statusCode).toBe(201);
    const [sent] = await replies(user, 1);
    expect(sent?.body).toMatch(/^Reminder: stretch\./);
    expect(sent?.from).toBe(user.number);
    const lateMs = await sms.reminderLateMs(user, at);
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(1000);
    await sms.settled(user);
    expect(await sms.repliesTo(user)).toHaveLength(1);
    const [row] = await sms.asSystem<{ status: string; fired_count: number }>(
      "SELECT status, fired_count FROM reminders WHERE user_id = $1",
      [user.id],
    );
    expect(row).toEqual({ status: "fired", fired_count: 1 });
    const [event] = await sms.asSystem<{ source_app: string }>(
      "SELECT source_app FROM events WHERE user_id = $1 AND type = 'reminder.create'",
      [user.id],
    );
    expect(event?.source_app).toBe("web");
  });

  it("times a repeating reminder exactly as the assistant times the same rule said by SMS", async () => {
    const user = await sms.createUser({ timeZone: "Europe/Paris" });
    await sms.text(user, "remind me to water the plants every weekday at 8:15am");
    await replies(user, 1);
    const created = await call(user, {
      method: "POST",
      url: "/reminders",
      payload: { text: "water the plants (web)", repeat: { freq: "weekdays", time: "08:15" } },
    });
    const rows = await sms.asSystem<{ due_at: Date; recurrence: unknown }>(
      "SELECT due_at, recurrence FROM reminders WHERE user_id = $1 ORDER BY created_at",
      [user.id],
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual(rows[0]);
    expect(created.json<{ dueAt: string }>().dueAt).toBe(rows[0]?.due_at.toISOString());
  });

  it("changes the page's ETag when a task is added by SMS", async () => {
    const user = await sms.createUser();
    const first = await call(user, { method: "GET", url: "" });
    const etag = first.headers.etag as string;
    expect((await call(user, { method: "GET", url: "", etag })).statusCode).toBe(304);
    await sms.text(user, "add buy milk");
    const changed = await eventually(
      "the SMS task on the page",
      async () => {
        const poll = await call(user, { method: "GET", url: "", etag });
        return poll.statusCode === 200 ? poll : undefined;
      },
      10_000,
    );
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json<{ tasks: Array<{ title: string }> }>().tasks.map((t) => t.title)).toEqual([
      "buy milk",
    ]);
  });

  it("reprocessing events through the admin API runs the workers' processor again and nudges nobody twice", async () => {
    const user = await sms.createUser();
    // Tasks done on the two days before; completing one today through the page makes a 3-day streak.
    await sms.asSystem(
      `INSERT INTO tasks (user_id, title, status, completed_at)
       VALUES ($1, 'one', 'done', now() - interval '1 day'), ($1, 'two', 'done', now() - interval '2 days')`,
      [user.id],
    );
    const task = await call(user, { method: "POST", url: "/tasks", payload: { title: "three" } });
    await call(user, {
      method: "PATCH",
      url: `/tasks/${task.json<{ id: string }>().id}`,
      payload: { done: true },
    });
    const [nudge] = await sms.awaitReplies(user, 1);
    expect(nudge?.body).toMatch(/^3 days in a row/);

    const admin = (
      await api.context.tokens.issueAccess({
        userId: randomUUID(),
        roles: ["user", "admin"],
        sessionId: randomUUID(),
        amr: ["pwd", "otp"],
      })
    ).token;
    const since = new Date(Date.now() - 60_000).toISOString();
    const reprocess = await api.app.inject({
      method: "POST",
      url: "/v1/admin/events/reprocess",
      headers: { authorization: `Bearer ${admin}` },
      payload: { sourceApp: "web", since },
    });
    expect(reprocess.statusCode).toBe(202);
    expect(reprocess.json<{ reset: number }>().reset).toBeGreaterThanOrEqual(2);
    // The workers consume them again (the queued run or the next tick)…
    await eventually(
      "the web events processed again",
      async () => {
        const [row] = await sms.asSystem<{ pending: number }>(
          "SELECT count(*)::int AS pending FROM events WHERE user_id = $1 AND processed_at IS NULL",
          [user.id],
        );
        return row?.pending === 0 ? true : undefined;
      },
      10_000,
    );
    // …and what they did is done once: one streak nudge, one SMS.
    await sms.settled(user);
    const nudges = await sms.asSystem("SELECT 1 FROM nudges WHERE user_id = $1", [user.id]);
    expect(nudges).toHaveLength(1);
    expect(await sms.repliesTo(user)).toHaveLength(1);
  });
});
