// Phone numbers: searching the inventory, buying (idempotent for a number already owned, as
// Twilio is), configuring, listing and releasing, plus their 2010-04-01 JSON representation.
import { INVALID_PARAMETER, TwilioError, badRequest } from "./errors.ts";
import type { Form } from "./form.ts";
import { booleanParam, integerParam } from "./form.ts";
import { containsPattern, searchPool } from "./pool.ts";
import type { AvailableNumber } from "./pool.ts";
import type { EmulatorState, HttpMethod, IncomingNumber } from "./state.ts";
import { isTaken } from "./state.ts";
import { API_VERSION, friendlyPhone, isPhoneNumber, newSid, rfc2822 } from "./twilio-format.ts";

/** The parameters that configure a number, validated before anything changes. */
export interface NumberPatch {
  friendlyName?: string;
  smsUrl?: string;
  smsMethod?: HttpMethod;
  smsFallbackUrl?: string;
  smsFallbackMethod?: HttpMethod;
  statusCallback?: string;
  statusCallbackMethod?: HttpMethod;
  voiceUrl?: string;
}

const urlParams = [
  ["SmsUrl", "smsUrl"],
  ["SmsFallbackUrl", "smsFallbackUrl"],
  ["StatusCallback", "statusCallback"],
  ["VoiceUrl", "voiceUrl"],
] as const;

const methodParams = [
  ["SmsMethod", "smsMethod"],
  ["SmsFallbackMethod", "smsFallbackMethod"],
  ["StatusCallbackMethod", "statusCallbackMethod"],
] as const;

export function numberPatchFromForm(form: Form): NumberPatch {
  const patch: NumberPatch = {};
  const friendlyName = form["FriendlyName"];
  if (friendlyName !== undefined) {
    if (friendlyName.length > 64)
      throw badRequest(INVALID_PARAMETER, "FriendlyName must be at most 64 characters");
    patch.friendlyName = friendlyName;
  }
  for (const [param, field] of urlParams) {
    const value = form[param];
    if (value === undefined) continue;
    if (value !== "" && !isWebhookUrl(value))
      throw badRequest(21502, `${param} is not a valid URL: ${value}`);
    patch[field] = value;
  }
  for (const [param, field] of methodParams) {
    const value = form[param];
    if (value === undefined) continue;
    const method = value.toUpperCase();
    if (method !== "GET" && method !== "POST")
      throw badRequest(INVALID_PARAMETER, `${param} must be GET or POST`);
    patch[field] = method;
  }
  return patch;
}

export function isWebhookUrl(value: string): boolean {
  try {
    const url = new URL(value);
    // Twilio rejects underscores in callback host names.
    return (url.protocol === "http:" || url.protocol === "https:") && !url.hostname.includes("_");
  } catch {
    return false;
  }
}

export function applyPatch(
  state: EmulatorState,
  number: IncomingNumber,
  patch: NumberPatch,
  now: number,
): void {
  if (patch.friendlyName !== undefined && patch.friendlyName !== number.friendlyName) {
    unindexName(state, number);
    number.friendlyName = patch.friendlyName;
    indexName(state, number);
  }
  const { friendlyName: _ignored, ...rest } = patch;
  Object.assign(number, rest);
  number.dateUpdated = now;
}

export function searchAvailable(state: EmulatorState, country: string, query: Form): AvailableNumber[] {
  const areaCode = query["AreaCode"];
  if (areaCode !== undefined && !/^\d{3}$/.test(areaCode))
    throw badRequest(21451, `Invalid area code ${areaCode}`);
  const containsRaw = query["Contains"];
  const contains = containsRaw === undefined || containsRaw === "" ? undefined : containsPattern(containsRaw);
  if (containsRaw && !contains)
    throw badRequest(INVALID_PARAMETER, `Invalid Contains pattern: ${containsRaw}`);
  const smsEnabled = booleanParam(query, "SmsEnabled");
  const limit = integerParam(query, "PageSize", { min: 1, max: 1000 }) ?? 50;
  // Only US/CA (+1) inventory exists; any other country simply has nothing on offer.
  if (country !== "US" && country !== "CA") return [];
  return searchPool(state.pool, { areaCode, contains, smsEnabled, limit }, (phone) => isTaken(state, phone));
}

