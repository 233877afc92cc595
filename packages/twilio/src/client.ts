// The Twilio REST API 2010-04-01 calls Phoenix makes, and the Pricing API's number prices, typed,
// over fetch (docs/decisions/0004). The same code talks to Twilio and to emulators/twilio: only
// the base URLs and credentials change. No retries here: every failure is a TwilioApiError whose
// `retryable` tells the caller.
import { TwilioApiError } from "./errors.ts";
import type { AvailableNumber, IncomingNumber, Message, Page, PhoneNumberCountry } from "./resources.ts";
import {
  parseAvailableNumber,
  parseIncomingNumber,
  parseMessage,
  parsePage,
  parsePhoneNumberCountry,
} from "./resources.ts";
import { createTransport } from "./transport.ts";
import type { Params, Send, TwilioCall, TwilioOperation } from "./transport.ts";

export interface TwilioClientOptions {
  /** AC…; always in the request path, also when authenticating with an API key. */
  accountSid: string;
  /** AC… (with the auth token as password) or an API key SK… (with its secret); default accountSid. */
  username?: string;
  /** The auth token, or the API key's secret. */
  password: string;
  /** Default https://api.twilio.com. A path prefix is kept. */
  baseUrl?: string;
  /**
   * The Pricing API's host: default https://pricing.twilio.com (Twilio serves it apart from the
   * REST API). The emulator serves both on one port: set both URLs to it.
   */
  pricingBaseUrl?: string;
  /** Deadline for each HTTP request, response body included; default 10000 ms. */
  timeoutMs?: number;
  /** Default the global fetch. */
  fetch?: typeof fetch;
  /** Called once per HTTP request, success or failure; exceptions it throws are ignored. */
  onCall?: (call: TwilioCall) => void;
}

export type HttpMethod = "GET" | "POST";

/** How a number routes SMS; "" clears a URL. */
export interface NumberConfig {
  /** At most 64 characters. Phoenix puts a unique marker here to find numbers after a lost reply. */
  friendlyName?: string;
  smsUrl?: string;
  /** Default POST. */
  smsMethod?: HttpMethod;
  smsFallbackUrl?: string;
  /** Default POST. */
  smsFallbackMethod?: HttpMethod;
  statusCallback?: string;
  /** Default POST. */
  statusCallbackMethod?: HttpMethod;
}

export type BuyNumberParams = NumberConfig &
  ({ phoneNumber: string; areaCode?: undefined } | { areaCode: string; phoneNumber?: undefined });

export interface SearchLocalQuery {
  areaCode?: string | undefined;
  /** Twilio's pattern: digits/letters with `*` (one character), `%`, `+` and `$`. */
  contains?: string | undefined;
  smsEnabled?: boolean | undefined;
  /** 1–1000; Twilio's default is 50. */
  pageSize?: number;
}

export interface ListNumbersQuery {
  /** Exact match. */
  friendlyName?: string;
  /** E.164, or partial with `*` wildcards. */
  phoneNumber?: string;
  /** Numbers per page (1–1000, Twilio's default 50); every page is fetched. */
  pageSize?: number;
}

export interface ListMessagesQuery {
  to?: string;
  from?: string;
  /** YYYY-MM-DD: sent on or after this UTC day (Twilio's DateSent>). */
  dateSentAfter?: string;
  /** Default Twilio's 50. */
  pageSize?: number;
}

export type SendMessageParams = {
  to: string;
  body: string;
  statusCallback?: string;
} & ({ from: string; messagingServiceSid?: undefined } | { messagingServiceSid: string; from?: undefined });

