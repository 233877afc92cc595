// /v1/today on the real app, Postgres (RLS on) and Redis: tasks, reminders (one-off and repeating,
// timed by the assistant's own rules), focus and energy write the assistant's rows, their events
// (source_app web) and their queue jobs; bad input is a 4xx that writes nothing; GET answers 304
// while nothing changed.
import { nextOccurrence } from "@phoenix/assistant";
import { jobIds } from "@phoenix/store";
import { beforeAll, describe, expect, it } from "vitest";
import { bearer, signup, startTestApi } from "./harness.ts";
import type { SignedUp, TestApi } from "./harness.ts";

interface Task {
  id: string;
  title: string;
  status: string;
  completedAt: string | null;
}
interface Reminder {
  id: string;
  text: string;
  dueAt: string;
  status: string;
  repeat: { freq: string; weekdays?: number[]; time: string } | null;
}

describe("today API", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
    return () => api.close();
  });

  const call = (user: SignedUp, method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: object) =>
    api.app.inject({
      method,
      url: `/v1/today${url}`,
      headers: bearer(user.accessToken),
      ...(payload && { payload }),
    });
  const events = (user: SignedUp) =>
    api.asSystem<{ type: string; source_app: string; payload: { subject: string | null } }>(
      "SELECT type, source_app, payload FROM events WHERE user_id = $1 ORDER BY id",
      [user.userId],
    );
  const reminderJob = (id: string, dueAt: string) =>
    api.context.queues.reminders.getJob(jobIds.reminder(id, new Date(dueAt)));

  it("adds, renames, completes, reopens and deletes a task, each with a web event", async () => {
    const user = await signup(api);
    const added = await call(user, "POST", "/tasks", { title: "  buy milk " });
    expect(added.statusCode).toBe(201);
    const task = added.json<Task>();
    expect(task).toMatchObject({ title: "buy milk", status: "open", completedAt: null });
    const renamed = await call(user, "PATCH", `/tasks/${task.id}`, { title: "buy oat milk" });
    expect(renamed.json<Task>().title).toBe("buy oat milk");
    const done = await call(user, "PATCH", `/tasks/${task.id}`, { done: true });
    expect(done.json<Task>().status).toBe("done");
    expect(done.json<Task>().completedAt).toEqual(expect.any(String) as unknown);
    // Completing it again matches nothing: a 404 with a code, not a silent success.
    const again = await call(user, "PATCH", `/tasks/${task.id}`, { done: true });
    expect(again.statusCode).toBe(404);
    expect(again.json<{ error: string }>().error).toBe("task_not_found");
    // Nothing half-done: the rename that came with it is rolled back too.
    const both = await call(user, "PATCH", `/tasks/${task.id}`, { title: "renamed", done: true });
    expect(both.statusCode).toBe(404);
    const [row] = await api.asSystem<{ title: string }>("SELECT title FROM tasks WHERE id = $1", [task.id]);
    expect(row?.title).toBe("buy oat milk");
    expect((await call(user, "PATCH", `/tasks/${task.id}`, { done: false })).json<Task>().status).toBe(
      "open",
    );
    expect((await call(user, "DELETE", `/tasks/${task.id}`)).statusCode).toBe(204);
    const today = (await call(user, "GET", "")).json<{ tasks: Task[] }>();
    expect(today.tasks).toEqual([]);
    const written = await events(user);
    expect(written.map((e) => e.type)).toEqual([
      "task.add",
      "task.rename",
      "task.complete",
      "task.reopen",
      "task.delete",
    ]);
    expect(written.every((e) => e.source_app === "web" && e.payload.subject === task.id)).toBe(true);
  });

  it("refuses bad task input with a 4xx and writes nothing", async () => {
    const user = await signup(api);
    const cases: Array<[string, "POST" | "PATCH", object, number]> = [
      ["/tasks", "POST", { title: "   " }, 400],
      ["/tasks", "POST", { title: "x".repeat(201) }, 400],
      ["/tasks", "POST", {}, 400],
      [`/tasks/${user.userId}`, "PATCH", {}, 400],
      [`/tasks/${user.userId}`, "PATCH", { done: true }, 404],
      ["/tasks/not-a-uuid", "PATCH", { done: true }, 400],
    ];
    for (const [url, method, payload, status] of cases) {
      const response = await call(user, method, url, payload);
      expect(response.statusCode, `${method} ${url} ${JSON.stringify(payload)}`).toBe(status);
      expect(response.json<{ error: string }>().error).toMatch(/^[a-z_]+$/);
    }
    expect(await api.asSystem("SELECT 1 FROM tasks WHERE user_id = $1", [user.userId])).toEqual([]);
    expect(await events(user)).toEqual([]);
  });

  it("creates a one-off reminder with its delayed job, moves it and cancels it", async () => {
    const user = await signup(api);
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const created = await call(user, "POST", "/reminders", { text: "call the doctor", at });
    expect(created.statusCode).toBe(201);
    const reminder = created.json<Reminder>();
    expect(reminder).toMatchObject({ text: "call the doctor", dueAt: at, status: "pending", repeat: null });
    const job = await reminderJob(reminder.id, at);
    expect(job?.data).toMatchObject({ reminderId: reminder.id, userId: user.userId, dueAt: at });
    expect(job?.opts.delay).toBeGreaterThan(3_500_000);

    const later = new Date(Date.now() + 7_200_000).toISOString();
    const moved = await call(user, "PATCH", `/reminders/${reminder.id}`, {
      at: later,
      text: "call Dr. Martin",
    });
    expect(moved.json<Reminder>()).toMatchObject({ dueAt: later, text: "call Dr. Martin" });
    expect(await reminderJob(reminder.id, at)).toBeUndefined();
    expect(await reminderJob(reminder.id, later)).toBeDefined();

    expect((await call(user, "DELETE", `/reminders/${reminder.id}`)).statusCode).toBe(204);
    expect(await reminderJob(reminder.id, later)).toBeUndefined();
    const [row] = await api.asSystem<{ status: string }>("SELECT status FROM reminders WHERE id = $1", [
      reminder.id,
    ]);
    expect(row?.status).toBe("cancelled");
    const edit = await call(user, "PATCH", `/reminders/${reminder.id}`, { text: "too late" });
    expect(edit.json<{ error: string }>().error).toBe("reminder_not_found");
    expect((await events(user)).map((e) => e.type)).toEqual([
      "reminder.create",
      "reminder.update",
      "reminder.cancel",
    ]);
  });

  it("times a repeating reminder by the assistant's rule in the user's zone", async () => {
    const user = await signup(api);
    await api.app.inject({
      method: "PATCH",
      url: "/v1/me",
      headers: bearer(user.accessToken),
      payload: { timeZone: "Europe/Paris" },
    });
    const repeat = { freq: "weekly", weekdays: [4, 1], time: "09:30" };
    const before = new Date();
    const created = (
      await call(user, "POST", "/reminders", { text: "weekly review", repeat })
    ).json<Reminder>();
    const rule = { freq: "weekly" as const, weekdays: [1, 4], time: "09:30" };
    expect(created.repeat).toEqual(rule);
    expect(created.dueAt).toBe(nextOccurrence(rule, before, "Europe/Paris").toISOString());
    expect(await reminderJob(created.id, created.dueAt)).toBeDefined();
    // Turned into a one-off: the rule goes, the new time comes.
    const at = new Date(Date.now() + 600_000).toISOString();
    const oneOff = (await call(user, "PATCH", `/reminders/${created.id}`, { at })).json<Reminder>();
    expect(oneOff).toMatchObject({ repeat: null, dueAt: at });
  });

  it("refuses bad reminder input with a 4xx naming the problem and writes nothing", async () => {
    const user = await signup(api);
    const future = new Date(Date.now() + 60_000).toISOString();
    const cases: Array<[object, string]> = [
      [{ text: "x", at: new Date(Date.now() - 1000).toISOString() }, "due_in_past"],
      [{ text: "x" }, "validation_error"],
      [{ text: "x", at: future, repeat: { freq: "daily", time: "09:00" } }, "validation_error"],
      [{ text: "x", repeat: { freq: "weekly", time: "09:00" } }, "validation_error"],
      [{ text: "x", repeat: { freq: "daily", time: "25:00" } }, "validation_error"],
      [{ text: "x", repeat: { freq: "hourly", time: "09:00" } }, "validation_error"],
      [{ text: "", at: future }, "validation_error"],
      [{ text: "x", at: "tomorrow" }, "validation_error"],
    ];
    for (const [payload, code] of cases) {
      const response = await call(user, "POST", "/reminders", payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json<{ error: string }>().error, JSON.stringify(payload)).toBe(code);
    }
    expect(await api.asSystem("SELECT 1 FROM reminders WHERE user_id = $1", [user.userId])).toEqual([]);
    expect(await events(user)).toEqual([]);
  });

  it("starts and stops a focus session with its end job; records and lists energy", async () => {
    const user = await signup(api);
    const started = await call(user, "POST", "/focus", { minutes: 25 });
    expect(started.statusCode).toBe(201);
    const session = started.json<{ id: string; minutes: number; startedAt: string; endsAt: string }>();
    expect(Date.parse(session.endsAt) - Date.parse(session.startedAt)).toBe(25 * 60_000);
    expect(await api.context.queues.focus.getJob(jobIds.focus(session.id))).toBeDefined();
    expect((await call(user, "GET", "")).json<{ focus: { id: string } | null }>().focus?.id).toBe(session.id);
    expect((await call(user, "DELETE", "/focus")).statusCode).toBe(204);
    const none = await call(user, "DELETE", "/focus");
    expect(none.statusCode).toBe(404);
    expect(none.json<{ error: string }>().error).toBe("focus_not_found");
    expect((await call(user, "POST", "/focus", { minutes: 181 })).statusCode).toBe(400);

    expect((await call(user, "POST", "/energy", { level: 2, note: "tired" })).statusCode).toBe(201);
    expect((await call(user, "POST", "/energy", { level: 4 })).statusCode).toBe(201);
    expect((await call(user, "POST", "/energy", { level: 6 })).statusCode).toBe(400);
    const recent = (await call(user, "GET", "/energy?limit=5")).json<
      Array<{ level: number; note: string | null }>
    >();
    expect(recent.map((c) => [c.level, c.note])).toEqual([
      [4, null],
      [2, "tired"],
    ]);
  });

  it("answers 304 while nothing changed, 200 with a new ETag after any write, and keeps users apart", async () => {
    const user = await signup(api);
    const other = await signup(api);
    const first = await call(user, "GET", "");
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers["cache-control"]).toBe("private, no-cache");
    const poll = (who: SignedUp, tag: string) =>
      api.app.inject({
        method: "GET",
        url: "/v1/today",
        headers: { ...bearer(who.accessToken), "if-none-match": tag },
      });
    const unchanged = await poll(user, etag);
    expect(unchanged.statusCode).toBe(304);
    expect(unchanged.body).toBe("");
    // Another user's validator never matches, even at the same version.
    expect((await poll(other, etag)).statusCode).toBe(200);
    // A write by anyone else (here the platform, as the reminder worker does) bumps the version.
    await api.asSystem("INSERT INTO tasks (user_id, title) VALUES ($1, 'from elsewhere')", [user.userId]);
    const changed = await poll(user, etag);
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json<{ tasks: Task[] }>().tasks.map((t) => t.title)).toEqual(["from elsewhere"]);
    expect((await poll(user, changed.headers.etag as string)).statusCode).toBe(304);
  });
});
