// The TwilioNumber decisions, as small pure functions the reconcile calls in order
// (cert-manager's policies: gather inputs → checks → desired status). No I/O here.
import { createHash } from "node:crypto";
import type { TwilioNumber, TwilioNumberStatus } from "@phoenix/crds/twilio-number";
import type { IncomingNumber } from "@phoenix/twilio";
import { TwilioApiError } from "@phoenix/twilio";
import { findCondition, observedGenerationOf, setConditions } from "@phoenix/kube/conditions";
import type { Condition } from "@phoenix/kube/conditions";

export const finalizer = "phoenix.dev/twilio-number";

/**
 * The number chosen from a search, recorded before it is bought (ADR 0011): set in the same
 * write as the finalizer, so a fresh resource costs two writes (this one and Ready), not three.
 */
export const reservedNumberAnnotation = "phoenix.dev/reserved-number";

/** The number to buy: the recorded reservation (annotation; status from operators before ADR 0011). */
export function reservationOf(tn: TwilioNumber): string | undefined {
  return tn.metadata.annotations?.[reservedNumberAnnotation] || tn.status?.reservedNumber || undefined;
}

/** Condition reasons, also used as Event reasons. */
export const reasons = {
  Provisioned: "Provisioned",
  Adopted: "Adopted",
  Searching: "Searching",
  WebhookConfigured: "WebhookConfigured",
  WebhookRepaired: "WebhookRepaired",
  Ready: "Ready",
  Released: "Released",
  Retained: "Retained",
  NoNumbersAvailable: "NoNumbersAvailable",
  NumberNotAvailable: "NumberNotAvailable",
  InvalidNumber: "InvalidNumber",
  TwilioRejected: "TwilioRejected",
  /** Being deleted, and Twilio has not released the number yet: the finalizer stays, the queue retries. */
  ReleaseFailed: "ReleaseFailed",
} as const;

/** Twilio business errors that retrying cannot fix: terminal until the spec changes. */
const terminalCodes: Record<number, string> = {
  21421: reasons.InvalidNumber,
  21422: reasons.NumberNotAvailable,
  21452: reasons.NoNumbersAvailable,
};
const terminalReasons = new Set<string>([
  reasons.NoNumbersAvailable,
  reasons.TwilioRejected,
  ...Object.values(terminalCodes),
]);

/**
 * Deterministic FriendlyName tagging the number with its resource, so a number bought just before
 * a crash is found and adopted. Twilio allows 64 characters: namespace/name/uid when it fits,
 * else a hash of namespace/name with the uid (which alone is unique).
 */
export function friendlyName(tn: TwilioNumber): string {
  const { namespace = "", name = "", uid = "" } = tn.metadata;
  const full = `${namespace}/${name}/${uid}`;
  if (full.length <= 64) return full;
  return `${createHash("sha256").update(`${namespace}/${name}`).digest("hex").slice(0, 16)}/${uid}`;
}

export interface WebhookConfig {
  /** The platform's public base URL, e.g. https://sms.phoenix.example (TLS ends at the gateway). */
  publicBaseUrl: string;
  /** Default inbound-SMS path when the spec has none. */
  smsPath: string;
  /** Delivery status callback path. */
  statusPath: string;
}

export interface DesiredWebhook {
  smsUrl: string;
  smsMethod: "POST";
  statusCallback: string;
}

export function desiredWebhook(tn: TwilioNumber, config: WebhookConfig): DesiredWebhook {
  const base = config.publicBaseUrl.replace(/\/+$/, "");
  return {
    smsUrl: `${base}${tn.spec.smsWebhookPath ?? config.smsPath}`,
    smsMethod: "POST",
    statusCallback: `${base}${config.statusPath}`,
  };
}

/** True when the number at Twilio does not route to us as desired (drift to repair). */
export function webhookDrifted(number: IncomingNumber, desired: DesiredWebhook): boolean {
  return (
    number.sms_url !== desired.smsUrl ||
    (number.sms_method ?? "POST").toUpperCase() !== desired.smsMethod ||
    number.status_callback !== desired.statusCallback
  );
}

/**
 * How the resource came by `owned`, the number tagged as its own: Adopted when its status did
 * not record it (bought by an attempt that died before writing status). Kept once recorded, so
 * the next reconcile does not rewrite Adopted as Provisioned.
 */
export function provisionedReason(tn: TwilioNumber, owned: IncomingNumber): string {
  if (tn.status?.sid !== owned.sid) return reasons.Adopted;
  const recorded = findCondition(tn.status.conditions, "Provisioned");
  return recorded?.status === "True" ? recorded.reason : reasons.Provisioned;
}

/** The terminal condition already recorded for this generation, if any: do not call Twilio again. */
export function terminalForGeneration(tn: TwilioNumber): Condition | undefined {
  const ready = findCondition(tn.status?.conditions, "Ready");
  if (!ready || ready.status !== "False" || !terminalReasons.has(ready.reason)) return undefined;
  return ready.observedGeneration === tn.metadata.generation ? ready : undefined;
}

/** A Twilio error that retrying will not fix, as a condition reason; undefined → retry with backoff. */
export function terminalReason(error: unknown): string | undefined {
  if (!(error instanceof TwilioApiError) || error.retryable) return undefined;
  if (error.code !== undefined && terminalCodes[error.code]) return terminalCodes[error.code];
  // Other 4xx business errors (not auth, which an operator fixes in config, not in the spec).
  if (error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 403) {
    return reasons.TwilioRejected;
  }
  return undefined;
}

