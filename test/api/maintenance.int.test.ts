// The API's background duties: retention deletes what is past its age and nothing else (one
// replica at a time), and TOTP secrets follow a rotation of the internal key set, so MFA keeps
// working after the old key has left the set.
import { beforeAll, describe, expect, it } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { hmacKey } from "../../packages/kernel/src/keyset-testing.ts";
import { runRetention } from "../../services/api/src/gdpr/retention.ts";
import { startMaintenance } from "../../services/api/src/maintenance.ts";
import { eventually } from "../support/kube.ts";
import { enrolMfa, loginWithMfa, signup, startTestApi } from "./harness.ts";
import type { TestApi } from "./harness.ts";

const days = { messages: 30, events: 30, tokens: 7, audit: 365, stripeEvents: 90 };

describe("retention", () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
    return () => api.close();
  });

  it("deletes rows past their configured age and keeps the rest", async () => {
    const user = await signup(api);
    const id = user.userId;
    const insertMessage = (age: string) =>
      api.asSystem(
        `INSERT INTO messages (user_id, direction, twilio_sid, from_e164, to_e164, body, status, created_at)
         VALUES ($1, 'inbound', $2, '+16465550000', '+14155550000', 'hi', 'processed', now() - $3::interval)`,
        [id, `SM${randomBytes(16).toString("hex")}`, age],
      );
    await insertMessage("31 days");
    await insertMessage("29 days");
    const insertEvent = (age: string, processed: boolean) =>
      api.asSystem(
        `INSERT INTO events (user_id, type, content_hash, occurred_at, processed_at)
         VALUES ($1, 'x', $2, now() - $3::interval, CASE WHEN $4 THEN now() END)`,
        [id, createHash("sha256").update(randomBytes(8)).digest(), age, processed],
      );
    await insertEvent("40 days", true);
    await insertEvent("40 days", false); // not processed yet: kept whatever its age
    await insertEvent("1 day", true);
    await api.asSystem(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at)
       VALUES ($1, gen_random_uuid(), $2, now() - interval '8 days')`,
      [id, createHash("sha256").update(randomBytes(8)).digest()],
    );
    await api.asSystem(
      "INSERT INTO audit_log (action, actor, occurred_at) VALUES ('old', 'self', now() - interval '400 days')",
    );
    await api.asSystem(
      "INSERT INTO stripe_events (id, type, created, processed_at) VALUES ($1, 'x', now(), now() - interval '91 days')",
      [`evt_${randomBytes(6).toString("hex")}`],
    );
    await api.asSystem(
      "INSERT INTO consents (user_id, type, policy_version, granted_at, withdrawn_at) VALUES ($1, 'old', 'v0', now() - interval '5 years', now() - interval '4 years')",
      [id],
    );

    const deleted = await runRetention(api.pool, days);
    expect(deleted).toMatchObject({
      messages: 1,
      events: 1,
      refresh_tokens: 1,
      audit_log: 1,
      stripe_events: 1,
    });
    const count = async (sql: string) => Number((await api.asSystem<{ n: string }>(sql, [id]))[0]!.n);
    expect(await count("SELECT count(*) AS n FROM messages WHERE user_id = $1")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM events WHERE user_id = $1")).toBe(2);
    // The signup's own refresh token is live and stays.
    expect(await count("SELECT count(*) AS n FROM refresh_tokens WHERE user_id = $1")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM consents WHERE user_id = $1")).toBe(1);
    const [audit] = await api.asSystem<{ details: { deleted: Record<string, number> } }>(
      "SELECT details FROM audit_log WHERE action = 'retention.run' ORDER BY id DESC LIMIT 1",
    );
    expect(audit!.details.deleted.messages).toBe(1);
  });

  it("runs on one replica at a time", async () => {
    const client = await api.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock($1)", [0x70686f656e6978n.toString()]);
      expect(await runRetention(api.pool, days)).toBeUndefined();
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
    expect(await runRetention(api.pool, days)).toBeDefined();
  });
});

describe("internal key rotation and sealed TOTP secrets", () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ env: { RATE_LIMIT_LOGIN_ATTEMPTS: "1000" } });
    return () => api.close();
  });

  it("re-seals every secret under the new key, so MFA works after the old key is removed", async () => {
    const maintenance = startMaintenance(api.context);
    try {
      const user = await signup(api);
      const secret = await enrolMfa(api, user.accessToken);
      const [oldKey] = api.internalKeys.document.keys;
      const now = new Date().toISOString();
      const next = hmacKey("internal-2", { createdAt: now, activatesAt: now });
      await api.internalKeys.write([{ ...oldKey!, state: "retiring" }, next]);
      await eventually(
        "the secret re-sealed under internal-2",
        async () => {
          const [row] = await api.asSystem<{ key_id: string }>(
            "SELECT key_id FROM mfa_totp WHERE user_id = $1",
            [user.userId],
          );
          return row?.key_id === "internal-2" ? true : undefined;
        },
        10_000,
      );
      await api.internalKeys.write([next]);
      await eventually("internal-1 gone", () =>
        Promise.resolve(api.context.internalKeys.byKid("internal-1") ? undefined : true),
      );
      const verified = await loginWithMfa(api, user, secret);
      expect(verified.statusCode, verified.body).toBe(200);
    } finally {
      maintenance.stop();
    }
  });
});
