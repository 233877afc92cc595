// The inventory of numbers Twilio would offer: per area code, generated deterministically or
// seeded through the control API. Searches rotate through it like the real API does (two
// searches rarely return the same numbers), so concurrent provisioners pick distinct numbers.
import { areaCodeOf } from "./twilio-format.ts";

export interface Locality {
  city: string;
  region: string;
  postalCode: string;
  rateCenter: string;
  lata: string;
  latitude: number;
  longitude: number;
}

export interface AvailableNumber {
  phoneNumber: string;
  areaCode: string;
  locality: Locality;
  sms: boolean;
  mms: boolean;
  voice: boolean;
}

export interface AreaSeed {
  areaCode: string;
  /** Numbers generated as +1<area>555<line>, line 0000 upwards; default 0. Max 10000. */
  count?: number;
  /** Explicit E.164 numbers, added after the generated ones. */
  numbers?: readonly string[];
  locality?: Partial<Locality>;
  /** Default true; false makes the area's numbers voice-only (not SMS-capable). */
  smsEnabled?: boolean;
}

interface Area {
  numbers: AvailableNumber[];
  cursor: number;
}

export interface Pool {
  areas: Map<string, Area>;
  byPhone: Map<string, AvailableNumber>;
  /** Which area an area-less search starts with; rotates on every search. */
  areaCursor: number;
}

const knownLocalities: Record<string, Locality> = {
  "415": locality("SAN FRANCISCO", "CA", "94105", "SNFC CNTRL", "722", 37.7749, -122.4194),
  "212": locality("NEW YORK", "NY", "10001", "NWYRCYZN01", "132", 40.7506, -73.9972),
  "646": locality("NEW YORK", "NY", "10011", "NWYRCYZN01", "132", 40.7401, -73.9995),
};

function locality(...fields: [string, string, string, string, string, number, number]): Locality {
  const [city, region, postalCode, rateCenter, lata, latitude, longitude] = fields;
  return { city, region, postalCode, rateCenter, lata, latitude, longitude };
}

export const UNKNOWN_LOCALITY: Locality = locality("", "", "", "", "", 0, 0);

/** Geography of a +1 number for inbound webhook params (FromCity, …); empty when unknown. */
export function localityOf(phoneNumber: string): Locality {
  const areaCode = areaCodeOf(phoneNumber);
  return (areaCode && knownLocalities[areaCode]) || UNKNOWN_LOCALITY;
}

/** 415, 212 and 646 with `perAreaCode` numbers each; 999 exists and has none (→ 21452). */
export function defaultPoolSeed(perAreaCode = 10_000): AreaSeed[] {
  return [
    { areaCode: "415", count: perAreaCode },
    { areaCode: "212", count: perAreaCode },
    { areaCode: "646", count: perAreaCode },
    { areaCode: "999", count: 0 },
  ];
}

export function buildPool(seeds: readonly AreaSeed[]): Pool {
  const pool: Pool = { areas: new Map(), byPhone: new Map(), areaCursor: 0 };
  for (const seed of seeds) seedArea(pool, seed);
  return pool;
}

/** Replaces one area code's inventory. */
export function seedArea(pool: Pool, seed: AreaSeed): void {
  for (const old of pool.areas.get(seed.areaCode)?.numbers ?? []) pool.byPhone.delete(old.phoneNumber);
  const place = { ...(knownLocalities[seed.areaCode] ?? UNKNOWN_LOCALITY), ...seed.locality };
  const sms = seed.smsEnabled ?? true;
  const generated = Array.from({ length: Math.min(seed.count ?? 0, 10_000) }, (_, line) => {
    return `+1${seed.areaCode}555${String(line).padStart(4, "0")}`;
  });
  const phones = [...new Set([...generated, ...(seed.numbers ?? [])])];
  const numbers = phones.map((phoneNumber) => ({
    phoneNumber,
    areaCode: seed.areaCode,
    locality: place,
    sms,
    mms: sms,
    voice: true,
  }));
  for (const number of numbers) pool.byPhone.set(number.phoneNumber, number);
  pool.areas.set(seed.areaCode, { numbers, cursor: 0 });
}

export interface PoolQuery {
  areaCode?: string | undefined;
  contains?: RegExp | undefined;
  smsEnabled?: boolean | undefined;
  limit: number;
}

/** Up to `limit` numbers that are free (`isTaken` false) and match, advancing the cursors. */
export function searchPool(
  pool: Pool,
  query: PoolQuery,
  isTaken: (phone: string) => boolean,
): AvailableNumber[] {
  const areas = areasToSearch(pool, query.areaCode);
  const found: AvailableNumber[] = [];
  for (const area of areas) {
    if (found.length >= query.limit) break;
    const { numbers, cursor } = area;
    for (let step = 0; step < numbers.length && found.length < query.limit; step++) {
      const index = (cursor + step) % numbers.length;
      const candidate = numbers[index];
      if (!candidate || isTaken(candidate.phoneNumber) || !matches(candidate, query)) continue;
      found.push(candidate);
      area.cursor = (index + 1) % numbers.length;
    }
  }
  return found;
}

function areasToSearch(pool: Pool, areaCode: string | undefined): Area[] {
  if (areaCode !== undefined) {
    const area = pool.areas.get(areaCode);
    return area ? [area] : [];
  }
  const all = [...pool.areas.values()];
  if (all.length === 0) return all;
  const start = pool.areaCursor % all.length;
  pool.areaCursor = (pool.areaCursor + 1) % all.length;
  return [...all.slice(start), ...all.slice(0, start)];
}

function matches(candidate: AvailableNumber, query: PoolQuery): boolean {
  if (query.smsEnabled !== undefined && candidate.sms !== query.smsEnabled) return false;
  return query.contains ? query.contains.test(candidate.phoneNumber.slice(1)) : true;
}

/** Free numbers left per area code. */
export function remainingByArea(pool: Pool, isTaken: (phone: string) => boolean): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [areaCode, area] of pool.areas) {
    result[areaCode] = area.numbers.filter((number) => !isTaken(number.phoneNumber)).length;
  }
  return result;
}

const keypad: Record<string, string> = {
  a: "2",
  b: "2",
  c: "2",
  d: "3",
  e: "3",
  f: "3",
  g: "4",
  h: "4",
  i: "4",
  j: "5",
  k: "5",
  l: "5",
  m: "6",
  n: "6",
  o: "6",
  p: "7",
  q: "7",
  r: "7",
  s: "7",
  t: "8",
  u: "8",
  v: "8",
  w: "9",
  x: "9",
  y: "9",
  z: "9",
};

/**
 * Twilio's `Contains`: digits, letters (matched by their keypad digit) and `*` for any one digit,
 * 2–16 characters. Also accepted, as some clients send them: a leading `+` anchoring at the
 * start of the E.164 digits, a trailing `$` anchoring at the end, and `%` for any digit run.
 * Returns undefined when the pattern is not valid.
 */
export function containsPattern(pattern: string): RegExp | undefined {
  const anchoredStart = pattern.startsWith("+");
  const anchoredEnd = pattern.endsWith("$");
  const body = pattern.slice(anchoredStart ? 1 : 0, anchoredEnd ? -1 : undefined);
  if (!/^[0-9a-zA-Z*%]{2,16}$/.test(body)) return undefined;
  const source = Array.from(body.toLowerCase(), (char) => {
    if (char === "*") return "\\d";
    if (char === "%") return "\\d*";
    return keypad[char] ?? char;
  }).join("");
  return new RegExp(`${anchoredStart ? "^" : ""}${source}${anchoredEnd ? "$" : ""}`);
}
