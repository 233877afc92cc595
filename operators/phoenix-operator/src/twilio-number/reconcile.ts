// The TwilioNumber reconcile (design brief §3): finalizer → adopt the number tagged with our
// FriendlyName → else search, record the chosen number (an annotation set in the finalizer's
// write, ADR 0011), buy exactly that number →
// configure the webhook and repair drift → Ready. On delete: release (404 = done), then drop the
// finalizer. 429/5xx/network errors throw (the queue retries with backoff); business errors
// become Ready=False with a reason and are not retried until the spec changes. A release that
// fails, for any reason, sets Ready=False and Released=False (ReleaseFailed) and is retried: the
// number must go, and the finalizer stays until it has.
import type { TwilioNumber, TwilioNumberStatus } from "@phoenix/crds/twilio-number";
import { twilioNumberResource, twilioNumberStatus } from "@phoenix/crds/twilio-number";
import { TwilioApiError } from "@phoenix/twilio";
import type { IncomingNumber, TwilioClient } from "@phoenix/twilio";
import type { Clock } from "@phoenix/kube/clock";
import { sleep } from "@phoenix/kube/clock";
import type { Reconciler } from "@phoenix/kube/controller";
import type { EventRecorder } from "@phoenix/kube/events";
import { addFinalizer, addFinalizerWith, removeAnnotation, removeFinalizer } from "@phoenix/kube/finalizers";
import type { KubeClient } from "@phoenix/kube/kube-client";
import { objectKey } from "@phoenix/kube/object-store";
import { updateStatusIfChanged } from "@phoenix/kube/status";
import type { TokenBucket } from "@phoenix/kube/token-bucket";
import {
  desiredWebhook,
  failedStatus,
  finalizer,
  friendlyName,
  mayOwnNumber,
  numbersToRelease,
  pickNumber,
  provisionedReason,
  readyStatus,
  reasons,
  releaseAction,
  releaseFailedStatus,
  releaseFailureMessage,
  reservationOf,
  reservedNumberAnnotation,
  terminalForGeneration,
  terminalReason,
  webhookDrifted,
} from "./decisions.ts";
import type { WebhookConfig } from "./decisions.ts";
import { NumberClaims } from "./number-claims.ts";
import type { PriceList } from "./prices.ts";
import type { HeldNumbers } from "./number-claims.ts";

export interface TwilioNumberDeps {
  kube: KubeClient;
  twilio: TwilioClient;
  /** Per-account limit on Twilio calls, shared by every reconcile. */
  twilioBucket: TokenBucket;
  events: EventRecorder;
  /** The reflector's cache. */
  get(key: string): TwilioNumber | undefined;
  /** The numbers cached TwilioNumbers hold, so a search never picks one of those; default none. */
  held?: Pick<HeldNumbers, "heldByOther">;
  webhook: WebhookConfig;
  /** Twilio's monthly price of a local number per country (cached Pricing API answers). */
  prices: Pick<PriceList, "localMonthlyPrice">;
  clock: Clock;
  random?: () => number;
}

const type = {
  group: twilioNumberResource.group,
  version: twilioNumberResource.version,
  plural: twilioNumberResource.plural,
};

const statusFields = Object.keys(twilioNumberStatus.properties);

/** No numbers matched the search: terminal like Twilio's own 21452. */
class NoNumbersError extends Error {}

/** The dependencies and what this process remembers across reconciles. */
interface Context extends TwilioNumberDeps {
  claims: NumberClaims;
}

export function twilioNumberReconciler(deps: TwilioNumberDeps): Reconciler {
  const ctx: Context = { ...deps, claims: new NumberClaims() };
  return async (key, signal) => {
    const cached = deps.get(key);
    if (!cached) {
      ctx.claims.release(key);
      return;
    }
    if (cached.metadata.deletionTimestamp) {
      await finalize(deps, cached, signal);
      ctx.claims.release(key);
      return;
    }
    // A fresh resource gets its finalizer together with its reservation (choose); one with
    // anything recorded gets it now, before any other step.
    const tn = mayOwnNumber(cached) ? await addFinalizer(deps.kube, type, cached, finalizer) : cached;
    // A terminal failure for this generation stays put until the spec changes: no hot loop.
    if (terminalForGeneration(tn)) return;
    return provision(ctx, tn, signal);
  };
}

