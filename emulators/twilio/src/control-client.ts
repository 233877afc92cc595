// A typed client of the control API, for tests and scripts of other components:
//   const twilio = createControlClient("http://127.0.0.1:8099");
//   await twilio.addFaults({ failures: [{ operation: "CreateIncomingPhoneNumber", status: 429, count: 3 }] });
import { ControlApiError } from "@phoenix/kernel/emulator";
import type { WaitOptions } from "@phoenix/kernel/emulator";
import type {
  ApiKeyRequest,
  AreaSeedRequest,
  DestinationRequest,
  FaultsRequest,
  InboundRequest,
  InboundResponse,
  MessagesQuery,
  MessageView,
  NumberPatchRequest,
  NumberView,
  PhoneNumberPricesRequest,
  StateView,
} from "./control-schema.ts";

export type {
  CostView,
  InboundRequest,
  InboundResponse,
  MessageView,
  NumberView,
  PhoneNumberPricesRequest,
  StateView,
} from "./control-schema.ts";

export { ControlApiError } from "@phoenix/kernel/emulator";
export type { WaitOptions } from "@phoenix/kernel/emulator";

export interface TwilioControlClient {
  readonly baseUrl: string;
  state(options?: { summary?: boolean }): Promise<StateView>;
  reset(): Promise<void>;
  /**
   * Adds failure rules and sets latency, response delay (the answer held back after the effect
   * happened), rate limit or callback order.
   */
  addFaults(faults: FaultsRequest): Promise<unknown>;
  clearFaults(): Promise<void>;
  /** Sends a signed inbound SMS to the number's SmsUrl and returns the application's answer. */
  inbound(sms: InboundRequest): Promise<InboundResponse>;
  /** Changes a number behind the platform's back (by PN SID or E.164), e.g. its SmsUrl. */
  updateNumber(id: string, patch: NumberPatchRequest): Promise<NumberView>;
  seedAvailable(areaCode: string, seed: AreaSeedRequest): Promise<{ areaCode: string; size: number }>;
  setDestination(to: string, outcome: DestinationRequest): Promise<void>;
  clearDestination(to: string): Promise<void>;
  createApiKey(key?: ApiKeyRequest): Promise<{ sid: string; secret: string }>;
  deleteApiKey(sid: string): Promise<void>;
  /** Replaces a country's monthly number prices in the Pricing API (ISO code, e.g. "FR"). */
  setPhoneNumberPrices(isoCountry: string, prices: PhoneNumberPricesRequest): Promise<void>;
  /** Removes a country from the Pricing API: fetching it then answers Twilio's 404 (20404). */
  deletePhoneNumberPrices(isoCountry: string): Promise<void>;
  messages(query?: MessagesQuery): Promise<MessageView[]>;
  /** Polls until some message matches `query` (and `accept`), e.g. a reply reaching a user. */
  waitForMessage(
    query: MessagesQuery,
    options?: WaitOptions & { accept?: (message: MessageView) => boolean },
  ): Promise<MessageView>;
}

export function createControlClient(baseUrl: string, fetchImpl: typeof fetch = fetch): TwilioControlClient {
  const root = baseUrl.replace(/\/+$/, "");

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetchImpl(`${root}/_control${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new ControlApiError(response.status, text, `${method} /_control${path}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const messages = (query: MessagesQuery = {}): Promise<MessageView[]> => {
    return call<MessageView[]>("GET", `/messages${queryString(query)}`);
  };

  return {
    baseUrl: root,
    state: (options = {}) => call("GET", `/state${options.summary ? "?summary=true" : ""}`),
    reset: () => call("POST", "/reset"),
    addFaults: (faults) => call("POST", "/faults", faults),
    clearFaults: () => call("DELETE", "/faults"),
    inbound: (sms) => call("POST", "/inbound", sms),
    updateNumber: (id, patch) => call("PATCH", `/numbers/${encodeURIComponent(id)}`, patch),
    seedAvailable: (areaCode, seed) => call("PUT", `/available/${areaCode}`, seed),
    setDestination: (to, outcome) => call("PUT", `/destinations/${encodeURIComponent(to)}`, outcome),
    clearDestination: (to) => call("DELETE", `/destinations/${encodeURIComponent(to)}`),
    createApiKey: (key = {}) => call("POST", "/api-keys", key),
    deleteApiKey: (sid) => call("DELETE", `/api-keys/${sid}`),
    setPhoneNumberPrices: async (isoCountry, prices) => {
      await call("PUT", `/pricing/phone-numbers/${encodeURIComponent(isoCountry)}`, prices);
    },
    deletePhoneNumberPrices: (isoCountry) =>
      call("DELETE", `/pricing/phone-numbers/${encodeURIComponent(isoCountry)}`),
    messages,
    async waitForMessage(query, { timeoutMs = 5000, intervalMs = 20, accept = () => true } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await messages(query)).find(accept);
        if (found) return found;
        if (Date.now() >= deadline)
          throw new Error(`no message matching ${JSON.stringify(query)} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    },
  };
}

/** `?key=value&…` for the fields of `query` that are set; "" when none is. */
function queryString(query: Readonly<Record<string, string | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, value);
  return search.size > 0 ? `?${search.toString()}` : "";
}
