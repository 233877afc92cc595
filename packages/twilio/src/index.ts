export { createTwilioClient } from "./client.ts";
export type {
  BuyNumberParams,
  HttpMethod,
  ListMessagesQuery,
  ListNumbersQuery,
  NumberConfig,
  SearchLocalQuery,
  SendMessageParams,
  TwilioClient,
  TwilioClientOptions,
} from "./client.ts";
export { TwilioApiError, parseRetryAfter } from "./errors.ts";
export type { TwilioFailureKind } from "./errors.ts";
export { hasCapability, monthlyPrice } from "./resources.ts";
export type {
  AvailableNumber,
  Capabilities,
  IncomingNumber,
  Message,
  MessageStatus,
  PhoneNumberCountry,
  PhoneNumberPrice,
  PhoneNumberType,
} from "./resources.ts";
export { isSignedParams, signedUrlForms, twilioSignature, validateTwilioSignature } from "./signature.ts";
export type { SignedParams, TwilioSignatureCheck } from "./signature.ts";
export type { TwilioCall, TwilioOperation } from "./transport.ts";
