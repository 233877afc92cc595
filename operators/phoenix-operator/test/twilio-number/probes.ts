// What the TwilioNumber integration tests build and look at: TwilioNumbers (created, patched and
// deleted with the admin identity, as a user or the API would), their conditions and Events, the
// operator's /metrics, and the emulator's per-operation call counts.
import { PatchStrategy } from "@kubernetes/client-node";
import { twilioNumberResource } from "@phoenix/crds/twilio-number";
import type { TwilioNumber, TwilioNumberSpec } from "@phoenix/crds/twilio-number";
import { adminConfig, eventually } from "../../../../test/support/kube.ts";
import type { EventBody } from "@phoenix/kube/events";
import { eventType } from "@phoenix/kube/events";
import { KubeClient, statusCodeOf } from "@phoenix/kube/kube-client";
import { setupOperatorEnvironment } from "../harness.ts";
export { quietWindow } from "../harness.ts";
import type { OperatorEnvironment } from "../harness.ts";
import { isolateNamespace } from "../isolation.ts";

export const admin = new KubeClient(adminConfig());

/**
 * The harness's environment, with no other phoenix-operator (e.g. the one `make demo` leaves
 * running, watching every namespace) allowed to write in its namespace.
 */
export async function setupTwilioNumberEnvironment(prefix: string): Promise<OperatorEnvironment> {
  const env = await setupOperatorEnvironment(prefix);
  const release = await isolateNamespace(adminConfig(), env.namespace);
  return {
    ...env,
    async teardown() {
      await env.teardown();
      await release();
    },
  };
}
const type = twilioNumberResource;

export type StateView = Awaited<ReturnType<OperatorEnvironment["emulator"]["control"]["state"]>>;
export type Condition = NonNullable<NonNullable<TwilioNumber["status"]>["conditions"]>[number];

/** A TwilioNumber for user `name`; `spec` overrides (default: area code 415). */
export function createTwilioNumber(
  env: OperatorEnvironment,
  name: string,
  spec: Partial<TwilioNumberSpec> = {},
): Promise<TwilioNumber> {
  return admin.create<TwilioNumber>(type, {
    apiVersion: `${type.group}/${type.version}`,
    kind: type.kind,
    metadata: { name, namespace: env.namespace },
    // countryCode and releasePolicy are left to the API server's defaults.
    spec: { userId: name, areaCode: "415", ...spec } as TwilioNumber["spec"],
  });
}

export function getTwilioNumber(env: OperatorEnvironment, name: string): Promise<TwilioNumber> {
  return admin.get<TwilioNumber>(type, { namespace: env.namespace, name });
}

/** Undefined once the object is gone. */
export async function findTwilioNumber(
  env: OperatorEnvironment,
  name: string,
): Promise<TwilioNumber | undefined> {
  try {
    return await getTwilioNumber(env, name);
  } catch (error) {
    if (statusCodeOf(error) === 404) return undefined;
    throw error;
  }
}

export function patchSpec(
  env: OperatorEnvironment,
  name: string,
  spec: Partial<TwilioNumberSpec>,
): Promise<TwilioNumber> {
  return admin.patch<TwilioNumber>(
    type,
    { namespace: env.namespace, name },
    { strategy: PatchStrategy.MergePatch, body: { spec } },
  );
}

export function deleteTwilioNumber(env: OperatorEnvironment, name: string): Promise<void> {
  return admin.delete(type, { namespace: env.namespace, name });
}

export function condition(tn: TwilioNumber | undefined, conditionType: string): Condition | undefined {
  return tn?.status?.conditions?.find((c) => c.type === conditionType);
}

export const isReady = (tn: TwilioNumber | undefined): boolean => condition(tn, "Ready")?.status === "True";

/** Waits until the TwilioNumber is Ready and returns it. */
export function waitReady(env: OperatorEnvironment, name: string, timeoutMs = 30_000): Promise<TwilioNumber> {
  return eventually(
    `TwilioNumber ${name} to be Ready`,
    async () => {
      const tn = await getTwilioNumber(env, name);
      return isReady(tn) ? tn : undefined;
    },
    timeoutMs,
  );
}

/** Waits until the Ready condition has `reason` for the object's current generation. */
export function waitReadyReason(
  env: OperatorEnvironment,
  name: string,
  reason: string,
  timeoutMs = 30_000,
): Promise<TwilioNumber> {
  return eventually(
    `TwilioNumber ${name} to be Ready with reason ${reason}`,
    async () => {
      const tn = await getTwilioNumber(env, name);
      const ready = condition(tn, "Ready");
      return ready?.reason === reason && ready.observedGeneration === tn.metadata.generation ? tn : undefined;
    },
    timeoutMs,
  );
}

