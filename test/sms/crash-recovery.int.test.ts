// Crashes and failovers under load: every accepted message still gets exactly one reply.
// Postgres is the truth; Redis is the transport, and the workers' sweeper re-enqueues what it lost.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/kube.ts";
import { repoRoot } from "../support/local-env.ts";
import { currentPrimaryPort, killRedis } from "../support/redis.ts";
import { startSmsPath } from "../support/sms-path.ts";
import type { SmsPath, TestUser } from "../support/sms-path.ts";

const run = promisify(execFile);
const LOAD = 40;

/** Sends `count` texts spread over `users`, without waiting for replies. */
async function burst(sms: SmsPath, users: readonly TestUser[], count: number, tag: string): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const user = users[i % users.length]!;
    const answer = await sms.text(user, `add task ${tag} ${i}`);
    expect(answer.status).toBe(200);
  }
}

/** Every inbound message of these users has exactly one reply at Twilio, and no reply is doubled. */
async function expectExactlyOneReplyEach(
  sms: SmsPath,
  users: readonly TestUser[],
  timeoutMs = 60_000,
): Promise<void> {
  const ids = users.map((u) => u.id);
  await eventually(
    "every inbound message processed and its reply sent",
    async () => {
      const [row] = await sms.asSystem<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM messages i WHERE i.user_id = ANY($1) AND i.direction = 'inbound'
         AND NOT EXISTS (SELECT 1 FROM messages o WHERE o.in_reply_to = i.id AND o.twilio_sid IS NOT NULL)`,
        [ids],
      );
      return row?.waiting === 0 ? true : undefined;
    },
    timeoutMs,
  );
  const inbound = await sms.asSystem<{ n: number }>(
    "SELECT count(*)::int AS n FROM messages WHERE user_id = ANY($1) AND direction = 'inbound'",
    [ids],
  );
  let sent = 0;
  for (const user of users) {
    const replies = await sms.repliesTo(user);
    const bodies = replies.map((r) => r.body);
    // Each text names a distinct task, so a doubled reply shows as a repeated body.
    expect(new Set(bodies).size).toBe(bodies.length);
    sent += replies.length;
  }
  expect(sent).toBe(inbound[0]?.n);
}

describe("crash and failover recovery", () => {
  let sms: SmsPath;
  let users: TestUser[];
  beforeAll(async () => {
    sms = await startSmsPath({ env: { QUOTA_FREE_PER_DAY: "1000" } });
    return () => sms.close();
  });
  beforeAll(async () => {
    users = [];
    for (let i = 0; i < 4; i += 1) users.push(await sms.createUser());
  });
  afterAll(async () => {
    // Bring the killed primary back (Sentinel makes it a replica of the new one).
    await run("bash", [path.join(repoRoot, "tools/data.sh"), "up"]);
  });

  it("kill -9 of the agent under load: after restart every accepted message gets exactly one reply", async () => {
    const sending = burst(sms, users, LOAD, "agent-crash");
    await eventually("some replies out", async () =>
      (await sms.repliesTo(users[0]!)).length > 0 ? true : undefined,
    );
    await sms.agent.kill("SIGKILL");
    await sending;
    await sms.agent.restart();
    await expectExactlyOneReplyEach(sms, users);
  });

  it("kill -9 of the workers under load: after restart every accepted message gets exactly one reply", async () => {
    const sending = burst(sms, users, LOAD, "workers-crash");
    // Mid-load: the workers have sent a reply of this burst.
    await eventually("a reply of the burst out", async () =>
      (await sms.repliesTo(users[0]!)).some((r) => r.body.includes("workers-crash")) ? true : undefined,
    );
    await sms.workers.kill("SIGKILL");
    await sending;
    await sms.workers.restart();
    await expectExactlyOneReplyEach(sms, users);
  });

  it("Redis Sentinel failover under load loses no accepted message", async () => {
    const before = await currentPrimaryPort();
    const sending = burst(sms, users, LOAD, "failover");
    // Mid-load: texts of this burst have been accepted (stored and enqueued).
    await eventually("a text of the burst accepted", async () => {
      const accepted = await sms.asSystem(
        "SELECT 1 FROM messages WHERE user_id = ANY($1) AND direction = 'inbound' AND body LIKE '%failover%' LIMIT 1",
        [users.map((u) => u.id)],
      );
      return accepted.length > 0 ? true : undefined;
    });
    // A crash, not a handover: writes not yet replicated are lost, which is what the sweeper is for.
    killRedis(before);
    await sending;
    await eventually(
      "a new primary",
      async () => ((await currentPrimaryPort()) !== before ? true : undefined),
      60_000,
    );
    await expectExactlyOneReplyEach(sms, users, 90_000);
  });
});