export interface Purchase {
  number: IncomingNumber;
  /** False when the account already owned the number (Twilio answers 201 all the same). */
  created: boolean;
}

export function buyNumber(state: EmulatorState, form: Form, now: number): Purchase {
  const patch = numberPatchFromForm(form);
  const phoneNumber = form["PhoneNumber"];
  const areaCode = form["AreaCode"];
  if (phoneNumber) {
    const ownedSid = state.numberSidByPhone.get(phoneNumber);
    const owned = ownedSid === undefined ? undefined : state.numbers.get(ownedSid);
    if (owned) {
      applyPatch(state, owned, patch, now);
      return { number: owned, created: false };
    }
    if (!isPhoneNumber(phoneNumber)) throw badRequest(21421, `PhoneNumber ${phoneNumber} is invalid`);
    const offer = state.pool.byPhone.get(phoneNumber);
    if (!offer || isTaken(state, phoneNumber))
      throw badRequest(21422, `PhoneNumber ${phoneNumber} is not available`);
    return { number: acquire(state, offer, patch, now), created: true };
  }
  if (areaCode) {
    if (!/^\d{3}$/.test(areaCode)) throw badRequest(21451, `AreaCode ${areaCode} is invalid`);
    const [offer] = searchPool(state.pool, { areaCode, limit: 1 }, (phone) => isTaken(state, phone));
    if (!offer) throw badRequest(21452, `No phone numbers found in area code ${areaCode}`);
    return { number: acquire(state, offer, patch, now), created: true };
  }
  throw badRequest(INVALID_PARAMETER, "Either PhoneNumber or AreaCode is required");
}

function acquire(
  state: EmulatorState,
  offer: AvailableNumber,
  patch: NumberPatch,
  now: number,
): IncomingNumber {
  const number: IncomingNumber = {
    sid: newSid("PN"),
    phoneNumber: offer.phoneNumber,
    friendlyName: friendlyPhone(offer.phoneNumber),
    smsUrl: "",
    smsMethod: "POST",
    smsFallbackUrl: "",
    smsFallbackMethod: "POST",
    statusCallback: "",
    statusCallbackMethod: "POST",
    voiceUrl: "",
    sms: offer.sms,
    mms: offer.mms,
    voice: offer.voice,
    locality: offer.locality,
    dateCreated: now,
    dateUpdated: now,
  };
  state.numbers.set(number.sid, number);
  state.numberSidByPhone.set(number.phoneNumber, number.sid);
  indexName(state, number);
  applyPatch(state, number, patch, now);
  state.audit.push({ at: now, kind: "purchase", sid: number.sid, phoneNumber: number.phoneNumber });
  return number;
}

export function findNumber(state: EmulatorState, sid: string, uri: string): IncomingNumber {
  const number = state.numbers.get(sid);
  if (!number) throw new TwilioError(404, 20404, `The requested resource ${uri} was not found`);
  return number;
}

export function releaseNumber(state: EmulatorState, number: IncomingNumber, now: number): void {
  state.numbers.delete(number.sid);
  state.numberSidByPhone.delete(number.phoneNumber);
  unindexName(state, number);
  state.retired.add(number.phoneNumber);
  state.audit.push({ at: now, kind: "release", sid: number.sid, phoneNumber: number.phoneNumber });
}

