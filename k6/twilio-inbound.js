// What Twilio posts for an inbound SMS, shared by the benchmark (sms-webhook.js) and the SLO
// suite (sms-webhook-slo.js): the form fields, each with a fresh MessageSid, and the signature.
import crypto from "k6/crypto";

function hex(bytes) {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The form Twilio sends when `user.from` texts `user.to`. */
export function inboundParams(user, accountSid = "AC0123456789abcdef0123456789abcdef") {
  return {
    AccountSid: accountSid,
    ApiVersion: "2010-04-01",
    Body: "tasks",
    From: user.from,
    MessageSid: `SM${hex(crypto.randomBytes(16))}`,
    NumMedia: "0",
    NumSegments: "1",
    SmsStatus: "received",
    To: user.to,
  };
}

/** X-Twilio-Signature: base64(HMAC-SHA1(token, url + each param name + value, sorted by name)). */
export function twilioSignature(authToken, url, params) {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, name) => acc + name + params[name], url);
  return crypto.hmac("sha1", authToken, data, "base64");
}
