// The control API's contract, shared by the routes (validation) and the typed client. Request
// schemas are TypeBox, so each request type is derived from its schema, never written twice.
import Type from "typebox";
import type { Static } from "typebox";

const Phone = Type.String({ pattern: "^\\+[1-9][0-9]{1,14}$", description: "E.164" });
const Method = Type.Union([Type.Literal("GET"), Type.Literal("POST")]);
const Operation = Type.String({ minLength: 1, description: "Twilio operationId, or * for every operation" });

export const FailureSchema = Type.Object(
  {
    operation: Type.Optional(Operation),
    count: Type.Optional(Type.Integer({ minimum: 1, description: "calls that fail; default 1" })),
    nth: Type.Optional(Type.Integer({ minimum: 1, description: "first failing call, 1 = the next one" })),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    code: Type.Optional(Type.Integer({ description: "Twilio error code; default from the status" })),
    message: Type.Optional(Type.String()),
    retryAfterSeconds: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const RateLimitSchema = Type.Object(
  {
    maxConcurrent: Type.Optional(Type.Integer({ minimum: 0 })),
    requestsPerSecond: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    burst: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const FaultsSchema = Type.Object(
  {
    /** Per operation (or "*"); replaces the latency of the operations named. */
    latencyMs: Type.Optional(Type.Record(Type.String(), Type.Integer({ minimum: 0, maximum: 600_000 }))),
    /**
     * Per operation (or "*"): hold the answer back this long after the handler ran (the effect,
     * e.g. a purchase, has happened); replaces the delay of the operations named, 0 removes it.
     */
    responseDelayMs: Type.Optional(
      Type.Record(Type.String(), Type.Integer({ minimum: 0, maximum: 600_000 })),
    ),
    /** Appended to the rules already active. */
    failures: Type.Optional(Type.Array(FailureSchema)),
    /** null removes the limit. */
    rateLimit: Type.Optional(Type.Union([RateLimitSchema, Type.Null()])),
    reorderCallbacks: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type FaultsRequest = Static<typeof FaultsSchema>;
export type FailureRequest = Static<typeof FailureSchema>;

export const InboundSchema = Type.Object(
  {
    from: Phone,
    to: Phone,
    body: Type.String({ maxLength: 1600 }),
    messageSid: Type.Optional(Type.String({ pattern: "^SM[0-9a-fA-F]{32}$" })),
    messagingServiceSid: Type.Optional(Type.String({ pattern: "^MG[0-9a-fA-F]{32}$" })),
  },
  { additionalProperties: false },
);
export type InboundRequest = Static<typeof InboundSchema>;

export const NumberPatchSchema = Type.Object(
  {
    friendlyName: Type.Optional(Type.String({ maxLength: 64 })),
    smsUrl: Type.Optional(Type.String()),
    smsMethod: Type.Optional(Method),
    smsFallbackUrl: Type.Optional(Type.String()),
    smsFallbackMethod: Type.Optional(Method),
    statusCallback: Type.Optional(Type.String()),
    statusCallbackMethod: Type.Optional(Method),
  },
  { additionalProperties: false },
);
export type NumberPatchRequest = Static<typeof NumberPatchSchema>;

export const NumberIdSchema = Type.Object({ id: Type.String({ description: "PN… SID or E.164 number" }) });

export const AreaSeedSchema = Type.Object(
  {
    count: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    numbers: Type.Optional(Type.Array(Phone)),
    smsEnabled: Type.Optional(Type.Boolean()),
    locality: Type.Optional(
      Type.Object({
        city: Type.Optional(Type.String()),
        region: Type.Optional(Type.String()),
        postalCode: Type.Optional(Type.String()),
      }),
    ),
  },
  { additionalProperties: false },
);
export type AreaSeedRequest = Static<typeof AreaSeedSchema>;
export const AreaCodeSchema = Type.Object({ areaCode: Type.String({ pattern: "^[0-9]{3}$" }) });

export const DestinationSchema = Type.Object(
  {
    status: Type.Union([Type.Literal("delivered"), Type.Literal("undelivered"), Type.Literal("failed")]),
    errorCode: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  },
  { additionalProperties: false },
);
export type DestinationRequest = Static<typeof DestinationSchema>;
export const DestinationParamsSchema = Type.Object({ to: Phone });

export const ApiKeySchema = Type.Object(
  {
    sid: Type.Optional(Type.String({ pattern: "^SK[0-9a-fA-F]{32}$" })),
    secret: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type ApiKeyRequest = Static<typeof ApiKeySchema>;
export const ApiKeyParamsSchema = Type.Object({ sid: Type.String() });

const Price = Type.String({
  pattern: "^[0-9]{1,6}(\\.[0-9]{1,5})?$",
  description: "USD per month as a decimal string, e.g. 1.15",
});

/** One country's monthly number prices for the Pricing API; replaces what the country had. */
export const PhoneNumberPricesSchema = Type.Object(
  {
    country: Type.String({ minLength: 1, description: "The country's name, e.g. France" }),
    priceUnit: Type.Optional(Type.String({ pattern: "^[A-Z]{3}$", description: "default USD" })),
    prices: Type.Array(
      Type.Object(
        {
          numberType: Type.String({
            pattern: "^[a-z][a-z ]{0,31}$",
            description: "Twilio's spelling: local, mobile, national, toll free, …",
          }),
          basePrice: Price,
          currentPrice: Type.Optional({ ...Price, description: "default basePrice" }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
export type PhoneNumberPricesRequest = Static<typeof PhoneNumberPricesSchema>;
export const IsoCountrySchema = Type.Object({ isoCountry: Type.String({ pattern: "^[A-Z]{2}$" }) });

export const StateQuerySchema = Type.Object({
  summary: Type.Optional(Type.Boolean({ description: "omit numbers, messages and deliveries" })),
});

export const MessagesQuerySchema = Type.Object({
  to: Type.Optional(Type.String()),
  from: Type.Optional(Type.String()),
  direction: Type.Optional(Type.Union([Type.Literal("inbound"), Type.Literal("outbound-api")])),
  status: Type.Optional(Type.String()),
});
export type MessagesQuery = Static<typeof MessagesQuerySchema>;

// Responses. Timestamps are ISO 8601 (this is our API, not Twilio's).

export interface NumberView {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  smsUrl: string;
  smsMethod: "GET" | "POST";
  smsFallbackUrl: string;
  statusCallback: string;
  dateCreated: string;
  dateUpdated: string;
}

export interface MessageView {
  sid: string;
  direction: "outbound-api" | "inbound";
  from: string;
  to: string;
  body: string;
  status: string;
  errorCode: number | null;
  numSegments: number;
  price: string | null;
  messagingServiceSid: string | null;
  statusCallback: string | null;
  dateCreated: string;
  dateSent: string | null;
}

export interface CostView {
  numbersOwned: number;
  outboundSegments: number;
  inboundSegments: number;
  /** The Pricing API's current price of a US local number (every emulated number is one); 0 if unpriced. */
  numberMonthlyUsd: number;
  segmentUsd: number;
  /** numbersOwned × numberMonthlyUsd + (outbound + inbound segments) × 0.0083 */
  monthlyCostUsd: number;
}

/** The Pricing API's state: per ISO country, as the control API takes it. */
export type PhoneNumberPricesView = Record<
  string,
  {
    country: string;
    priceUnit: string;
    prices: { numberType: string; basePrice: string; currentPrice: string }[];
  }
>;

export interface StateView {
  accountSid: string;
  /** Per Twilio operationId: every call, whatever its outcome, and the statuses answered. */
  calls: Record<string, { total: number; byStatus: Record<string, number> }>;
  cost: CostView;
  /** Free numbers left per area code. */
  available: Record<string, number>;
  audit: { at: string; kind: "purchase" | "release" | "drift"; sid: string; phoneNumber: string }[];
  faults: unknown;
  destinations: Record<string, { status: string; errorCode: number | null }>;
  phoneNumberPrices: PhoneNumberPricesView;
  numbers?: NumberView[];
  messages?: MessageView[];
  deliveries?: {
    at: string;
    kind: string;
    url: string;
    messageSid: string;
    event: string;
    status: number | null;
    error: string | null;
    durationMs: number;
  }[];
}

export interface InboundResponse {
  messageSid: string;
  /** The params POSTed, exactly as signed. */
  params: Record<string, string>;
  url: string | null;
  signature: string | null;
  /** The application's answer; null status when it never answered (refused, timed out). */
  status: number | null;
  body: string;
  contentType: string | null;
  error: string | null;
  fallback: { url: string; status: number | null; body: string; error: string | null } | null;
}