export interface TwilioClient {
  searchLocal(country: string, query?: SearchLocalQuery): Promise<AvailableNumber[]>;
  /**
   * Buys a number (201). Not idempotent for a new number: after a retryable failure the number
   * may have been bought, so list by friendlyName before buying again.
   */
  buyNumber(params: BuyNumberParams): Promise<IncomingNumber>;
  /** Follows next_page_uri to the last page. */
  listNumbers(query?: ListNumbersQuery): Promise<IncomingNumber[]>;
  fetchNumber(sid: string): Promise<IncomingNumber>;
  updateNumber(sid: string, patch: NumberConfig): Promise<IncomingNumber>;
  /** true when released now, false when Twilio no longer knows the SID (20404: already released). */
  releaseNumber(sid: string): Promise<boolean>;
  sendMessage(params: SendMessageParams): Promise<Message>;
  fetchMessage(sid: string): Promise<Message>;
  /** Messages matching every filter given, newest first (every page is fetched). */
  listMessages(query?: ListMessagesQuery): Promise<Message[]>;
  /**
   * The account's monthly prices of phone numbers in a country (ISO 3166-1 alpha-2, e.g. "US"),
   * per number type: Pricing API v1 `GET /v1/PhoneNumbers/Countries/{IsoCountry}`. A country
   * Twilio does not sell numbers in is a 404 (code 20404). `monthlyPrice(prices, "local")` picks one.
   */
  getPhoneNumberPrices(isoCountry: string): Promise<PhoneNumberCountry>;
}

const configNames = {
  friendlyName: "FriendlyName",
  smsUrl: "SmsUrl",
  smsMethod: "SmsMethod",
  smsFallbackUrl: "SmsFallbackUrl",
  smsFallbackMethod: "SmsFallbackMethod",
  statusCallback: "StatusCallback",
  statusCallbackMethod: "StatusCallbackMethod",
} as const satisfies Record<keyof NumberConfig, string>;

function configForm(config: NumberConfig): Params {
  const form: Params = {};
  for (const [field, name] of Object.entries(configNames)) form[name] = config[field as keyof NumberConfig];
  return form;
}

export function createTwilioClient(options: TwilioClientOptions): TwilioClient {
  const transport = transportOptions(options);
  const send = createTransport(transport);
  const sendPricing = createTransport({
    ...transport,
    root: rootOf(options.pricingBaseUrl ?? "https://pricing.twilio.com", "pricingBaseUrl"),
  });
  const account = `/2010-04-01/Accounts/${options.accountSid}`;
  const numberUri = (sid: string): string =>
    `${account}/IncomingPhoneNumbers/${encodeURIComponent(sid)}.json`;
  const availableNumbers = (body: unknown) =>
    parsePage(body, "available_phone_numbers", parseAvailableNumber).items;

  return {
    searchLocal: (country, query = {}) =>
      send(
        {
          operation: "numbers.search",
          method: "GET",
          uri: `${account}/AvailablePhoneNumbers/${encodeURIComponent(country)}/Local.json`,
          query: {
            AreaCode: query.areaCode,
            Contains: query.contains,
            SmsEnabled: query.smsEnabled,
            PageSize: query.pageSize,
          },
        },
        availableNumbers,
      ),
    buyNumber: (params) =>
      send(
        {
          operation: "numbers.buy",
          method: "POST",
          uri: `${account}/IncomingPhoneNumbers.json`,
          form: { PhoneNumber: params.phoneNumber, AreaCode: params.areaCode, ...configForm(params) },
        },
        parseIncomingNumber,
      ),
    listNumbers: (query = {}) =>
      listAll(send, {
        operation: "numbers.list",
        uri: `${account}/IncomingPhoneNumbers.json`,
        key: "incoming_phone_numbers",
        parse: parseIncomingNumber,
        params: {
          FriendlyName: query.friendlyName,
          PhoneNumber: query.phoneNumber,
          PageSize: query.pageSize,
        },
      }),
    fetchNumber: (sid) =>
      send({ operation: "numbers.fetch", method: "GET", uri: numberUri(sid) }, parseIncomingNumber),
    updateNumber: (sid, patch) =>
      send(
        { operation: "numbers.update", method: "POST", uri: numberUri(sid), form: configForm(patch) },
        parseIncomingNumber,
      ),
    releaseNumber: (sid) => release(send, numberUri(sid)),
    ...messageMethods(send, account),
    getPhoneNumberPrices: (isoCountry) =>
      sendPricing(
        {
          operation: "pricing.numbers.fetch",
          method: "GET",
          uri: `/v1/PhoneNumbers/Countries/${encodeURIComponent(isoCountry)}`,
        },
        parsePhoneNumberCountry,
      ),
  };
}

