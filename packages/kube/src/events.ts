// Kubernetes Events (events.k8s.io/v1) about any object, as `kubectl describe` shows them.
// Events are best effort: a failure to record one is logged, never thrown into a reconcile.
// The same event about the same object is recorded once per window, so a controller retrying a
// terminal error does not flood the API server (client-go's recorder aggregates for the same
// reason). And like client-go's broadcaster (a queue of 1,000, one writer, "drop if full"),
// events are sent by a few writers from a bounded queue: a burst — 10,000 resources provisioned
// at once — cannot turn into 10,000 concurrent POSTs competing with the reconciles' own writes;
// what does not fit in the queue is dropped and counted (events_dropped_total).
import { randomBytes } from "node:crypto";
import type { Counter, Registry } from "prom-client";
import { systemClock } from "./clock.ts";
import type { Clock } from "./clock.ts";
import { microTime } from "./kube-client.ts";
import type { KubeClient, KubeObject, ResourceType } from "./kube-client.ts";
import { errorFields, silentLogger } from "./logger.ts";
import type { RuntimeLogger } from "./logger.ts";
import { eventsDropped } from "./metrics.ts";

export const eventType: ResourceType = { group: "events.k8s.io", version: "v1", plural: "events" };

export interface EventInput {
  type: "Normal" | "Warning";
  /** UpperCamelCase, the same constants as the condition reasons. */
  reason: string;
  /** Human-readable; cut to the API's 1 kB limit. */
  note: string;
  /** What the controller did or failed to do, e.g. "Provision"; default "Reconcile". */
  action?: string;
}

export interface EventRecorderOptions {
  client: KubeClient;
  /** `reportingController`, e.g. "phoenix.dev/phoenix-operator". */
  controller: string;
  /** `reportingInstance`: this replica, e.g. the pod name. */
  instance: string;
  /** Identical events within this window are recorded once; default 10 minutes. */
  dedupeWindowMs?: number;
  /** Events being sent at once; default 2. */
  maxInFlight?: number;
  /** Events waiting to be sent; more are dropped. Default 1000 (client-go's). */
  maxQueued?: number;
  /** Exports `events_dropped_total`; default none. */
  registry?: Registry;
  logger?: RuntimeLogger;
  clock?: Clock | undefined;
}

export interface EventBody extends KubeObject {
  eventTime: string;
  reportingController: string;
  reportingInstance: string;
  action: string;
  reason: string;
  note: string;
  type: string;
  /** Fields the object lacks stay undefined (and are not sent). */
  regarding: {
    apiVersion?: string;
    kind?: string;
    namespace?: string | undefined;
    name?: string | undefined;
    uid?: string | undefined;
    resourceVersion?: string | undefined;
  };
}

export interface EventSource {
  controller: string;
  instance: string;
  now: number;
  /** Appended to the name so two events in one millisecond do not collide; default none. */
  unique?: string;
}

const maxRemembered = 4096;

/** The Event an `about` object gets; pure. `about` must carry apiVersion and kind. */
export function eventFor(about: KubeObject, input: EventInput, source: EventSource): EventBody {
  const { apiVersion, kind, metadata = {} } = about;
  if (!apiVersion || !kind) throw new Error("an event's object must carry apiVersion and kind");
  // Named like client-go's: <object>.<hex time>; generateName would end in "." and be invalid.
  const suffix = `${source.now.toString(16)}${source.unique ?? ""}`;
  return {
    apiVersion: "events.k8s.io/v1",
    kind: "Event",
    metadata: {
      name: `${(metadata.name ?? "object").slice(0, 200)}.${suffix}`,
      namespace: metadata.namespace ?? "default",
    },
    eventTime: microTime(source.now),
    reportingController: source.controller,
    reportingInstance: source.instance.slice(0, 128),
    action: input.action ?? "Reconcile",
    reason: input.reason,
    note: input.note.length > 1024 ? `${input.note.slice(0, 1021)}...` : input.note,
    type: input.type,
    regarding: {
      apiVersion,
      kind,
      namespace: metadata.namespace,
      name: metadata.name,
      uid: metadata.uid,
      resourceVersion: metadata.resourceVersion,
    },
  };
}

interface Pending {
  key: string;
  event: EventBody;
  sent: () => void;
}

export class EventRecorder {
  private readonly options: EventRecorderOptions;
  private readonly clock: Clock;
  private readonly logger: RuntimeLogger;
  private readonly recent = new Map<string, number>();
  private readonly maxInFlight: number;
  private readonly maxQueued: number;
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private readonly dropped: Counter | undefined;

  constructor(options: EventRecorderOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 2);
    this.maxQueued = Math.max(0, options.maxQueued ?? 1000);
    this.dropped = options.registry && eventsDropped(options.registry);
  }

  /**
   * Records the event unless an identical one was recorded within the window, or the queue is
   * full (then it is dropped); resolves once it was sent or dropped, never rejects.
   */
  record(about: KubeObject, input: EventInput): Promise<void> {
    const now = this.clock.now();
    const key = [about.metadata?.uid ?? about.metadata?.name, input.type, input.reason, input.note].join(
      "\u0000",
    );
    const last = this.recent.get(key);
    if (last !== undefined && now - last < (this.options.dedupeWindowMs ?? 600_000)) return Promise.resolve();
    if (this.inFlight >= this.maxInFlight && this.queue.length >= this.maxQueued) {
      this.dropped?.inc();
      this.logger.debug({ reason: input.reason, name: about.metadata?.name }, "event queue full; dropped");
      return Promise.resolve();
    }
    this.remember(key, now);
    const { controller, instance } = this.options;
    const unique = randomBytes(3).toString("hex");
    // Built now, so the queue holds small events rather than the objects they are about.
    const event = eventFor(about, input, { controller, instance, now, unique });
    return new Promise((sent) => {
      this.queue.push({ key, event, sent });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight) {
      const pending = this.queue.shift();
      if (!pending) break;
      this.inFlight += 1;
      void this.send(pending).finally(() => {
        this.inFlight -= 1;
        pending.sent();
        this.pump();
      });
    }
  }

  private async send({ key, event }: Pending): Promise<void> {
    try {
      await this.options.client.create(eventType, event);
    } catch (error) {
      this.recent.delete(key);
      this.logger.warn(
        { reason: event.reason, name: event.regarding.name, ...errorFields(error) },
        "could not record event",
      );
    }
  }

  private remember(key: string, now: number): void {
    this.recent.delete(key);
    this.recent.set(key, now);
    // Maps iterate in insertion order: the first key is the least recently recorded.
    if (this.recent.size > maxRemembered) this.recent.delete(this.recent.keys().next().value ?? "");
  }
}