/**
 * Every Twilio call waits for the account's token bucket first. A 429 with Retry-After pauses
 * the bucket (Twilio's limits are per account), and the error carries `retryAfterMs` on to the
 * work queue, which then retries this key no sooner.
 */
async function limited<T>(deps: TwilioNumberDeps, signal: AbortSignal, call: () => Promise<T>): Promise<T> {
  const wait = deps.twilioBucket.reserve();
  if (wait > 0) await sleep(deps.clock, wait, signal);
  try {
    return await call();
  } catch (error) {
    if (error instanceof TwilioApiError && error.status === 429 && error.retryAfterMs !== undefined) {
      deps.twilioBucket.pause(error.retryAfterMs);
    }
    throw error;
  }
}

/** The resource as this reconcile's last write left it: the status writes diff against it. */
interface Attempt {
  tn: TwilioNumber;
}

async function provision(deps: Context, tn: TwilioNumber, signal: AbortSignal): Promise<void> {
  const now = () => new Date(deps.clock.now());
  const attempt: Attempt = { tn };
  try {
    const { number, how } = await findOrBuy(deps, attempt, signal);
    const configured = await configureWebhook(deps, attempt.tn, number, signal);
    // The real price, recorded with Ready (one Pricing call per country per hour, shared).
    const monthlyPrice = await deps.prices.localMonthlyPrice(tn.spec.countryCode);
    const status = readyStatus(attempt.tn, configured, { how, monthlyPrice }, now());
    if (!tn.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")) {
      void deps.events.record(tn, {
        type: "Normal",
        reason: how,
        note: `${configured.phone_number} is ready`,
        action: "Provision",
      });
    }
    await writeStatus(deps, attempt.tn, status);
  } catch (error) {
    const reason = error instanceof NoNumbersError ? reasons.NoNumbersAvailable : terminalReason(error);
    if (!reason) throw error;
    const message = error instanceof Error ? error.message : String(error);
    void deps.events.record(tn, { type: "Warning", reason, note: message, action: "Provision" });
    // The failed attempt's choice is dropped — before the terminal status, so a crash in between
    // cannot leave a reservation to retry once the spec changes — and so is this process's claim.
    deps.claims.release(objectKey(tn));
    await removeAnnotation(deps.kube, type, attempt.tn, reservedNumberAnnotation);
    await writeStatus(deps, attempt.tn, failedStatus(attempt.tn, reason, message, now()));
  }
}

async function findOrBuy(
  deps: Context,
  attempt: Attempt,
  signal: AbortSignal,
): Promise<{ number: IncomingNumber; how: string }> {
  const { tn } = attempt;
  const tag = friendlyName(tn);
  // Adopt what an earlier attempt bought (a crash between buying and writing status); nothing
  // recorded yet means no attempt got as far as buying.
  if (mayOwnNumber(tn)) {
    const [owned] = await limited(deps, signal, () => deps.twilio.listNumbers({ friendlyName: tag }));
    if (owned) return { number: owned, how: provisionedReason(tn, owned) };
  }

  let phoneNumber = reservationOf(tn);
  if (!phoneNumber) {
    phoneNumber = await choose(deps, tn, signal);
    attempt.tn = await addFinalizerWith(deps.kube, type, tn, {
      finalizer,
      annotations: { [reservedNumberAnnotation]: phoneNumber },
    });
  }
  const webhook = desiredWebhook(tn, deps.webhook);
  const number = await limited(deps, signal, () =>
    deps.twilio.buyNumber({ phoneNumber, friendlyName: tag, ...webhook }),
  );
  return { number, how: reasons.Provisioned };
}

/**
 * Searches and picks a number no other resource holds. The caller records the choice — with the
 * finalizer, in one write (ADR 0011) — before buying it, so a retry buys this exact number
 * (idempotent at Twilio) rather than another, and a deletion from then on releases it.
 */
