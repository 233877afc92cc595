// The assistant in French through the whole SMS path (issue 12): a user whose phone is French and
// who never chose a language is answered and reminded in French; ARRET, the French opt-out word
// Twilio does not know, gets one French confirmation and silences every sender until START.
import { notices } from "@phoenix/assistant";
import { beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/kube.ts";
import { frenchPhone } from "../support/sms-data.ts";
import { startSmsPath } from "../support/sms-path.ts";
import type { SmsPath, TestUser } from "../support/sms-path.ts";

const fr = notices("fr");

describe("the assistant in French over SMS", () => {
  let sms: SmsPath;
  beforeAll(async () => {
    sms = await startSmsPath();
    return () => sms.close();
  });

  const frenchUser = () => sms.createUser({ phone: frenchPhone(), timeZone: "Europe/Paris" });

  /** The first message to `user` with exactly this body, once the emulator has it. */
  const arrives = (user: TestUser, body: string) =>
    eventually(`${JSON.stringify(body)} to ${user.phone}`, async () =>
      (await sms.repliesTo(user)).find((message) => message.body === body),
    );

  /** Waits until the outbound message of `kind` to `user` (whose body is `body`, if given) is in `status`. */
  const outboundIs = (user: TestUser, where: { kind: string; body?: string; status: string }) =>
    eventually(`${where.kind} ${where.status} for ${user.phone}`, async () => {
      const rows = await sms.asSystem<{ status: string }>(
        "SELECT status FROM messages WHERE user_id = $1 AND direction = 'outbound' AND kind = $2 AND ($3::text IS NULL OR body = $3)",
        [user.id, where.kind, where.body ?? null],
      );
      return rows.some((row) => row.status === where.status) ? true : undefined;
    });

  /** A reminder due in a moment, written as the agent would (the sweeper schedules it). */
  const reminderSoon = (user: TestUser, text: string) =>
    sms.asSystem(
      "INSERT INTO reminders (user_id, text, due_at) VALUES ($1, $2, now() + interval '300 milliseconds')",
      [user.id, text],
    );

  it("answers and reminds a +33 user who never chose a language in French, once and on time", async () => {
    const user = await frenchUser();
    await sms.text(user, "rappelle-moi dans 5 secondes de boire de l'eau");
    const [confirmation] = await eventually("the confirmation", async () => {
      const found = await sms.repliesTo(user);
      return found.length >= 1 ? found : undefined;
    });
    expect(confirmation?.body).toContain("boire de l'eau");
    expect(confirmation?.body).toMatch(/^OK, je te le rappelle /);

    const [reminder] = await sms.asSystem<{ id: string; text: string; due_at: Date; asked_at: Date }>(
      `SELECT r.id, r.text, r.due_at, m.created_at AS asked_at FROM reminders r
       JOIN messages m ON m.user_id = r.user_id AND m.direction = 'inbound' WHERE r.user_id = $1`,
      [user.id],
    );
    expect(reminder?.text).toBe("boire de l'eau");
    const inMs = reminder!.due_at.getTime() - reminder!.asked_at.getTime();
    expect(inMs).toBeGreaterThan(4000);
    expect(inMs).toBeLessThan(6500);

    const fired = await arrives(user, fr.reminder("boire de l'eau"));
    expect(fired.from).toBe(user.number);
    const lateMs = await sms.reminderLateMs(user, reminder!.due_at);
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(1000);
    // Once: by the time Twilio reports it delivered, one row and one message, nothing more.
    await outboundIs(user, { kind: "reminder", status: "delivered" });
    const sent = await sms.repliesTo(user);
    expect(sent.filter((message) => message.body === fired.body)).toHaveLength(1);
    expect(sent).toHaveLength(2);
    // The default is not stored as a choice.
    expect(await sms.asSystem("SELECT language FROM users WHERE id = $1", [user.id])).toEqual([
      { language: null },
    ]);
  });

  it("confirms ARRET once in French, then keeps every sender quiet until START", async () => {
    const user = await frenchUser();
    await sms.text(user, "ARRET");
    await arrives(user, fr.stopped);
    expect(await sms.asSystem("SELECT keyword FROM opt_outs WHERE user_id = $1", [user.id])).toEqual([
      { keyword: "ARRET" },
    ]);

    // Opted out: a reminder falling due and the reply to a text are both suppressed, not sent.
    await reminderSoon(user, "appeler maman");
    await outboundIs(user, { kind: "reminder", body: fr.reminder("appeler maman"), status: "suppressed" });
    await sms.text(user, "aide");
    await outboundIs(user, { kind: "reply", status: "suppressed" });
    expect((await sms.repliesTo(user)).map((message) => message.body)).toEqual([fr.stopped]);

    await sms.text(user, "START");
    await arrives(user, fr.started);
    expect(await sms.asSystem("SELECT 1 FROM opt_outs WHERE user_id = $1", [user.id])).toHaveLength(0);
    await reminderSoon(user, "prendre l'air");
    await arrives(user, fr.reminder("prendre l'air"));
    expect((await sms.repliesTo(user)).map((message) => message.body).sort()).toEqual(
      [fr.stopped, fr.started, fr.reminder("prendre l'air")].sort(),
    );
  });
});
