// A reminder set in the chat is texted like one set by SMS: the same workers, through the Twilio
// emulator, from the user's own number, once and on time.
import { beforeAll, describe, expect, it } from "vitest";
import { startSmsPath } from "../support/sms-path.ts";
import type { SmsPath } from "../support/sms-path.ts";
import { newConversation, send, startTestIris } from "./harness.ts";
import type { TestIris } from "./harness.ts";

describe("a reminder set in the chat", () => {
  let sms: SmsPath;
  let iris: TestIris;
  beforeAll(async () => {
    sms = await startSmsPath();
    iris = await startTestIris({ databaseUrl: sms.databaseUrl, queuePrefix: sms.prefix });
    return async () => {
      await iris.close();
      await sms.close();
    };
  });

  it("fires by SMS once, within a second of its time", async () => {
    const texter = await sms.createUser({ timeZone: "Europe/Paris" });
    const { token } = await iris.context.tokens.issueAccess({
      userId: texter.id,
      roles: ["user"],
      sessionId: "chat-sms",
      amr: ["pwd"],
    });
    const user = {
      id: texter.id,
      token,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    };
    const conversation = await newConversation(iris, user);
    const answer = await send(iris, user, conversation, "remind me to stretch in 3 seconds");
    expect(answer.done).toMatchObject({ source: "assistant", intent: "reminder.create" });
    expect(answer.text).toMatch(/stretch/);
    const [reminder] = await sms.asSystem<{ due_at: Date }>(
      "SELECT due_at FROM reminders WHERE user_id = $1",
      [texter.id],
    );
    const [fired] = await sms.awaitReplies(texter, 1);
    expect(fired?.body).toMatch(/^Reminder: stretch/);
    expect(fired?.from).toBe(texter.number);
    const lateMs = await sms.reminderLateMs(texter, reminder!.due_at);
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(1000);
    // Nothing else is sent: the chat's answer is not an SMS, and the reminder fires once.
    await sms.settled(texter);
    expect(await sms.repliesTo(texter)).toHaveLength(1);
  });
});
