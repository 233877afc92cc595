// Test data builders: a row in every user-owned table, as the SMS path, billing and auth write them.
import { createHash, randomBytes } from "node:crypto";
import { expect } from "vitest";
import { bearer } from "./harness.ts";
import type { SignedUp, TestApi } from "./harness.ts";

/** A row in every user-owned table, as the SMS path, billing and auth would have written them. */
export async function seedEverything(api: TestApi, user: SignedUp, twilioNumber: string): Promise<void> {
  const id = user.userId;
  const marker = `marker-${id}`;
  await api.asSystem(
    `WITH inbound AS (
       INSERT INTO messages (user_id, direction, twilio_sid, from_e164, to_e164, body, status)
       VALUES ($1, 'inbound', $3, '+16465550000', $2, $4, 'processed') RETURNING id)
     INSERT INTO messages (user_id, direction, from_e164, to_e164, body, status, kind, in_reply_to)
     SELECT $1, 'outbound', $2, '+16465550000', 'reply ' || $4, 'delivered', 'reply', id FROM inbound`,
    [id, twilioNumber, `SM${randomBytes(16).toString("hex")}`, marker],
  );
  const statements: Array<[string, unknown[]]> = [
    [
      "INSERT INTO phone_numbers (user_id, e164, source) VALUES ($1, $2, 'test')",
      [id, `+1628${String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, "0")}`],
    ],
    ["INSERT INTO tasks (user_id, title) VALUES ($1, $2)", [id, marker]],
    ["INSERT INTO reminders (user_id, text, due_at) VALUES ($1, $2, now() + interval '1 day')", [id, marker]],
    [
      "INSERT INTO focus_sessions (user_id, minutes, started_at, ends_at, status) VALUES ($1, 25, now(), now() + interval '25 min', 'completed')",
      [id],
    ],
    ["INSERT INTO energy_checkins (user_id, level, note) VALUES ($1, 3, $2)", [id, marker]],
    ["INSERT INTO memory (user_id, key, value) VALUES ($1, 'streak', '3')", [id]],
    [
      "INSERT INTO events (user_id, type, payload, content_hash, occurred_at) VALUES ($1, 'task.created', $2, $3, now())",
      [id, { marker }, createHash("sha256").update(marker).digest()],
    ],
    ["INSERT INTO nudges (user_id, kind, local_day) VALUES ($1, 'missed', current_date)", [id]],
    ["INSERT INTO opt_outs (user_id, keyword) VALUES ($1, 'STOP')", [id]],
    ["INSERT INTO quota_notices (user_id, local_day) VALUES ($1, current_date)", [id]],
    [
      "INSERT INTO usage_monthly (user_id, month, messages_in) VALUES ($1, date_trunc('month', now())::date, 1)",
      [id],
    ],
    ["INSERT INTO billing_customers (user_id, stripe_customer_id) VALUES ($1, $2)", [id, `cus_${id}`]],
    [
      "INSERT INTO subscriptions (id, user_id, status, last_event_created, last_event_id) VALUES ($2, $1, 'canceled', 1, 'evt_1')",
      [id, `sub_${id}`],
    ],
    [
      "INSERT INTO invoices (id, user_id, status, amount_paid, last_event_created) VALUES ($2, $1, 'paid', 900, 1)",
      [id, `in_${id}`],
    ],
    ["INSERT INTO mfa_totp (user_id, secret_ciphertext, key_id) VALUES ($1, '\\x00', 'internal-1')", [id]],
    [
      "INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES ($1, $2)",
      [id, createHash("sha256").update(marker).digest()],
    ],
    // The coach and the journal (iris), the CV, offers and letters (career).
    [
      `WITH c AS (INSERT INTO chat_conversations (user_id, title) VALUES ($1, $2) RETURNING id)
       INSERT INTO chat_messages (conversation_id, user_id, role, content) SELECT id, $1, 'user', $2 FROM c`,
      [id, marker],
    ],
    [
      "INSERT INTO journal_entries (user_id, text, analysis, mood, local_day) VALUES ($1, $2, '{}', 0, current_date)",
      [id, marker],
    ],
    [
      `WITH cv AS (INSERT INTO cvs (user_id, title, language, document, template) VALUES ($1, $2, 'fr', '{}', 'ats') RETURNING id),
            file AS (INSERT INTO cv_files (user_id, cv_id, media_type, size_bytes, content)
                     SELECT $1, id, 'application/pdf', 4, '\\x25504446' FROM cv),
            offer AS (INSERT INTO job_offers (user_id, offer_hash, text, title, language) VALUES ($1, $3, $2, $2, 'fr') RETURNING id),
            analysis AS (INSERT INTO match_analyses (user_id, offer_id, cv_id, cv_hash, score, result)
                         SELECT $1, offer.id, cv.id, $3, 50, '{}' FROM offer, cv),
            letter AS (INSERT INTO letters (user_id, cv_id, offer_id, role) SELECT $1, cv.id, offer.id, $2 FROM cv, offer RETURNING id)
       INSERT INTO letter_versions (letter_id, user_id, version, source, template, tone, length, language, text)
       SELECT id, $1, 1, 'template', 'classic', 'formal', 'standard', 'fr', $2 FROM letter`,
      [id, marker, createHash("sha256").update(`offer-${marker}`).digest("hex")],
    ],
  ];
  for (const [sql, params] of statements) await api.asSystem(sql, params);
  const consent = await api.app.inject({
    method: "POST",
    url: "/v1/me/consents",
    headers: bearer(user.accessToken),
    payload: { type: "sms_reminders", policyVersion: "2026-01" },
  });
  expect(consent.statusCode).toBe(201);
  await api.context.queues.reminders.add(
    "reminder",
    {
      reminderId: randomBytes(16).toString("hex"),
      userId: id,
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    },
    { delay: 86_400_000, jobId: `r-${id}` },
  );
  await api.context.queues.inbound.add(
    "inbound",
    { messageId: randomBytes(16).toString("hex"), userId: id },
    { jobId: `i-${id}` },
  );
}
