// Outbound messages: validation with Twilio's error codes, then the lifecycle
// queued → sent → delivered (or failed / undelivered, chosen per destination through the control
// API) on the injected scheduler, with a signed status callback for every change after the first.
import type { EmulatorContext } from "./context.ts";
import { badRequest } from "./errors.ts";
import type { Form } from "./form.ts";
import { isWebhookUrl } from "./numbers.ts";
import { countSegments } from "./segments.ts";
import type { EmulatorState, MessageRecord, MessageStatus } from "./state.ts";
import { recordDelivery } from "./state.ts";
import {
  API_VERSION,
  dlrDoneDate,
  isPhoneNumber,
  isSid,
  newSid,
  rfc2822,
  segmentPrice,
} from "./twilio-format.ts";
import { sendWebhook } from "./webhooks.ts";

export const MAX_BODY_LENGTH = 1600;

const deliveryErrors: Record<number, string> = {
  30003: "Unreachable destination handset",
  30005: "Unknown destination handset",
  30006: "Landline or unreachable carrier",
  30007: "Carrier violation",
  30008: "Unknown error",
};

interface Draft {
  to: string;
  from: string;
  body: string;
  messagingServiceSid: string | null;
  statusCallback: string | null;
}

function validate(state: EmulatorState, form: Form): Draft {
  const to = form["To"];
  if (!to) throw badRequest(21604, "A 'To' phone number is required.");
  if (!isPhoneNumber(to)) throw badRequest(21211, `Invalid 'To' Phone Number: ${to}`);
  const messagingServiceSid = form["MessagingServiceSid"] || null;
  const from = validateSender(state, form["From"], messagingServiceSid);
  const body = form["Body"];
  if (body === undefined || body === "") throw badRequest(21602, "Message body is required.");
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- the limit counts characters (code points), so an emoji counts once, not as two UTF-16 units
  if ([...body].length > MAX_BODY_LENGTH) {
    throw badRequest(21617, "The concatenated message body exceeds the 1600 character limit.");
  }
  const statusCallback = form["StatusCallback"] || null;
  if (statusCallback && !isWebhookUrl(statusCallback)) throw badRequest(21609, "Invalid StatusCallback url");
  return { to, from, body, messagingServiceSid, statusCallback };
}

