// The event stream: every domain action writes one row. The SHA-256 of the event's canonical
// content is unique, so the same event written twice (a retried job, a replayed webhook) is
// stored — and later processed — once.
import { createHash } from "node:crypto";
import type { Tx } from "./scope.ts";

export interface DomainEvent {
  userId: string;
  type: string;
  /** Must identify the occurrence: two distinct events need distinct payloads or times. */
  payload: Record<string, unknown>;
  occurredAt: Date;
  /** Default "sms"; the web apps write "iris", "letters", "cv", "portal". */
  sourceApp?: string;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function eventHash(event: DomainEvent): Buffer {
  const { userId, type, payload, occurredAt, sourceApp = "sms" } = event;
  return createHash("sha256").update(canonical({ userId, type, payload, occurredAt, sourceApp })).digest();
}

/** Stores the event unless an identical one exists; true when it was new. */
export async function recordEvent(tx: Tx, event: DomainEvent): Promise<boolean> {
  const result = await tx.query(
    `INSERT INTO events (user_id, source_app, type, payload, content_hash, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (content_hash) DO NOTHING`,
    [
      event.userId,
      event.sourceApp ?? "sms",
      event.type,
      JSON.stringify(event.payload),
      eventHash(event),
      event.occurredAt,
    ],
  );
  return result.rowCount === 1;
}
