// Malformed Twilio webhooks for sms-router (test/platform/fuzz-sms-router.int.test.ts): each case
// starts from the form Twilio would send — signed, it would be accepted — and changes it so that
// it must not be: another encoding, no or a forged signature, a field missing, repeated or not in
// Twilio's form, a body over the limit, binary.
import { twilioSignature } from "@phoenix/twilio";
import type { InjectOptions } from "fastify";
import { parseForm } from "../../services/sms-router/src/form.ts";
import { foreignContentTypes, nonStrings } from "./fuzz.ts";
import type { FuzzCase, Random } from "./fuzz.ts";

export const TWILIO_TOKEN = "fuzz-twilio-auth-token";
export const PUBLIC_BASE_URL = "https://sms.phoenix.example";
export const ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
export const FORM = "application/x-www-form-urlencoded";

export type Form = Record<string, string | string[]>;

export const formText = (form: Form): string => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(form))
    for (const item of [value].flat()) params.append(name, item);
  return params.toString();
};

export const twilioPost = (
  url: string,
  payload: string | Buffer,
  headers: Record<string, string>,
): InjectOptions => ({
  method: "POST",
  url,
  payload,
  headers,
});

/** Signed as Twilio signs: over the configured URL, spelled with or without the default port. */
export function signedForm(random: Random, path: string, form: Form): InjectOptions {
  const url = random.pick([PUBLIC_BASE_URL + path, `https://sms.phoenix.example:443${path}`]);
  return twilioPost(path, formText(form), {
    "content-type": random.pick([FORM, `${FORM}; charset=UTF-8`]),
    "x-twilio-signature": twilioSignature(TWILIO_TOKEN, url, form),
  });
}

export const messageSid = (random: Random): string => `SM${random.bytes(16).toString("hex")}`;

/** Values no rule of the field accepts (its pattern, NUL), built from the good one. */
function badValues(field: string, good: string): string[] {
  const common = [`${good}\u0000`, ` ${good}`, "\u0000"];
  // A status is any lowercase token (one Twilio adds later is ignored, not refused), so
  // "deliveredx" is well formed; these are not.
  const status = ["DELIVERED", "deliv ered", "x".repeat(40), "sent;DROP", "1"];
  const specific: Record<string, string[]> = {
    NumSegments: ["0", "-1", "1.5", "1e400", "99999", "abc", "１", `${good}x`],
    ErrorCode: ["abc", "-1", "1.5", "12345678901", "NaN", `${good}x`],
    MessageStatus: status,
    SmsStatus: status,
  };
  if (field === "Body") return ["a\u0000b", "\u0000"];
  return [...common, ...(specific[field] ?? ["", `${good}x`, "SM", "+", "+0123", "x".repeat(200)])];
}

interface Webhook {
  path: string;
  /** The form Twilio would send. */
  base: Form;
  /** Fields the router needs, each on its own. */
  required: string[];
  /** Fields of which the router needs one (MessageStatus or SmsStatus); dropping all is a defect. */
  oneOf?: string[];
  /** Fields the router reads when present. */
  optional?: string[];
}

/** Twilio's encoding only: JSON (the reviewer's crash), other types, none — 415. */
function encodingCases(random: Random, { path, base }: Webhook): FuzzCase[] {
  const signature = twilioSignature(TWILIO_TOKEN, PUBLIC_BASE_URL + path, base);
  const cases = nonStrings.map((value) => ({
    name: `JSON with MessageSid ${JSON.stringify(value)}`,
    request: twilioPost(path, JSON.stringify({ ...base, MessageSid: value }), {
      "content-type": "application/json",
      "x-twilio-signature": signature,
    }),
    expected: 415,
  }));
  for (const type of foreignContentTypes) {
    const payload = random.pick<string | Buffer>([formText(base), random.bytes(1 + random.int(256)), "{}"]);
    const headers = { "content-type": type, "x-twilio-signature": signature };
    cases.push({ name: `Content-Type ${type}`, request: twilioPost(path, payload, headers), expected: 415 });
  }
  const noType = twilioPost(path, formText(base), { "x-twilio-signature": signature });
  return [...cases, { name: "no Content-Type", request: noType, expected: 415 }];
}