/** From must be an SMS-capable number of this account (or come from the Messaging Service). */
function validateSender(
  state: EmulatorState,
  given: string | undefined,
  messagingServiceSid: string | null,
): string {
  const from = given || (messagingServiceSid ? senderFromService(state, messagingServiceSid) : undefined);
  if (!from) throw badRequest(21603, "A 'From' phone number is required.");
  if (!isPhoneNumber(from)) throw badRequest(21212, `Invalid From Number (caller ID): ${from}`);
  const sender = state.numbers.get(state.numberSidByPhone.get(from) ?? "");
  if (!sender?.sms) {
    throw badRequest(
      21606,
      `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
    );
  }
  return from;
}

/** A Messaging Service's sender pool is every SMS-capable number the account owns. */
function senderFromService(state: EmulatorState, sid: string): string {
  if (!isSid(sid, "MG")) throw badRequest(21701, `The Messaging Service Sid ${sid} is invalid.`);
  for (const number of state.numbers.values()) if (number.sms) return number.phoneNumber;
  throw badRequest(21703, "The Messaging Service does not have a phone number available to send a message.");
}

export function createMessage(ctx: EmulatorContext, form: Form): MessageRecord {
  const draft = validate(ctx.state, form);
  const now = ctx.clock.now();
  const message: MessageRecord = {
    sid: newSid("SM"),
    direction: "outbound-api",
    ...draft,
    status: draft.messagingServiceSid ? "accepted" : "queued",
    errorCode: null,
    errorMessage: null,
    numSegments: countSegments(draft.body).segments,
    price: null,
    dateCreated: now,
    dateUpdated: now,
    dateSent: null,
  };
  ctx.state.messages.set(message.sid, message);
  scheduleLifecycle(ctx, message);
  return message;
}

function scheduleLifecycle(ctx: EmulatorContext, message: MessageRecord): void {
  const outcome = ctx.state.destinations.get(message.to) ?? { status: "delivered", errorCode: null };
  ctx.scheduler.after(ctx.timing.sendDelayMs, () => {
    if (outcome.status === "failed") {
      void notify(ctx, message, advance(ctx, message, "failed", outcome.errorCode ?? 30008));
      return;
    }
    const sent = advance(ctx, message, "sent", null);
    const reorder = ctx.state.faults.reorderCallbacks;
    if (!reorder) void notify(ctx, message, sent);
    ctx.scheduler.after(ctx.timing.deliverDelayMs, () => {
      const errorCode = outcome.status === "undelivered" ? (outcome.errorCode ?? 30003) : null;
      const final = advance(ctx, message, outcome.status, errorCode);
      // Out of order on purpose when asked: the final status first, then the stale "sent".
      void notify(ctx, message, final).then(() => (reorder ? notify(ctx, message, sent) : undefined));
    });
  });
}

/** Moves the message to `status` and returns the status callback params for that change. */
function advance(
  ctx: EmulatorContext,
  message: MessageRecord,
  status: MessageStatus,
  errorCode: number | null,
): Record<string, string> {
  const now = ctx.clock.now();
  message.status = status;
  message.dateUpdated = now;
  if (status === "sent") {
    message.dateSent = now;
    message.price = segmentPrice(message.numSegments);
  }
  if (errorCode !== null) {
    message.errorCode = errorCode;
    message.errorMessage = deliveryErrors[errorCode] ?? null;
  }
  const params: Record<string, string> = {
    AccountSid: ctx.state.account.sid,
    ApiVersion: API_VERSION,
    From: message.from,
    MessageSid: message.sid,
    MessageStatus: status,
    SmsSid: message.sid,
    SmsStatus: status,
    To: message.to,
  };
  if (message.messagingServiceSid) params["MessagingServiceSid"] = message.messagingServiceSid;
  if (errorCode !== null) params["ErrorCode"] = String(errorCode);
  if (status === "delivered" || status === "undelivered") params["RawDlrDoneDate"] = dlrDoneDate(now);
  return params;
}

async function notify(
  ctx: EmulatorContext,
  message: MessageRecord,
  params: Record<string, string>,
): Promise<void> {
  const url = message.statusCallback;
  if (!url) return;
  const at = ctx.clock.now();
  const request = { url, method: "POST" as const, params, authToken: ctx.state.account.authToken };
  const result = await sendWebhook(request, ctx.webhooks);
  recordDelivery(ctx.state, {
    at,
    kind: "status-callback",
    url,
    messageSid: message.sid,
    event: params["MessageStatus"] ?? "",
    status: result.status,
    error: result.error,
    durationMs: Math.round(result.durationMs),
  });
  if (result.error || (result.status ?? 500) >= 400) {
    ctx.log.warn(
      { url, messageSid: message.sid, status: result.status, error: result.error },
      "status callback failed",
    );
  }
}

/** Newest first, as Twilio lists them; To/From exact, DateSent on a UTC day (with < and > bounds). */
export function listMessages(state: EmulatorState, query: Form): MessageRecord[] {
  const day = (ms: number | null): string => (ms === null ? "" : new Date(ms).toISOString().slice(0, 10));
  const { To: to, From: from, DateSent: on } = query;
  const before = query["DateSent<"];
  const after = query["DateSent>"];
  return [...state.messages.values()].reverse().filter((message) => {
    const sent = day(message.dateSent ?? message.dateCreated);
    if (to && message.to !== to) return false;
    if (from && message.from !== from) return false;
    if (on && sent !== on) return false;
    if (before && sent > before) return false;
    return !(after && sent < after);
  });
}

export function messageUri(accountSid: string, sid: string): string {
  return `/${API_VERSION}/Accounts/${accountSid}/Messages/${sid}.json`;
}

/** api.v2010.account.message, field for field (num_segments and num_media are strings). */
export function renderMessage(accountSid: string, message: MessageRecord): Record<string, unknown> {
  const uri = messageUri(accountSid, message.sid);
  return {
    account_sid: accountSid,
    api_version: API_VERSION,
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: message.dateSent === null ? null : rfc2822(message.dateSent),
    date_updated: rfc2822(message.dateUpdated),
    direction: message.direction,
    error_code: message.errorCode,
    error_message: message.errorMessage,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: "0",
    num_segments: message.status === "accepted" ? "0" : String(message.numSegments),
    price: message.price,
    price_unit: message.price === null ? null : "USD",
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: uri.replace(/\.json$/, "/Media.json") },
    to: message.to,
    uri,
  };
}
