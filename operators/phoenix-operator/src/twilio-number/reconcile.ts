// The TwilioNumber reconcile (design brief §3): finalizer → adopt the number tagged with our
// FriendlyName → else search, record the chosen number in status, buy exactly that number →
// configure the webhook and repair drift → Ready. On delete: release (404 = done), then drop the
// finalizer. 429/5xx/network errors throw (the queue retries with backoff); business errors
// become Ready=False with a reason and are not retried until the spec changes.
import type { TwilioNumber, TwilioNumberStatus } from "@phoenix/crds/twilio-number";
import { twilioNumberResource } from "@phoenix/crds/twilio-number";
import type { IncomingNumber, TwilioClient } from "@phoenix/twilio";
import type { Clock } from "../runtime/clock.ts";
import { sleep } from "../runtime/clock.ts";
import type { ReconcileResult, Reconciler } from "../runtime/controller.ts";
import type { EventRecorder } from "../runtime/events.ts";
import { addFinalizer, hasFinalizer, removeFinalizer } from "../runtime/finalizers.ts";
import type { KubeClient } from "../runtime/kube-client.ts";
import { updateStatusIfChanged } from "../runtime/status.ts";
import type { TokenBucket } from "../runtime/token-bucket.ts";
import {
  desiredWebhook,
  failedStatus,
  finalizer,
  friendlyName,
  pickNumber,
  readyStatus,
  reasons,
  reservedStatus,
  terminalForGeneration,
  terminalReason,
  webhookDrifted,
} from "./decisions.ts";
import type { WebhookConfig } from "./decisions.ts";

export interface TwilioNumberDeps {
  kube: KubeClient;
  twilio: TwilioClient;
  /** Per-account limit on Twilio calls, shared by every reconcile. */
  twilioBucket: TokenBucket;
  events: EventRecorder;
  /** The reflector's cache. */
  get(key: string): TwilioNumber | undefined;
  webhook: WebhookConfig;
  clock: Clock;
  random?: () => number;
}

const type = {
  group: twilioNumberResource.group,
  version: twilioNumberResource.version,
  plural: twilioNumberResource.plural,
};

/** No numbers matched the search: terminal like Twilio's own 21452. */
class NoNumbersError extends Error {}

export function twilioNumberReconciler(deps: TwilioNumberDeps): Reconciler {
  return async (key, signal) => {
    const cached = deps.get(key);
    if (!cached) return;
    if (cached.metadata.deletionTimestamp) return finalize(deps, cached, signal);
    const tn = await addFinalizer(deps.kube, type, cached, finalizer);
    // A terminal failure for this generation stays put until the spec changes: no hot loop.
    if (terminalForGeneration(tn)) return;
    return provision(deps, tn, signal);
  };
}

/** Every Twilio call waits for the account's token bucket first. */
async function limited<T>(deps: TwilioNumberDeps, signal: AbortSignal, call: () => Promise<T>): Promise<T> {
  const wait = deps.twilioBucket.reserve();
  if (wait > 0) await sleep(deps.clock, wait, signal);
  return call();
}

async function provision(
  deps: TwilioNumberDeps,
  tn: TwilioNumber,
  signal: AbortSignal,
): Promise<ReconcileResult | void> {
  const now = () => new Date(deps.clock.now());
  try {
    const { number, how } = await findOrBuy(deps, tn, signal);
    const configured = await configureWebhook(deps, tn, number, signal);
    const status = readyStatus(tn, configured, how, now());
    if (!tn.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")) {
      void deps.events.record(tn, {
        type: "Normal",
        reason: how,
        note: `${configured.phone_number} is ready`,
        action: "Provision",
      });
    }
    await writeStatus(deps, tn, status);
  } catch (error) {
    const reason = error instanceof NoNumbersError ? reasons.NoNumbersAvailable : terminalReason(error);
    if (!reason) throw error;
    const message = error instanceof Error ? error.message : String(error);
    void deps.events.record(tn, { type: "Warning", reason, note: message, action: "Provision" });
    await writeStatus(deps, tn, failedStatus(tn, reason, message, now()));
  }
}

async function findOrBuy(
  deps: TwilioNumberDeps,
  tn: TwilioNumber,
  signal: AbortSignal,
): Promise<{ number: IncomingNumber; how: string }> {
  const tag = friendlyName(tn);
  // Adopt what an earlier attempt bought (a crash between buying and writing status).
  const [owned] = await limited(deps, signal, () => deps.twilio.listNumbers({ friendlyName: tag }));
  if (owned)
    return { number: owned, how: tn.status?.sid === owned.sid ? reasons.Provisioned : reasons.Adopted };

  let reserved = tn.status?.reservedNumber;
  if (!reserved) {
    const { countryCode, areaCode, contains } = tn.spec;
    const candidates = await limited(deps, signal, () =>
      deps.twilio.searchLocal(countryCode, { areaCode, contains, smsEnabled: true, pageSize: 20 }),
    );
    reserved = pickNumber(candidates, deps.random ?? Math.random);
    if (!reserved)
      throw new NoNumbersError(
        `no ${countryCode} numbers match areaCode=${areaCode ?? "any"} contains=${contains ?? "any"}`,
      );
    // Recorded before buying, so a retry buys this exact number (idempotent at Twilio) rather than another.
    await writeStatus(deps, tn, reservedStatus(tn, reserved, new Date(deps.clock.now())));
  }
  const webhook = desiredWebhook(tn, deps.webhook);
  const number = await limited(deps, signal, () =>
    deps.twilio.buyNumber({ phoneNumber: reserved, friendlyName: tag, ...webhook }),
  );
  return { number, how: reasons.Provisioned };
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
  await updateStatusIfChanged(deps.kube, type, tn, status as Record<string, unknown>);
}

async function finalize(deps: TwilioNumberDeps, tn: TwilioNumber, signal: AbortSignal): Promise<void> {
  if (!hasFinalizer(tn, finalizer)) return;
  if (tn.spec.releasePolicy === "Retain") {
    void deps.events.record(tn, {
      type: "Normal",
      reason: reasons.Retained,
      note: `kept ${tn.status?.phoneNumber ?? "the number"} at Twilio`,
      action: "Release",
    });
  } else {
    // Release everything tagged as ours: the recorded sid, and any number a crash left behind.
    const tagged = await limited(deps, signal, () =>
      deps.twilio.listNumbers({ friendlyName: friendlyName(tn) }),
    );
    const sids = new Set([...(tn.status?.sid ? [tn.status.sid] : []), ...tagged.map((n) => n.sid)]);
    for (const sid of sids) {
      // false = already released (Twilio's 20404): that is done too.
      await limited(deps, signal, () => deps.twilio.releaseNumber(sid));
    }
    void deps.events.record(tn, {
      type: "Normal",
      reason: reasons.Released,
      note: `released ${[...sids].join(", ") || "nothing (none bought)"}`,
      action: "Release",
    });
  }
  await removeFinalizer(deps.kube, type, tn, finalizer);
}