export function waitGone(env: OperatorEnvironment, name: string, timeoutMs = 30_000): Promise<true> {
  return eventually(
    `TwilioNumber ${name} to be gone`,
    async () => ((await findTwilioNumber(env, name)) ? undefined : true),
    timeoutMs,
  );
}

/** Events (events.k8s.io/v1) about the TwilioNumber `name`, oldest first. */
export async function eventsAbout(env: OperatorEnvironment, name: string): Promise<EventBody[]> {
  const { items } = await admin.list<EventBody>(eventType, { namespace: env.namespace });
  return items
    .filter((e) => e.regarding.kind === type.kind && e.regarding.name === name)
    .sort((a, b) => a.eventTime.localeCompare(b.eventTime));
}

/** Waits for an Event with `reason` about `name`. */
export function waitEvent(
  env: OperatorEnvironment,
  name: string,
  reason: string,
  timeoutMs = 15_000,
): Promise<EventBody> {
  return eventually(
    `an Event ${reason} about ${name}`,
    async () => (await eventsAbout(env, name)).find((e) => e.reason === reason),
    timeoutMs,
  );
}

/** Calls the emulator answered for one Twilio operation (all statuses, or one). */
export function callCount(state: StateView, operation: string, status?: number): number {
  const stats = state.calls[operation];
  if (!stats) return 0;
  return status === undefined ? stats.total : (stats.byStatus[String(status)] ?? 0);
}

/** Every Twilio call the emulator answered. */
export function totalCalls(state: StateView): number {
  return Object.values(state.calls).reduce((sum, stats) => sum + stats.total, 0);
}

/** Twilio operation ids, as the emulator counts them. */
export const ops = {
  search: "ListAvailablePhoneNumberLocal",
  buy: "CreateIncomingPhoneNumber",
  list: "ListIncomingPhoneNumber",
  update: "UpdateIncomingPhoneNumber",
  release: "DeleteIncomingPhoneNumber",
} as const;

/** The numbers the account owns that carry `friendlyName` (the operator's tag). */
export function ownedTagged(state: StateView, friendlyName: string): NonNullable<StateView["numbers"]> {
  return (state.numbers ?? []).filter((n) => n.friendlyName === friendlyName);
}

/** The operator's tag for a TwilioNumber: namespace/name/uid (all fit in 64 characters here). */
export const tagOf = (tn: TwilioNumber): string => {
  const { namespace = "", name = "", uid = "" } = tn.metadata;
  return `${namespace}/${name}/${uid}`;
};

/**
 * One sample of a metric from a process's /metrics: the sum over the series whose labels
 * include all of `labels`; undefined when the process does not answer (e.g. it was killed).
 */
export async function scrape(
  url: string,
  metric: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  let text: string;
  try {
    const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return undefined;
    text = await response.text();
  } catch {
    return undefined;
  }
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let sum = 0;
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== metric) continue;
    if (wanted.every((pair) => (match[2] ?? "").includes(pair))) sum += Number(match[3]);
  }
  return sum;
}

/** Reconciles a controller of an operator process has finished (every result). */
export async function reconcileCount(url: string, controller = "twilionumber"): Promise<number> {
  const value = await scrape(url, "reconcile_total", { controller });
  if (value === undefined) throw new Error(`the operator at ${url} does not answer /metrics`);
  return value;
}

/**
 * Resolves once the operator has finished `count` more reconciles of `controller` than `since`
 * (a reconcileCount); returns the new count. The clock of "nothing happens over N reconciles":
 * with a short RESYNC_PERIOD_MS every object is reconciled again each period, whatever it did.
 */
export function waitReconciles(
  url: string,
  since: number,
  count: number,
  { controller = "twilionumber", timeoutMs = 30_000 }: { controller?: string; timeoutMs?: number } = {},
): Promise<number> {
  return eventually(
    `${count} more ${controller} reconciles at ${url}`,
    async () => {
      const now = await reconcileCount(url, controller);
      return now >= since + count ? now : undefined;
    },
    timeoutMs,
  );
}

/**
 * Resolves once the operator's `queue` is idle: nothing waiting, and every key it accepted has
 * been processed (each accepted add is exactly one run; a retry counts when its delay is over).
 */
export function waitQueueIdle(url: string, queue = "twilionumber", timeoutMs = 30_000): Promise<true> {
  return eventually(
    `the ${queue} work queue at ${url} to be idle`,
    async () => {
      const labels = { name: queue };
      const [depth, adds, done] = await Promise.all([
        scrape(url, "workqueue_depth", labels),
        scrape(url, "workqueue_adds_total", labels),
        scrape(url, "workqueue_work_duration_seconds_count", labels),
      ]);
      return depth === 0 && adds !== undefined && adds === done ? true : undefined;
    },
    timeoutMs,
  );
}