/** The numbers a resource has chosen or holds: never choose one of those for another. */
export function numbersHeld(tn: TwilioNumber): string[] {
  const { reservedNumber, phoneNumber } = tn.status ?? {};
  const chosen = tn.metadata.annotations?.[reservedNumberAnnotation];
  return [...new Set([chosen, reservedNumber, phoneNumber].filter((n): n is string => Boolean(n)))];
}

/**
 * False only while nothing is recorded at all: no reservation, no number, no condition. Every
 * purchase is preceded by the reservation write, so such a resource cannot own a number yet and
 * the FriendlyName lookup (adoption) can be skipped. Anything recorded — a reservation a crash
 * cut short, a failure after a purchase — and the lookup runs before any purchase.
 */
export function mayOwnNumber(tn: TwilioNumber): boolean {
  const status = tn.status;
  return Boolean(reservationOf(tn) || status?.sid || status?.conditions?.length);
}

export function pickNumber(candidates: { phone_number: string }[], random: () => number): string | undefined {
  // A random pick among the page spreads concurrent provisioners over different numbers.
  if (candidates.length === 0) return undefined;
  return candidates[Math.floor(random() * candidates.length)]?.phone_number;
}

/** How the number came to be ours, and what Twilio charges for it each month (Pricing API). */
export interface Provisioning {
  how: string;
  /** "1.15"; undefined when Twilio prices no local number in the country (the status keeps what it had). */
  monthlyPrice: string | undefined;
}

export function readyStatus(
  tn: TwilioNumber,
  number: IncomingNumber,
  { how, monthlyPrice }: Provisioning,
  now: Date,
): TwilioNumberStatus {
  const observed = observedGenerationOf(tn);
  return {
    ...tn.status,
    phoneNumber: number.phone_number,
    sid: number.sid,
    reservedNumber: number.phone_number,
    ...(monthlyPrice !== undefined && { monthlyPrice }),
    ...observed,
    conditions: setConditions(
      tn.status?.conditions,
      [
        {
          type: "Provisioned",
          status: "True",
          reason: how,
          message: `${number.phone_number} (${number.sid})`,
          ...observed,
        },
        {
          type: "WebhookConfigured",
          status: "True",
          reason: reasons.WebhookConfigured,
          message: number.sms_url ?? "",
          ...observed,
        },
        {
          type: "Ready",
          status: "True",
          reason: reasons.Ready,
          message: `${number.phone_number} routes to the platform`,
          ...observed,
        },
      ],
      now,
    ),
  };
}

export function failedStatus(
  tn: TwilioNumber,
  reason: string,
  message: string,
  now: Date,
): TwilioNumberStatus {
  // The number chosen from a search is dropped: once the spec changes, search again rather than
  // retry a choice that failed for good (21422: someone else bought it, at every retry).
  const { reservedNumber: _failedChoice, ...status } = tn.status ?? {};
  return withFalse(tn, status, { types: ["Provisioned", "Ready"], reason, message }, now);
}

/** `status` with each of `types` False for `reason`, for the resource's current generation. */
function withFalse(
  tn: TwilioNumber,
  status: TwilioNumberStatus,
  conditions: { types: string[]; reason: string; message: string },
  now: Date,
): TwilioNumberStatus {
  const observed = observedGenerationOf(tn);
  const { reason, message } = conditions;
  return {
    ...status,
    ...observed,
    conditions: setConditions(
      tn.status?.conditions,
      conditions.types.map((type) => ({ type, status: "False", reason, message, ...observed })),
      now,
    ),
  };
}

/** What a deletion does at Twilio: nothing once our finalizer is gone, else keep or release the number. */
export function releaseAction(tn: TwilioNumber): "None" | "Retain" | "Release" {
  if (!tn.metadata.finalizers?.includes(finalizer)) return "None";
  return tn.spec.releasePolicy === "Retain" ? "Retain" : "Release";
}

/**
 * The numbers a deletion releases: the recorded sid and every number tagged as ours (one a crash
 * left behind before its sid was recorded), each once, the recorded one first.
 */
export function numbersToRelease(tn: TwilioNumber, tagged: Pick<IncomingNumber, "sid">[]): string[] {
  const recorded = tn.status?.sid ? [tn.status.sid] : [];
  return [...new Set([...recorded, ...tagged.map((n) => n.sid)])];
}

/**
 * Why a release failed, for the condition and the Warning Event: the step (`releasing PN…`,
 * `listing the numbers tagged …`) and Twilio's answer, whose message carries the HTTP status and
 * Twilio's error code ("numbers.release: HTTP 503, code 20503: …") or says no answer came.
 * Nothing that changes between identical failures (no attempt count, no time), so a retry that
 * fails the same way writes nothing.
 */
export function releaseFailureMessage(step: string, error: unknown): string {
  const answer = error instanceof Error ? error.message : String(error);
  return `${step} failed: ${answer} (retrying with backoff)`;
}

/**
 * The status while a deletion cannot release the number: not Ready (it is going away, yet still
 * rented and routed at Twilio) and not Released, both with the reason ReleaseFailed and Twilio's
 * answer, so `kubectl get` and `kubectl describe` show what the operator's log says.
 */
export function releaseFailedStatus(tn: TwilioNumber, message: string, now: Date): TwilioNumberStatus {
  const conditions = { types: ["Released", "Ready"], reason: reasons.ReleaseFailed, message };
  return withFalse(tn, tn.status ?? {}, conditions, now);
}
