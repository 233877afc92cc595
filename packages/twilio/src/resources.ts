// The resources as Twilio sends them: snake_case wire names, strings where Twilio sends strings
// (num_segments, price). Validation is light on purpose: the fields the platform keys on must be
// there, everything else passes through untouched as Twilio adds fields without notice.

/**
 * Capability flags. Available numbers use upper-case "SMS"/"MMS", incoming numbers lower-case:
 * read them with hasCapability.
 */
export type Capabilities = Readonly<Record<string, boolean>>;

/** One entry of AvailablePhoneNumbers/{Country}/Local.json. */
export interface AvailableNumber {
  phone_number: string;
  friendly_name: string;
  locality: string | null;
  region: string | null;
  postal_code: string | null;
  iso_country: string;
  rate_center?: string | null;
  lata?: string | null;
  latitude?: number | string | null;
  longitude?: number | string | null;
  address_requirements?: string;
  beta?: boolean;
  capabilities: Capabilities;
}

/** api.v2010.account.incoming_phone_number (the fields Phoenix reads; the rest pass through). */
export interface IncomingNumber {
  sid: string;
  account_sid: string;
  phone_number: string;
  friendly_name: string;
  capabilities: Capabilities;
  sms_url: string | null;
  /** Not checked when a response is parsed; absent means Twilio's default, POST. */
  sms_method?: string | undefined;
  sms_fallback_url: string | null;
  sms_fallback_method: string;
  status_callback: string | null;
  status_callback_method: string;
  status?: string;
  date_created: string;
  date_updated: string;
  uri: string;
}

export type MessageStatus =
  | "queued"
  | "sending"
  | "sent"
  | "failed"
  | "delivered"
  | "undelivered"
  | "receiving"
  | "received"
  | "accepted"
  | "scheduled"
  | "read"
  | "partially_delivered"
  | "canceled";

/** api.v2010.account.message. */
export interface Message {
  sid: string;
  account_sid: string;
  to: string;
  from: string | null;
  body: string;
  status: MessageStatus;
  direction: string;
  messaging_service_sid: string | null;
  /** A string on the wire, e.g. "1"; "0" while a Messaging Service message is still accepted. */
  num_segments: string;
  num_media: string;
  /** Negative, e.g. "-0.00830"; null until the message is sent. */
  price: string | null;
  price_unit: string | null;
  error_code: number | null;
  error_message: string | null;
  date_created: string;
  date_updated: string;
  date_sent: string | null;
  uri: string;
}

/**
 * Twilio's number types as the Pricing API spells them: "local", "mobile", "national",
 * "toll free", … (lower case, with a space).
 */
export type PhoneNumberType = string;

/** One entry of phone_number_prices. */
export interface PhoneNumberPrice {
  number_type: PhoneNumberType;
  /** Decimal strings ("1.15"); the live API sends strings, its OpenAPI spec says numbers: both are read, strings returned. */
  base_price: string;
  /** The account's price (after any discount): what the number costs a month. */
  current_price: string;
}

/** pricing.v1.phone_number.phone_number_country-instance: GET /v1/PhoneNumbers/Countries/{IsoCountry}. */
export interface PhoneNumberCountry {
  country: string;
  iso_country: string;
  phone_number_prices: PhoneNumberPrice[];
  /** ISO 4217, e.g. "USD". */
  price_unit: string;
  url: string;
}

/** The current monthly price of `numberType` ("local" by default) in the country; undefined when Twilio lists none. */
export function monthlyPrice(
  prices: PhoneNumberCountry,
  numberType: PhoneNumberType = "local",
): string | undefined {
  return prices.phone_number_prices.find((entry) => entry.number_type === numberType)?.current_price;
}

/** Case-insensitive read of a capability flag ("sms" finds both "sms" and "SMS"). */
export function hasCapability(capabilities: Capabilities, name: string): boolean {
  const wanted = name.toLowerCase();
  return Object.entries(capabilities).some(([key, value]) => key.toLowerCase() === wanted && value);
}

/** Thrown by the parsers; the transport turns it into a TwilioApiError of kind "malformed". */
export class MalformedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedResponseError";
  }
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new MalformedResponseError(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T is the response type the caller parses: its key fields are checked here, the rest is trusted as Twilio documents it
function withStrings<T>(value: unknown, what: string, fields: readonly string[]): T {
  const object = record(value, what);
  for (const field of fields) {
    if (typeof object[field] !== "string" || object[field] === "")
      throw new MalformedResponseError(`${what} has no ${field}`);
  }
  return object as T;
}

export const parseAvailableNumber = (value: unknown): AvailableNumber =>
  withStrings(value, "available phone number", ["phone_number"]);

export const parseIncomingNumber = (value: unknown): IncomingNumber =>
  withStrings(value, "incoming phone number", ["sid", "phone_number"]);

export const parseMessage = (value: unknown): Message => withStrings(value, "message", ["sid", "status"]);

const DECIMAL = /^\d+(\.\d+)?$/;

/** A price as a decimal string, whether Twilio sent "1.15" or 1.15. */
function priceString(value: unknown, what: string): string {
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== "string" || !DECIMAL.test(text))
    throw new MalformedResponseError(`${what} is not a price`);
  return text;
}

export function parsePhoneNumberCountry(value: unknown): PhoneNumberCountry {
  const country = withStrings<Record<string, unknown>>(value, "phone number country", [
    "iso_country",
    "price_unit",
  ]);
  const prices = country["phone_number_prices"];
  if (!Array.isArray(prices))
    throw new MalformedResponseError("phone number country has no phone_number_prices array");
  return {
    ...country,
    phone_number_prices: prices.map((item, index) => {
      const entry = withStrings<Record<string, unknown>>(item, `phone_number_prices[${index}]`, [
        "number_type",
      ]);
      return {
        ...entry,
        base_price: priceString(entry["base_price"], `phone_number_prices[${index}].base_price`),
        current_price: priceString(entry["current_price"], `phone_number_prices[${index}].current_price`),
      } as PhoneNumberPrice;
    }),
  } as PhoneNumberCountry;
}

export interface Page<T> {
  items: T[];
  /** Relative to the base URL, as Twilio sends it; null on the last page. */
  nextPageUri: string | null;
}

/** A list envelope: the items under `key`, and next_page_uri when the list is paged. */
export function parsePage<T>(value: unknown, key: string, parseItem: (item: unknown) => T): Page<T> {
  const object = record(value, "list response");
  const items = object[key];
  if (!Array.isArray(items)) throw new MalformedResponseError(`list response has no ${key} array`);
  const next = object["next_page_uri"] ?? null;
  // Relative only: the client joins it to its own base URL, so credentials never go elsewhere.
  if (next !== null && (typeof next !== "string" || !next.startsWith("/")))
    throw new MalformedResponseError(`next_page_uri is not a relative URI: ${JSON.stringify(next)}`);
  return { items: items.map(parseItem), nextPageUri: next };
}
