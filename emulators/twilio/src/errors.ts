// Twilio's legacy 2010-04-01 error body: { code, message, more_info, status }. Handlers throw
// TwilioError; the REST plugin renders it exactly as api.twilio.com does.

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export class TwilioError extends Error {
  readonly status: number;
  readonly code: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = "TwilioError";
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  toBody(): TwilioErrorBody {
    return { code: this.code, message: this.message, more_info: moreInfo(this.code), status: this.status };
  }
}

export function moreInfo(code: number): string {
  return `https://www.twilio.com/docs/errors/${code}`;
}

export const notFound = (uri: string): TwilioError =>
  new TwilioError(404, 20404, `The requested resource ${uri} was not found`);

export const authenticationError = (detail: string): TwilioError =>
  new TwilioError(401, 20003, `Authentication Error - ${detail}`, {
    "www-authenticate": 'Basic realm="Twilio API"',
  });

/** 400 for a parameter we cannot accept; codes are Twilio's where it has a specific one. */
export const badRequest = (code: number, message: string): TwilioError => new TwilioError(400, code, message);

// Generic "invalid parameter" for validations Twilio documents no specific code for.
export const INVALID_PARAMETER = 20001;

/** The Twilio code that goes with an injected HTTP failure status. */
export function codeForStatus(status: number): number {
  if (status === 429) return 20429;
  if (status === 503) return 20503;
  if (status >= 500) return 20500;
  return INVALID_PARAMETER;
}

const statusMessages: Record<number, string> = {
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export function messageForStatus(status: number): string {
  return statusMessages[status] ?? "Injected failure";
}