/** Unsigned, forged, signed for another URL or with another token: 403 before a field is read. */
function forgedCases(random: Random, { path, base }: Webhook): FuzzCase[] {
  const signatures = [
    undefined,
    "",
    random.bytes(20).toString("base64"),
    twilioSignature("another-token", PUBLIC_BASE_URL + path, base),
    twilioSignature(TWILIO_TOKEN, `https://sms.phoenix.example:8443${path}`, base),
    twilioSignature(TWILIO_TOKEN, `http://sms.phoenix.example${path}`, base),
  ];
  return signatures.map((signature) => ({
    name: "not signed by Twilio",
    request: twilioPost(path, formText(base), {
      "content-type": FORM,
      ...(signature !== undefined && { "x-twilio-signature": signature }),
    }),
    expected: 403,
  }));
}

/** Signed, but a field is missing, repeated or not in Twilio's form: 400, nothing written. */
function fieldCases(
  random: Random,
  { path, base, required, oneOf = [], optional = [] }: Webhook,
): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const signed = (what: string, form: Form) => ({
    name: `signed, ${what}`,
    request: signedForm(random, path, form),
    expected: 400,
  });
  const without = (...names: string[]) =>
    Object.fromEntries(Object.entries(base).filter(([name]) => !names.includes(name)));
  for (const field of required) cases.push(signed(`${field} missing`, without(field)));
  if (oneOf.length > 0) cases.push(signed(`${oneOf.join(" and ")} missing`, without(...oneOf)));
  for (const field of [...required, ...oneOf, ...optional]) {
    const good = base[field] as string;
    const bad = badValues(field, good);
    const other = random.pick(bad);
    for (const repeated of [
      [good, good],
      [good, other],
      [other, good],
    ]) {
      cases.push(signed(`${field} repeated`, { ...base, [field]: repeated }));
    }
    for (const value of bad)
      cases.push(signed(`${field} = ${JSON.stringify(value.slice(0, 20))}`, { ...base, [field]: value }));
  }
  return cases;
}

/** Over the router's 64 KiB form limit (413); binary as a form, unsigned (403) or signed (400). */
function sizeAndBinaryCases(random: Random, { path, base }: Webhook): FuzzCase[] {
  const cases: FuzzCase[] = [
    {
      name: "signed, over the limit",
      request: signedForm(random, path, { ...base, Body: "a".repeat(70 * 1024) }),
      expected: 413,
    },
    {
      name: "binary over the limit",
      request: twilioPost(path, random.bytes(2 * 1024 * 1024), { "content-type": FORM }),
      expected: 413,
    },
  ];
  for (let i = 0; i < 8; i += 1) {
    const bytes = random.bytes(1 + random.int(2048));
    // Signed over what the router's parser reads from these bytes, so only the fields are wrong.
    const signature = twilioSignature(
      TWILIO_TOKEN,
      PUBLIC_BASE_URL + path,
      parseForm(bytes.toString("utf8")),
    );
    cases.push({
      name: "binary form, unsigned",
      request: twilioPost(path, bytes, { "content-type": FORM }),
      expected: 403,
    });
    cases.push({
      name: "binary form, signed",
      request: twilioPost(path, bytes, { "content-type": FORM, "x-twilio-signature": signature }),
      expected: 400,
    });
  }
  return cases;
}

function webhookCases(random: Random, webhook: Webhook): FuzzCase[] {
  return [
    ...encodingCases(random, webhook),
    ...forgedCases(random, webhook),
    ...fieldCases(random, webhook),
    ...sizeAndBinaryCases(random, webhook),
  ];
}

/** The router's routes, for a user's number (inbound) and one of its outbound messages (status). */
export function routerCases(
  random: Random,
  user: { phone: string; number: string },
  outboundSid: string,
): FuzzCase[] {
  const inbound = {
    MessageSid: messageSid(random),
    SmsMessageSid: "SM-ignored",
    AccountSid: ACCOUNT_SID,
    From: user.phone,
    To: user.number,
    Body: "fuzz me",
    NumSegments: "1",
    NumMedia: "0",
    SmsStatus: "received",
    ApiVersion: "2010-04-01",
  };
  const status = {
    MessageSid: outboundSid,
    AccountSid: ACCOUNT_SID,
    MessageStatus: "delivered",
    SmsStatus: "delivered",
    ErrorCode: "30008",
    From: user.number,
    To: user.phone,
  };
  const sms = { base: inbound, required: ["MessageSid", "From", "To", "Body"], optional: ["NumSegments"] };
  return [
    ...webhookCases(random, { path: "/twilio/sms", ...sms }),
    ...webhookCases(random, { path: "/twilio/sms/tenant-a", ...sms }),
    ...webhookCases(random, {
      path: "/twilio/status",
      base: status,
      required: ["MessageSid"],
      oneOf: ["MessageStatus", "SmsStatus"],
      optional: ["ErrorCode"],
    }),
  ];
}
