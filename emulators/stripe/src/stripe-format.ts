// Stripe's identifiers, timestamps and API version: ids are a type prefix and random base62
// characters (cus_P9X4kk2sMm6K34, price_1OLE0NEIcafXUJOL578kT4On), times are unix seconds.
import { randomBytes } from "node:crypto";

/** The version stripe-node 23.1.0 pins and sends as Stripe-Version; the account's default here. */
export const API_VERSION = "2026-10-28.endive";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomBase62(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  // 256 % 62 leaves a slight bias; identifiers only have to be unique, not uniform.
  for (const byte of bytes) out += BASE62.charAt(byte % BASE62.length);
  return out;
}

/** Lengths of the random part, as observed on Stripe's objects. */
const idLengths: Record<string, number> = {
  cus: 14,
  prod: 14,
  si: 14,
  req: 14,
  cs_test: 58,
  whsec: 32,
};

export function newId(prefix: string): string {
  return `${prefix}_${randomBase62(idLengths[prefix] ?? 24)}`;
}

export const unixSeconds = (ms: number): number => Math.floor(ms / 1000);

const DAY = 86_400;

/**
 * The end of the billing period that starts at `start`: days and weeks are exact; months and
 * years keep the anchor's day of month, clamped to the month's last day (Jan 31 → Feb 28 → Mar 31)
 * as Stripe's billing cycle anchor does.
 */
export function addInterval(
  start: number,
  // Stripe's types leave the interval open to future values; the emulator creates only these four.
  recurring: { interval: string; interval_count: number },
  anchor = start,
): number {
  const { interval, interval_count: count } = recurring;
  if (interval === "day") return start + count * DAY;
  if (interval === "week") return start + count * 7 * DAY;
  const from = new Date(start * 1000);
  const anchorDate = new Date(anchor * 1000);
  const months = interval === "year" ? 12 * count : count;
  const target = new Date(
    Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + months, 1, anchorDate.getUTCHours()),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(anchorDate.getUTCDate(), lastDay));
  target.setUTCMinutes(anchorDate.getUTCMinutes(), anchorDate.getUTCSeconds());
  return unixSeconds(target.getTime());
}

/** The id of a field that holds an id, or the object when expanded. */
export const idOf = (value: string | { id?: string }): string =>
  typeof value === "string" ? value : (value.id ?? "");

/** cancellation_details[feedback] values Stripe accepts. */
export const CANCELLATION_FEEDBACK = [
  "customer_service",
  "low_quality",
  "missing_features",
  "other",
  "switched_service",
  "too_complex",
  "too_expensive",
  "unused",
] as const;