function messageMethods(
  send: Send,
  account: string,
): Pick<TwilioClient, "sendMessage" | "fetchMessage" | "listMessages"> {
  const messageUri = (sid: string): string => `${account}/Messages/${encodeURIComponent(sid)}.json`;
  return {
    sendMessage: (params) =>
      send(
        {
          operation: "messages.create",
          method: "POST",
          uri: `${account}/Messages.json`,
          form: {
            To: params.to,
            From: params.from,
            MessagingServiceSid: params.messagingServiceSid,
            Body: params.body,
            StatusCallback: params.statusCallback,
          },
        },
        parseMessage,
      ),
    fetchMessage: (sid) =>
      send({ operation: "messages.fetch", method: "GET", uri: messageUri(sid) }, parseMessage),
    listMessages: (query = {}) =>
      listAll(send, {
        operation: "messages.list",
        uri: `${account}/Messages.json`,
        key: "messages",
        parse: parseMessage,
        params: {
          To: query.to,
          From: query.from,
          "DateSent>": query.dateSentAfter,
          PageSize: query.pageSize,
        },
      }),
  };
}

function transportOptions(options: TwilioClientOptions): Parameters<typeof createTransport>[0] {
  const { accountSid, username = options.accountSid, password, timeoutMs = 10_000 } = options;
  // Configuration mistakes fail at startup, not on the first purchase.
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid)) throw new TypeError("accountSid must be an account SID (AC…)");
  if (!/^(AC|SK)[0-9a-fA-F]{32}$/.test(username))
    throw new TypeError("username must be an account SID (AC…) or an API key SID (SK…)");
  if (password === "") throw new TypeError("password (auth token or API key secret) must not be empty");
  if (!(timeoutMs > 0)) throw new TypeError("timeoutMs must be positive");
  return {
    root: rootOf(options.baseUrl ?? "https://api.twilio.com", "baseUrl"),
    authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`,
    timeoutMs,
    fetch: options.fetch ?? fetch,
    onCall: options.onCall,
  };
}

/** A base URL without its trailing slash; a path prefix is kept. */
function rootOf(url: string, name: string): string {
  const base = new URL(url);
  if (base.protocol !== "https:" && base.protocol !== "http:") throw new TypeError(`${name} must be http(s)`);
  return `${base.origin}${base.pathname.replace(/\/+$/, "")}`;
}

interface ListSpec<T> {
  operation: TwilioOperation;
  uri: string;
  key: string;
  parse: (item: unknown) => T;
  params: Record<string, string | number | undefined>;
}

/** Reads every page of a list, following next_page_uri. */
async function listAll<T>(send: Send, spec: ListSpec<T>): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let uri: string | null = spec.uri;
  let first = true;
  while (uri !== null) {
    // A next_page_uri pointing back at a page already read would loop forever.
    if (seen.has(uri)) throw repeatedPage(spec.operation, uri);
    seen.add(uri);
    const page: Page<T> = await send(
      { operation: spec.operation, method: "GET", uri, ...(first ? { query: spec.params } : {}) },
      (body) => parsePage(body, spec.key, spec.parse),
    );
    items.push(...page.items);
    uri = page.nextPageUri;
    first = false;
  }
  return items;
}

function repeatedPage(operation: TwilioOperation, uri: string): TwilioApiError {
  return new TwilioApiError(`${operation}: unexpected response from Twilio: page ${uri} came twice`, {
    operation,
    kind: "malformed",
    status: 200,
  });
}

async function release(send: Send, uri: string): Promise<boolean> {
  try {
    return await send({ operation: "numbers.release", method: "DELETE", uri }, () => true);
  } catch (err) {
    // Only Twilio's own "not found" counts as released: a bare 404 from a misrouted base URL must not.
    if (err instanceof TwilioApiError && err.status === 404 && err.code === 20404) return false;
    throw err;
  }
}
