// Small pieces of Twilio's wire format: SIDs, RFC 2822 dates, E.164 checks, friendly names, prices.
import { randomUUID } from "node:crypto";

export const API_VERSION = "2010-04-01";

/** A Twilio SID: two-letter prefix and 32 lower-case hex digits (PN…, SM…, AC…, SK…). */
export function newSid(prefix: string): string {
  // randomUUID draws from a cached entropy pool: much cheaper per call than randomBytes(16).
  return prefix + randomUUID().replaceAll("-", "");
}

export function isSid(value: string, prefix: string): boolean {
  return new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value);
}

/** "Thu, 24 Aug 2023 05:01:45 +0000", as every 2010-04-01 date field. */
export function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace("GMT", "+0000");
}

const E164 = /^\+[1-9]\d{1,14}$/;
// Area codes start with 2–9; exchanges are not checked, so 555-01xx style test numbers pass.
const NANP = /^\+1[2-9]\d{9}$/;

/** E.164, and for +1 a well-formed North American number. */
export function isPhoneNumber(value: string): boolean {
  if (!E164.test(value)) return false;
  return value.startsWith("+1") ? NANP.test(value) : true;
}

/** "+14155550100" → "(415) 555-0100"; other countries keep their E.164 form. */
export function friendlyPhone(phoneNumber: string): string {
  return phoneNumber.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, "($1) $2-$3");
}

/** The NANP area code of a +1 number, or undefined. */
export function areaCodeOf(phoneNumber: string): string | undefined {
  return /^\+1(\d{3})\d{7}$/.exec(phoneNumber)?.[1];
}

// Prices are kept in hundred-thousandths of a dollar, Twilio's own precision ("-0.00830").
// A number's monthly price is not here: the Pricing API's state holds it (pricing.ts).
export const SEGMENT_PRICE_UNITS = 830;
export const PRICE_UNITS_PER_USD = 100_000;

/** Twilio's message price: negative, five decimals, e.g. 2 segments → "-0.01660". */
export function segmentPrice(segments: number): string {
  return (-(segments * SEGMENT_PRICE_UNITS) / PRICE_UNITS_PER_USD).toFixed(5);
}

/** RawDlrDoneDate: the carrier's YYMMDDhhmm (UTC). */
export function dlrDoneDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16);
}