/** List filters: FriendlyName exact, PhoneNumber exact (E.164) or partial with `*` for any digit. */
export function listNumbers(state: EmulatorState, query: Form): IncomingNumber[] {
  const friendlyName = query["FriendlyName"];
  const phoneNumber = query["PhoneNumber"];
  // Indexed lookups: an operator adopting numbers lists by FriendlyName once per resource.
  let candidates: IncomingNumber[];
  if (friendlyName !== undefined) {
    const sids = [...(state.numberSidsByFriendlyName.get(friendlyName) ?? [])];
    candidates = sids.map((sid) => state.numbers.get(sid)).filter((number) => number !== undefined);
  } else if (phoneNumber !== undefined && isPhoneNumber(phoneNumber)) {
    const number = state.numbers.get(state.numberSidByPhone.get(phoneNumber) ?? "");
    return number ? [number] : [];
  } else {
    candidates = [...state.numbers.values()];
  }
  if (phoneNumber === undefined || phoneNumber === "") return candidates;
  const pattern = new RegExp(phoneNumber.replace(/[^0-9*]/g, "").replaceAll("*", "\\d"));
  return candidates.filter((number) => pattern.test(number.phoneNumber));
}

function indexName(state: EmulatorState, number: IncomingNumber): void {
  const sids = state.numberSidsByFriendlyName.get(number.friendlyName) ?? new Set<string>();
  sids.add(number.sid);
  state.numberSidsByFriendlyName.set(number.friendlyName, sids);
}

function unindexName(state: EmulatorState, number: IncomingNumber): void {
  const sids = state.numberSidsByFriendlyName.get(number.friendlyName);
  sids?.delete(number.sid);
  if (sids?.size === 0) state.numberSidsByFriendlyName.delete(number.friendlyName);
}

export function numberUri(accountSid: string, sid: string): string {
  return `/${API_VERSION}/Accounts/${accountSid}/IncomingPhoneNumbers/${sid}.json`;
}

/** api.v2010.account.incoming_phone_number, field for field. */
export function renderNumber(accountSid: string, number: IncomingNumber): Record<string, unknown> {
  const uri = numberUri(accountSid, number.sid);
  return {
    account_sid: accountSid,
    address_requirements: "none",
    address_sid: null,
    api_version: API_VERSION,
    beta: false,
    bundle_sid: null,
    capabilities: { fax: false, voice: number.voice, sms: number.sms, mms: number.mms },
    date_created: rfc2822(number.dateCreated),
    date_updated: rfc2822(number.dateUpdated),
    emergency_address_sid: null,
    emergency_address_status: "unregistered",
    emergency_status: "Inactive",
    friendly_name: number.friendlyName,
    identity_sid: null,
    origin: "twilio",
    phone_number: number.phoneNumber,
    sid: number.sid,
    sms_application_sid: "",
    sms_fallback_method: number.smsFallbackMethod,
    sms_fallback_url: number.smsFallbackUrl,
    sms_method: number.smsMethod,
    sms_url: number.smsUrl,
    status: "in-use",
    status_callback: number.statusCallback,
    status_callback_method: number.statusCallbackMethod,
    subresource_uris: { assigned_add_ons: uri.replace(/\.json$/, "/AssignedAddOns.json") },
    trunk_sid: null,
    type: "local",
    uri,
    voice_application_sid: null,
    voice_caller_id_lookup: false,
    voice_fallback_method: "POST",
    voice_fallback_url: null,
    voice_method: "POST",
    voice_receive_mode: "voice",
    voice_url: number.voiceUrl === "" ? null : number.voiceUrl,
  };
}

/** One entry of available_phone_numbers; capabilities use the live API's "SMS"/"MMS" case. */
export function renderAvailable(number: AvailableNumber): Record<string, unknown> {
  const place = number.locality;
  return {
    address_requirements: "none",
    beta: false,
    capabilities: { voice: number.voice, SMS: number.sms, MMS: number.mms },
    friendly_name: friendlyPhone(number.phoneNumber),
    iso_country: "US",
    lata: place.lata,
    latitude: place.latitude,
    locality: titleCase(place.city),
    longitude: place.longitude,
    phone_number: number.phoneNumber,
    postal_code: place.postalCode,
    rate_center: place.rateCenter,
    region: place.region,
  };
}

function titleCase(text: string): string {
  return text.toLowerCase().replace(/\b\w/g, (letter) => letter.toUpperCase());
}
