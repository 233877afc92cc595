// Stripe's v1 error body: { error: { type, code?, message, param?, doc_url? } }. Handlers throw
// StripeError; the REST plugin renders it with its HTTP status exactly as api.stripe.com does.

export type StripeErrorType =
  "invalid_request_error" | "idempotency_error" | "rate_limit_error" | "api_error";

export interface StripeErrorBody {
  error: {
    type: StripeErrorType;
    message: string;
    code?: string;
    param?: string;
    doc_url?: string;
  };
}

export interface StripeErrorDetails {
  code?: string;
  param?: string;
  headers?: Record<string, string>;
}

export class StripeError extends Error {
  readonly status: number;
  readonly type: StripeErrorType;
  readonly code: string | undefined;
  readonly param: string | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, type: StripeErrorType, message: string, details: StripeErrorDetails = {}) {
    super(message);
    this.name = "StripeError";
    this.status = status;
    this.type = type;
    this.code = details.code;
    this.param = details.param;
    this.headers = details.headers ?? {};
  }

  toBody(): StripeErrorBody {
    const error: StripeErrorBody["error"] = { type: this.type, message: this.message };
    if (this.code) {
      error.code = this.code;
      error.doc_url = `https://docs.stripe.com/error-codes/${this.code.replaceAll("_", "-")}`;
    }
    if (this.param) error.param = this.param;
    return { error };
  }
}

const invalid = (status: number, message: string, details: StripeErrorDetails = {}): StripeError =>
  new StripeError(status, "invalid_request_error", message, details);

export const parameterMissing = (param: string): StripeError =>
  invalid(400, `Missing required param: ${param}.`, { code: "parameter_missing", param });

export const parameterUnknown = (param: string): StripeError =>
  invalid(400, `Received unknown parameter: ${param}`, { code: "parameter_unknown", param });

/** A value Stripe would not accept for `param`; `code` names the kind (parameter_invalid_integer…). */
export const parameterInvalid = (param: string, message: string, code?: string): StripeError =>
  invalid(400, message, code ? { code, param } : { param });

/**
 * "No such customer: 'cus_…'". 404 when the object is named by the path, 400 when a parameter
 * refers to it (`param` set), as Stripe answers.
 */
export function resourceMissing(objectName: string, id: string, param?: string): StripeError {
  const message = `No such ${objectName}: '${id}'`;
  if (param) return invalid(400, message, { code: "resource_missing", param });
  return invalid(404, message, { code: "resource_missing", param: "id" });
}

/** A request Stripe refuses in the object's current state. */
export const invalidState = (message: string, param?: string): StripeError =>
  invalid(400, message, param ? { param } : {});

export function noApiKey(): StripeError {
  return invalid(
    401,
    "You did not provide an API key. You need to provide your API key in the Authorization header, " +
      "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication " +
      "for details, or we can help at https://support.stripe.com/.",
  );
}

export function invalidApiKey(key: string): StripeError {
  // Stripe masks all but the prefix and the last four characters.
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? "";
  const masked = `${prefix}${"*".repeat(Math.max(0, key.length - prefix.length - 4))}${key.slice(-4)}`;
  return invalid(401, `Invalid API Key provided: ${masked}`);
}

export function rateLimited(message?: string): StripeError {
  return new StripeError(
    429,
    "rate_limit_error",
    message ??
      "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
    { code: "rate_limit" },
  );
}

export function apiError(status: number, message?: string): StripeError {
  return new StripeError(
    status,
    "api_error",
    message ??
      "Sorry, something went wrong. We've already been notified of the problem, but if you need any help, you can reach us at https://support.stripe.com/contact.",
  );
}

export function idempotencyMismatch(key: string, detail: string): StripeError {
  return new StripeError(
    400,
    "idempotency_error",
    `Keys for idempotent requests can only be used ${detail}. Try using a key other than '${key}' if you meant to execute a different request.`,
  );
}

export function idempotencyKeyInUse(): StripeError {
  return invalid(
    409,
    "There is currently another in-progress request using this Stripe API key (or Idempotency-Key). " +
      "Please try again later.",
    { code: "idempotency_key_in_use", headers: { "stripe-should-retry": "true" } },
  );
}

/** The error an injected failure answers with. */
export function injectedFailure(status: number, message?: string): StripeError {
  return status === 429 ? rateLimited(message) : apiError(status, message);
}

/** A parameter Stripe accepts whose behaviour the emulator does not model: loud, not ignored. */
export const unsupported = (param: string): StripeError =>
  invalid(
    400,
    `The Stripe emulator does not emulate the parameter ${param} (see emulators/stripe/README.md).`,
    { param },
  );
