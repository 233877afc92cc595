// An inbound SMS, as Twilio delivers it: the message is recorded (direction inbound, status
// received), then the number's SmsUrl gets the documented form params signed with
// X-Twilio-Signature. On failure Twilio calls SmsFallbackUrl with ErrorCode and ErrorUrl added.
import type { EmulatorContext } from "./context.ts";
import { localityOf } from "./pool.ts";
import { countSegments } from "./segments.ts";
import type { IncomingNumber, MessageRecord } from "./state.ts";
import { recordDelivery } from "./state.ts";
import { API_VERSION, isPhoneNumber, newSid, segmentPrice } from "./twilio-format.ts";
import { sendWebhook } from "./webhooks.ts";
import type { WebhookResult } from "./webhooks.ts";

export interface InboundSms {
  from: string;
  /** One of the account's numbers. */
  to: string;
  body: string;
  /** Reuse a SID to replay a delivery, as Twilio's retries do; default a new SM… SID. */
  messageSid?: string;
  messagingServiceSid?: string;
}

export interface InboundOutcome {
  messageSid: string;
  params: Record<string, string>;
  /** The SmsUrl answer; null when the number has no SmsUrl. */
  webhook: WebhookResult | null;
  fallback: WebhookResult | null;
}

export class InboundError extends Error {
  readonly statusCode: number;

  constructor(statusCode: number, message: string) {
    super(message);
    this.name = "InboundError";
    this.statusCode = statusCode;
  }
}

export async function deliverInbound(ctx: EmulatorContext, sms: InboundSms): Promise<InboundOutcome> {
  const { state } = ctx;
  if (!isPhoneNumber(sms.from))
    throw new InboundError(400, `from must be an E.164 phone number, got ${sms.from}`);
  const number = state.numbers.get(state.numberSidByPhone.get(sms.to) ?? "");
  if (!number) throw new InboundError(404, `the account owns no number ${sms.to}`);
  const message = recordInbound(ctx, sms);
  const params = inboundParams(ctx, number, message, sms.messagingServiceSid);
  if (!number.smsUrl) return { messageSid: message.sid, params, webhook: null, fallback: null };
  const authToken = state.account.authToken;
  const webhook = await sendWebhook(
    { url: number.smsUrl, method: number.smsMethod, params, authToken },
    ctx.webhooks,
  );
  record(ctx, "inbound", message.sid, webhook);
  const failed = webhook.status === null || webhook.status >= 400;
  if (!failed || !number.smsFallbackUrl) return { messageSid: message.sid, params, webhook, fallback: null };
  const fallbackParams = { ...params, ErrorCode: "11200", ErrorUrl: number.smsUrl };
  const fallback = await sendWebhook(
    { url: number.smsFallbackUrl, method: number.smsFallbackMethod, params: fallbackParams, authToken },
    ctx.webhooks,
  );
  record(ctx, "inbound-fallback", message.sid, fallback);
  return { messageSid: message.sid, params, webhook, fallback };
}

function recordInbound(ctx: EmulatorContext, sms: InboundSms): MessageRecord {
  const existing = sms.messageSid ? ctx.state.messages.get(sms.messageSid) : undefined;
  if (existing) return existing;
  const now = ctx.clock.now();
  const segments = countSegments(sms.body).segments;
  const message: MessageRecord = {
    sid: sms.messageSid ?? newSid("SM"),
    direction: "inbound",
    from: sms.from,
    to: sms.to,
    body: sms.body,
    status: "received",
    errorCode: null,
    errorMessage: null,
    numSegments: segments,
    price: segmentPrice(segments),
    messagingServiceSid: sms.messagingServiceSid ?? null,
    statusCallback: null,
    dateCreated: now,
    dateUpdated: now,
    dateSent: now,
  };
  ctx.state.messages.set(message.sid, message);
  return message;
}

/** The documented webhook params, geography included (empty strings when unknown, as Twilio). */
function inboundParams(
  ctx: EmulatorContext,
  number: IncomingNumber,
  message: MessageRecord,
  messagingServiceSid: string | undefined,
): Record<string, string> {
  const from = localityOf(message.from);
  const to = number.locality;
  const params: Record<string, string> = {
    ToCountry: "US",
    ToState: to.region,
    SmsMessageSid: message.sid,
    NumMedia: "0",
    ToCity: to.city,
    FromZip: from.postalCode,
    SmsSid: message.sid,
    FromState: from.region,
    SmsStatus: "received",
    FromCity: from.city,
    Body: message.body,
    FromCountry: message.from.startsWith("+1") ? "US" : "",
    To: message.to,
    ToZip: to.postalCode,
    NumSegments: String(message.numSegments),
    ReferralNumMedia: "0",
    MessageSid: message.sid,
    AccountSid: ctx.state.account.sid,
    From: message.from,
    ApiVersion: API_VERSION,
  };
  if (messagingServiceSid) params["MessagingServiceSid"] = messagingServiceSid;
  return params;
}

function record(
  ctx: EmulatorContext,
  kind: "inbound" | "inbound-fallback",
  sid: string,
  result: WebhookResult,
): void {
  recordDelivery(ctx.state, {
    at: ctx.clock.now(),
    kind,
    url: result.url,
    messageSid: sid,
    event: "received",
    status: result.status,
    error: result.error,
    durationMs: Math.round(result.durationMs),
  });
}
