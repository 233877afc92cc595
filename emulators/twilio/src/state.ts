// Everything the emulator remembers, in one object that tests create and inject. A reset
// rebuilds it in place from the seed it was created with.
import { createFaults } from "./faults.ts";
import type { Faults } from "./faults.ts";
import { buildPool, defaultPoolSeed } from "./pool.ts";
import type { AreaSeed, Locality, Pool } from "./pool.ts";
import { defaultPhoneNumberPrices } from "./pricing.ts";
import type { CountryPrices } from "./pricing.ts";

export interface IncomingNumber {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  smsUrl: string;
  smsMethod: HttpMethod;
  smsFallbackUrl: string;
  smsFallbackMethod: HttpMethod;
  statusCallback: string;
  statusCallbackMethod: HttpMethod;
  voiceUrl: string;
  sms: boolean;
  mms: boolean;
  voice: boolean;
  locality: Locality;
  dateCreated: number;
  dateUpdated: number;
}

export type HttpMethod = "GET" | "POST";

export type MessageStatus =
  "accepted" | "queued" | "sent" | "delivered" | "undelivered" | "failed" | "received";

export interface MessageRecord {
  sid: string;
  direction: "outbound-api" | "inbound";
  from: string;
  to: string;
  body: string;
  status: MessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
  /** Computed at creation; reported as "0" while a Messaging Service message is still accepted. */
  numSegments: number;
  price: string | null;
  messagingServiceSid: string | null;
  statusCallback: string | null;
  dateCreated: number;
  dateUpdated: number;
  dateSent: number | null;
}

export interface CallStats {
  total: number;
  byStatus: Record<string, number>;
}

export interface AuditEvent {
  at: number;
  /** purchase and release change ownership; drift is an out-of-band change via the control API. */
  kind: "purchase" | "release" | "drift";
  sid: string;
  phoneNumber: string;
}

export interface DeliveryRecord {
  at: number;
  kind: "inbound" | "inbound-fallback" | "status-callback";
  url: string;
  messageSid: string;
  /** MessageStatus for status callbacks. */
  event: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface DestinationOutcome {
  status: "delivered" | "undelivered" | "failed";
  errorCode: number | null;
}

export interface StateSeed {
  accountSid: string;
  authToken: string;
  /** API key SID (SK…) → secret. */
  apiKeys: Record<string, string>;
  pool: AreaSeed[];
  /** Pricing API: monthly number prices by ISO country. */
  phoneNumberPrices: Record<string, CountryPrices>;
}

export interface EmulatorState {
  readonly seed: StateSeed;
  account: { sid: string; authToken: string; dateCreated: number };
  apiKeys: Map<string, string>;
  pool: Pool;
  /** By SID, in purchase order. */
  numbers: Map<string, IncomingNumber>;
  numberSidByPhone: Map<string, string>;
  numberSidsByFriendlyName: Map<string, Set<string>>;
  /** Released numbers: they age out at Twilio and are not offered again. */
  retired: Set<string>;
  /** By SID, in creation order. */
  messages: Map<string, MessageRecord>;
  /** Per Twilio operationId. */
  calls: Map<string, CallStats>;
  audit: AuditEvent[];
  deliveries: DeliveryRecord[];
  destinations: Map<string, DestinationOutcome>;
  faults: Faults;
  /** Pricing API: monthly number prices by ISO country ("US"). */
  phoneNumberPrices: Map<string, CountryPrices>;
}

export const DEFAULT_ACCOUNT_SID = "AC00000000000000000000000000000000";
export const DEFAULT_AUTH_TOKEN = "emulator-auth-token-0000000000000";

/** Deliveries kept for inspection; older ones are dropped. */
export const DELIVERY_HISTORY = 1000;

export function createState(seed: Partial<StateSeed> = {}, now = Date.now()): EmulatorState {
  const full: StateSeed = {
    accountSid: seed.accountSid ?? DEFAULT_ACCOUNT_SID,
    authToken: seed.authToken ?? DEFAULT_AUTH_TOKEN,
    apiKeys: seed.apiKeys ?? {},
    pool: seed.pool ?? defaultPoolSeed(),
    phoneNumberPrices: seed.phoneNumberPrices ?? defaultPhoneNumberPrices(),
  };
  return { seed: full, ...freshState(full, now) };
}

/** Forgets numbers, messages, calls, faults, seeded inventory and prices: back to the initial seed. */
export function resetState(state: EmulatorState, now = Date.now()): void {
  Object.assign(state, freshState(state.seed, now));
}

function freshState(seed: StateSeed, now: number): Omit<EmulatorState, "seed"> {
  return {
    account: { sid: seed.accountSid, authToken: seed.authToken, dateCreated: now },
    apiKeys: new Map(Object.entries(seed.apiKeys)),
    pool: buildPool(seed.pool),
    numbers: new Map(),
    numberSidByPhone: new Map(),
    numberSidsByFriendlyName: new Map(),
    retired: new Set(),
    messages: new Map(),
    calls: new Map(),
    audit: [],
    deliveries: [],
    destinations: new Map(),
    faults: createFaults(),
    phoneNumberPrices: new Map(Object.entries(structuredClone(seed.phoneNumberPrices))),
  };
}

/** Owned or retired numbers cannot be offered or bought. */
export function isTaken(state: EmulatorState, phoneNumber: string): boolean {
  return state.numberSidByPhone.has(phoneNumber) || state.retired.has(phoneNumber);
}

export function recordCall(state: EmulatorState, operation: string, status: number): void {
  const stats = state.calls.get(operation) ?? { total: 0, byStatus: {} };
  stats.total += 1;
  stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
  state.calls.set(operation, stats);
}

export function recordDelivery(state: EmulatorState, record: DeliveryRecord): void {
  state.deliveries.push(record);
  if (state.deliveries.length > DELIVERY_HISTORY) state.deliveries.shift();
}