async function choose(deps: Context, tn: TwilioNumber, signal: AbortSignal): Promise<string> {
  const { countryCode, areaCode, contains } = tn.spec;
  const candidates = await limited(deps, signal, () =>
    deps.twilio.searchLocal(countryCode, { areaCode, contains, smsEnabled: true, pageSize: 20 }),
  );
  if (candidates.length === 0)
    throw new NoNumbersError(
      `no ${countryCode} numbers match areaCode=${areaCode ?? "any"} contains=${contains ?? "any"}`,
    );
  const key = objectKey(tn);
  const free = candidates.filter(
    (c) => !deps.held?.heldByOther(c.phone_number, tn) && !deps.claims.heldByOther(c.phone_number, key),
  );
  const chosen = pickNumber(free, deps.random ?? Math.random);
  // Every number offered is someone else's choice: search again after a backoff (not terminal).
  if (!chosen) throw new Error(`all ${candidates.length} numbers offered are held by other TwilioNumbers`);
  deps.claims.claim(key, chosen);
  return chosen;
}

async function configureWebhook(
  deps: TwilioNumberDeps,
  tn: TwilioNumber,
  number: IncomingNumber,
  signal: AbortSignal,
): Promise<IncomingNumber> {
  const desired = desiredWebhook(tn, deps.webhook);
  if (!webhookDrifted(number, desired)) return number;
  const repaired = await limited(deps, signal, () => deps.twilio.updateNumber(number.sid, desired));
  void deps.events.record(tn, {
    type: "Normal",
    reason: reasons.WebhookRepaired,
    note: `SmsUrl was ${number.sms_url ?? "unset"}; set to ${desired.smsUrl}`,
    action: "ConfigureWebhook",
  });
  return repaired;
}

async function writeStatus(
  deps: TwilioNumberDeps,
  tn: TwilioNumber,
  status: TwilioNumberStatus,
): Promise<void> {
  // `status` is the whole desired status: a field it leaves out is removed (null in a merge patch),
  // even one this reconcile wrote after `tn` was read (e.g. the reserved number).
  const removed = statusFields.filter((key) => !(key in status));
  const patch = { ...status, ...Object.fromEntries(removed.map((key) => [key, null])) };
  await updateStatusIfChanged(deps.kube, type, tn, patch);
}

async function finalize(deps: TwilioNumberDeps, tn: TwilioNumber, signal: AbortSignal): Promise<void> {
  const action = releaseAction(tn);
  if (action === "None") return;
  if (action === "Retain") {
    void deps.events.record(tn, {
      type: "Normal",
      reason: reasons.Retained,
      note: `kept ${tn.status?.phoneNumber ?? "the number"} at Twilio`,
      action: "Release",
    });
  } else {
    const sids = await release(deps, tn, signal);
    void deps.events.record(tn, {
      type: "Normal",
      reason: reasons.Released,
      note: `released ${sids.join(", ") || "nothing (none bought)"}`,
      action: "Release",
    });
  }
  await removeFinalizer(deps.kube, type, tn, finalizer);
}

/**
 * Releases everything tagged as ours: the recorded sid, and any number a crash left behind.
 * When Twilio refuses or does not answer, the resource says so (Ready=False and Released=False,
 * ReleaseFailed, with Twilio's answer) and gets a Warning Event before the error goes on to the
 * work queue, which retries with backoff; the finalizer stays until the release succeeds.
 */
async function release(deps: TwilioNumberDeps, tn: TwilioNumber, signal: AbortSignal): Promise<string[]> {
  const tag = friendlyName(tn);
  let step = `listing the numbers tagged ${tag}`;
  try {
    const tagged = await limited(deps, signal, () => deps.twilio.listNumbers({ friendlyName: tag }));
    const sids = numbersToRelease(tn, tagged);
    for (const sid of sids) {
      step = `releasing ${sid}`;
      // false = already released (Twilio's 20404): that is done too.
      await limited(deps, signal, () => deps.twilio.releaseNumber(sid));
    }
    return sids;
  } catch (error) {
    // Stopping (shutdown, leadership lost) is not Twilio failing: the next leader carries on.
    if (signal.aborted) throw error;
    const message = releaseFailureMessage(step, error);
    void deps.events.record(tn, {
      type: "Warning",
      reason: reasons.ReleaseFailed,
      note: message,
      action: "Release",
    });
    await writeStatus(deps, tn, releaseFailedStatus(tn, message, new Date(deps.clock.now())));
    throw error;
  }
}
