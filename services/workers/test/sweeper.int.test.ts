// The sweeper against the real Postgres and Redis: what Postgres says should be in flight gets a
// job; a poison message stops being retried.
import { createRedis } from "@phoenix/kernel/redis";
import { closeQueues, createQueues } from "@phoenix/store";
import type { Queues } from "@phoenix/store";
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { localEnv } from "../../../test/support/local-env.ts";
import { migratedDatabase, seedUser, systemQuery } from "../../../test/support/sms-data.ts";
import type { TestDatabase } from "../../../test/support/sms-data.ts";
import { MAX_SWEEPS, sweep } from "../src/sweeper.ts";

describe("sweeper", () => {
  let db: TestDatabase;
  let queues: Queues;
  const redis = createRedis(
    { REDIS_SENTINELS: localEnv.sentinels, REDIS_MASTER_NAME: localEnv.redisMasterName },
    { role: "bullmq-queue", name: "sweeper-test" },
  );
  beforeAll(() => {
    queues = createQueues(redis, `sweep${randomBytes(3).toString("hex")}`);
    return async () => {
      for (const queue of Object.values(queues)) await queue.obliterate({ force: true });
      await closeQueues(queues);
      redis.disconnect();
    };
  });
  beforeAll(async () => {
    db = await migratedDatabase();
    return () => db.close();
  });

  const deps = () => ({ pool: db.pool, queues, deadlineMs: 1000, leaseMs: 5000 });

  it("re-enqueues an inbound message with no reply after the deadline, and a reminder Redis lost", async () => {
    const user = await seedUser(db.pool);
    const old = new Date(Date.now() - 5000);
    const [inbound] = await systemQuery<{ id: string }>(
      db.pool,
      `INSERT INTO messages (user_id, direction, twilio_sid, from_e164, to_e164, body, status, created_at)
       VALUES ($1, 'inbound', $2, $3, $4, 'tasks', 'received', $5) RETURNING id`,
      [user.id, `SM${randomBytes(16).toString("hex")}`, user.phone, user.number, old],
    );
    const due = new Date(Date.now() + 10_000);
    const [reminder] = await systemQuery<{ id: string }>(
      db.pool,
      "INSERT INTO reminders (user_id, text, due_at) VALUES ($1, 'meds', $2) RETURNING id",
      [user.id, due],
    );
    const counts = await sweep(deps());
    expect(counts).toMatchObject({ inbound: 1, reminders: 1 });
    const inboundJobs = await queues.inbound.getJobs(["waiting"]);
    expect(inboundJobs.map((j) => j.data.messageId)).toContain(inbound!.id);
    const delayed = await queues.reminders.getJobs(["delayed"]);
    expect(delayed.map((j) => j.data)).toContainEqual({
      reminderId: reminder!.id,
      userId: user.id,
      dueAt: due.toISOString(),
    });
    // A second sweep adds no second reminder job (same job id while it exists).
    await sweep(deps());
    expect(await queues.reminders.getJobs(["delayed"])).toHaveLength(1);
  });

  it(`parks an inbound message as failed after ${MAX_SWEEPS} sweeps without a reply`, async () => {
    const user = await seedUser(db.pool);
    const [poison] = await systemQuery<{ id: string }>(
      db.pool,
      `INSERT INTO messages (user_id, direction, twilio_sid, from_e164, to_e164, body, status, created_at, attempts)
       VALUES ($1, 'inbound', $2, $3, $4, 'boom', 'received', $5, $6) RETURNING id`,
      [
        user.id,
        `SM${randomBytes(16).toString("hex")}`,
        user.phone,
        user.number,
        new Date(Date.now() - 60_000),
        MAX_SWEEPS,
      ],
    );
    await sweep(deps());
    const [row] = await systemQuery<{ status: string }>(
      db.pool,
      "SELECT status FROM messages WHERE id = $1",
      [poison!.id],
    );
    expect(row?.status).toBe("failed");
  });
});
