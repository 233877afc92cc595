// OpenAI's error body: { error: { message, type, param, code } } with the HTTP status and, for 429,
// the retry and rate-limit headers the official clients read (retry-after, x-ratelimit-*).

export type OpenAiErrorType =
  "invalid_request_error" | "authentication_error" | "requests" | "tokens" | "server_error";

export interface OpenAiErrorBody {
  error: { message: string; type: OpenAiErrorType; param: string | null; code: string | null };
}

export class OpenAiError extends Error {
  readonly status: number;
  readonly type: OpenAiErrorType;
  readonly param: string | null;
  readonly code: string | null;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    body: OpenAiErrorBody["error"],
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(body.message);
    this.name = "OpenAiError";
    this.status = status;
    this.type = body.type;
    this.param = body.param;
    this.code = body.code;
    this.headers = headers;
  }

  toBody(): OpenAiErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export const invalidRequest = (message: string, param: string | null = null, status = 400): OpenAiError =>
  new OpenAiError(status, { message, type: "invalid_request_error", param, code: null });

export const missingApiKey = (): OpenAiError =>
  new OpenAiError(401, {
    message:
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    type: "invalid_request_error",
    param: null,
    code: null,
  });

export function invalidApiKey(key: string): OpenAiError {
  // OpenAI shows the first 3 and last 4 characters.
  const masked = key.length > 8 ? `${key.slice(0, 3)}${"*".repeat(key.length - 7)}${key.slice(-4)}` : "****";
  return new OpenAiError(401, {
    message: `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    type: "invalid_request_error",
    param: null,
    code: "invalid_api_key",
  });
}

export const modelNotFound = (model: string): OpenAiError =>
  new OpenAiError(404, {
    message: `The model \`${model}\` does not exist or you do not have access to it.`,
    type: "invalid_request_error",
    param: null,
    code: "model_not_found",
  });

export interface RateLimitDetails {
  retryAfterSeconds: number;
  limitRequests: number;
}

export function rateLimited(details: RateLimitDetails, message?: string): OpenAiError {
  const reset = `${details.retryAfterSeconds}s`;
  return new OpenAiError(
    429,
    {
      message:
        message ??
        `Rate limit reached for requests on the emulator: Limit ${details.limitRequests}, Used ${details.limitRequests}, Requested 1. Please try again in ${reset}.`,
      type: "requests",
      param: null,
      code: "rate_limit_exceeded",
    },
    {
      "retry-after": String(details.retryAfterSeconds),
      "retry-after-ms": String(details.retryAfterSeconds * 1000),
      "x-ratelimit-limit-requests": String(details.limitRequests),
      "x-ratelimit-remaining-requests": "0",
      "x-ratelimit-reset-requests": reset,
      "x-ratelimit-limit-tokens": "200000",
      "x-ratelimit-remaining-tokens": "200000",
      "x-ratelimit-reset-tokens": "0s",
    },
  );
}

const SERVER_MESSAGES: Readonly<Record<number, string>> = {
  500: "The server had an error while processing your request. Sorry about that!",
  502: "Bad gateway.",
  503: "The server is overloaded or not ready yet.",
};

export const serverError = (status: number, message?: string): OpenAiError =>
  new OpenAiError(status, {
    message: message ?? SERVER_MESSAGES[status] ?? "The server had an error while processing your request.",
    type: "server_error",
    param: null,
    code: null,
  });

/** The error an injected failure answers with. */
export function injectedFailure(
  status: number,
  options: { message?: string; retryAfterSeconds?: number } = {},
): OpenAiError {
  if (status === 429)
    return rateLimited(
      { retryAfterSeconds: options.retryAfterSeconds ?? 1, limitRequests: 60 },
      options.message,
    );
  return serverError(status, options.message);
}
