// List, then watch from the list's resourceVersion, forever: the part of an informer that
// client-node's own has let stall silently. Here every way a watch can end is handled:
// - it times out (randomized timeoutSeconds, so replicas do not reconnect in lockstep) or the
//   server closes it → watch again from the last resourceVersion seen (bookmarks keep it fresh);
// - 410 Gone, as an HTTP status or an ERROR event → relist, diffing against the cache;
// - an error → back off with jitter, then watch again (or relist if the list failed);
// - silence longer than the watchdog allows → abort the connection and watch again.
import type { Registry } from "prom-client";
import { backoffDelay } from "./backoff.ts";
import type { BackoffPolicy } from "./backoff.ts";
import { sleep, systemClock } from "./clock.ts";
import type { CancelTimer, Clock } from "./clock.ts";
import { statusCodeOf } from "./kube-client.ts";
import type { KubeObject, ObjectMeta } from "./kube-client.ts";
import type { ListFn, WatchFn } from "./kube-watch.ts";
import { errorFields, silentLogger } from "./logger.ts";
import type { RuntimeLogger } from "./logger.ts";
import { reflectorMetrics } from "./metrics.ts";
import type { ReflectorMetrics } from "./metrics.ts";
import { ObjectStore } from "./object-store.ts";
import type { ResourceEventHandler } from "./object-store.ts";

export interface ReflectorOptions<T extends KubeObject> {
  /** Names the reflector in logs. */
  name: string;
  list: ListFn<T>;
  watch: WatchFn;
  /** Each watch asks the server to end it after a random time in this range; default 300–600 s. */
  watchTimeoutSeconds?: { min: number; max: number };
  /** A watch with no event or bookmark for this long is aborted and re-opened; default 150 s. */
  watchdogMs?: number;
  /** Delay between failed attempts; default 500 ms doubling up to 30 s, full jitter. */
  backoff?: BackoffPolicy;
  /** Exports `reflector_lists_total{name}` and `reflector_watch_ends_total{name,reason}`; default none. */
  registry?: Registry;
  /** Default silent. */
  logger?: RuntimeLogger;
  /** Default the system clock. */
  clock?: Clock | undefined;
  /** Default Math.random. */
  random?: () => number;
}

type EndReason =
  { reason: "closed" | "stalled" | "aborted" | "expired" } | { reason: "error"; error: unknown };
type WatchEnd = EndReason & { events: number };

interface Subscription<T> {
  handler: ResourceEventHandler<T>;
  resyncPeriodMs: number;
  cancelResync?: CancelTimer;
}

export class Reflector<T extends KubeObject> {
  readonly name: string;
  private readonly listFn: ListFn<T>;
  private readonly watchFn: WatchFn;
  private readonly timeoutRange: { min: number; max: number };
  private readonly watchdogMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly logger: RuntimeLogger;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly store: ObjectStore<T>;
  private readonly metrics: ReflectorMetrics | undefined;
  private readonly subscriptions = new Set<Subscription<T>>();
  private readonly syncWaiters: Array<() => void> = [];
  private synced = false;
  private running = false;
  private lastResourceVersion = "";

  constructor(options: ReflectorOptions<T>) {
    this.name = options.name;
    this.listFn = options.list;
    this.watchFn = options.watch;
    this.timeoutRange = options.watchTimeoutSeconds ?? { min: 300, max: 600 };
    this.watchdogMs = options.watchdogMs ?? 150_000;
    this.backoff = options.backoff ?? { baseMs: 500, capMs: 30_000 };
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.store = new ObjectStore(this.logger);
    this.metrics = options.registry ? reflectorMetrics(options.registry) : undefined;
  }

  /** True once the first list has been applied to the cache. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves true once synced, or false if `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    return new Promise((resolve) => {
      if (signal?.aborted) {
        resolve(false);
        return;
      }
      signal?.addEventListener(
        "abort",
        () => {
          resolve(false);
        },
        { once: true },
      );
      this.syncWaiters.push(() => {
        resolve(true);
      });
    });
  }

  /** The last resourceVersion seen, from a list, an event or a bookmark. */
  get resourceVersion(): string {
    return this.lastResourceVersion;
  }

  /** The cached object with key `namespace/name` (or `name`). */
  get(key: string): T | undefined {
    return this.store.get(key);
  }

  list(): T[] {
    return this.store.list();
  }

  keys(): string[] {
    return this.store.keys();
  }

  /**
   * Subscribes `handler` to changes; when already synced it first gets an add per cached object.
   * With `resyncPeriodMs` > 0 it also gets onResync for every object that often. Returns an
   * unsubscribe function.
   */
  addHandler(handler: ResourceEventHandler<T>, { resyncPeriodMs = 0 }: { resyncPeriodMs?: number } = {}) {
    const subscription: Subscription<T> = { handler, resyncPeriodMs };
    this.subscriptions.add(subscription);
    const unsubscribe = this.store.subscribe(handler, this.synced);
    if (this.running) this.armResync(subscription);
    return () => {
      subscription.cancelResync?.();
      this.subscriptions.delete(subscription);
      unsubscribe();
    };
  }

  /** Lists and watches until `signal` aborts; never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    if (this.running) throw new Error(`reflector ${this.name} is already running`);
    this.running = true;
    for (const subscription of this.subscriptions) this.armResync(subscription);
    try {
      await this.loop(signal);
    } finally {
      for (const subscription of this.subscriptions) subscription.cancelResync?.();
      this.running = false;
    }
  }

  private async loop(signal: AbortSignal): Promise<void> {
    let needList = true;
    let failures = 0;
    while (!signal.aborted) {
      let failed: boolean;
      try {
        if (needList) await this.relist(signal);
        needList = false;
        const end = await this.watchOnce(signal);
        needList = end.reason === "expired" || (end.reason === "error" && statusCodeOf(end.error) === 410);
        this.logWatchEnd(end);
        // A watch that delivered nothing proves nothing: count it as a failure, so a server that
        // keeps closing or refusing watches meets a growing delay instead of a hot loop.
        failed = end.events === 0 && end.reason !== "aborted";
      } catch (error) {
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- aborts during the awaits above; TypeScript keeps the loop condition's narrowing
        if (signal.aborted) break;
        failed = true;
        if (statusCodeOf(error) === 410) needList = true;
        this.logger.warn({ reflector: this.name, ...errorFields(error) }, "list failed");
      }
      failures = failed ? failures + 1 : 0;
      if (failed) await sleep(this.clock, backoffDelay(failures - 1, this.backoff, this.random), signal);
    }
  }

  private async relist(signal: AbortSignal): Promise<void> {
    this.metrics?.lists.inc({ name: this.name });
    const list = await this.listFn(signal);
    const resourceVersion = list.metadata?.resourceVersion;
    if (!resourceVersion) throw new Error("the list response carries no resourceVersion");
    this.store.replace(list.items.map(stripForCache));
    this.lastResourceVersion = resourceVersion;
    this.logger.debug({ reflector: this.name, resourceVersion, objects: list.items.length }, "listed");
    if (!this.synced) {
      this.synced = true;
      for (const wake of this.syncWaiters.splice(0)) wake();
    }
  }

  private watchOnce(signal: AbortSignal): Promise<WatchEnd> {
    return new Promise((resolve) => {
      // An abort event that fired before we listen would never reach us.
      if (signal.aborted) {
        resolve({ reason: "aborted", events: 0 });
        return;
      }
      let events = 0;
      let stop: (() => void) | undefined;
      let cancelWatchdog: CancelTimer | undefined;
      let ended = false;
      const finish = (end: EndReason) => {
        if (ended) return;
        ended = true;
        cancelWatchdog?.();
        signal.removeEventListener("abort", onAbort);
        stop?.();
        resolve({ ...end, events });
      };
      const feedWatchdog = () => {
        cancelWatchdog?.();
        cancelWatchdog = this.clock.setTimer(() => {
          finish({ reason: "stalled" });
        }, this.watchdogMs);
      };
      const onAbort = () => {
        finish({ reason: "aborted" });
      };
      const onEvent = (type: string, object: unknown) => {
        if (ended) return;
        const end = this.applyEvent(type, object);
        if (end) {
          finish(end);
          return;
        }
        events++;
        feedWatchdog();
      };
      const onDone = (error?: unknown) => {
        finish(error === undefined ? { reason: "closed" } : { reason: "error", error });
      };
      signal.addEventListener("abort", onAbort, { once: true });
      feedWatchdog();
      const request = { resourceVersion: this.lastResourceVersion, timeoutSeconds: this.watchTimeout() };
      this.watchFn(request, { onEvent, onDone }).then(
        (stopWatch) => {
          stop = stopWatch;
          if (ended) stopWatch();
        },
        (error: unknown) => {
          finish({ reason: "error", error });
        },
      );
    });
  }

  /** Applies one event; returns how the watch ends when the event ends it. */
  private applyEvent(type: string, object: unknown): EndReason | undefined {
    if (type === "ERROR") {
      const status = (object ?? {}) as { code?: number; message?: string };
      if (status.code === 410) return { reason: "expired" };
      return {
        reason: "error",
        error: Object.assign(new Error(status.message ?? "watch error"), { code: status.code }),
      };
    }
    const resourceVersion = (object as KubeObject | undefined)?.metadata?.resourceVersion;
    if (type === "ADDED" || type === "MODIFIED" || type === "DELETED")
      this.store.apply(type, stripForCache(object as T));
    else if (type !== "BOOKMARK") return undefined;
    if (resourceVersion) this.lastResourceVersion = resourceVersion;
    return undefined;
  }

  private watchTimeout(): number {
    const { min, max } = this.timeoutRange;
    return Math.floor(min + this.random() * (max - min + 1));
  }

  private armResync(subscription: Subscription<T>): void {
    if (subscription.resyncPeriodMs <= 0) return;
    subscription.cancelResync?.();
    subscription.cancelResync = this.clock.setTimer(() => {
      if (this.synced) this.store.resync(subscription.handler);
      this.armResync(subscription);
    }, subscription.resyncPeriodMs);
  }

  private logWatchEnd(end: WatchEnd): void {
    this.metrics?.watchEnds.inc({ name: this.name, reason: end.reason });
    const fields = {
      reflector: this.name,
      reason: end.reason,
      events: end.events,
      resourceVersion: this.resourceVersion,
    };
    if (end.reason === "error") this.logger.warn({ ...fields, ...errorFields(end.error) }, "watch failed");
    else if (end.reason === "stalled") this.logger.warn(fields, "watch silent for too long; re-opening it");
    else this.logger.debug(fields, "watch ended");
  }
}

/** kubectl apply's copy of the whole object as last applied; no controller here reads it. */
export const lastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

/**
 * Drops what no controller reads before caching (controller-runtime's
 * TransformStripManagedFields, and the same for kubectl's last-applied annotation):
 * metadata.managedFields and the last-applied copy of the object are often larger than the rest
 * of it — at 10,000 objects they would dominate the cache's memory.
 */
export function stripForCache<T extends KubeObject>(object: T): T {
  const metadata: (ObjectMeta & { managedFields?: unknown }) | undefined = object.metadata;
  const lastApplied = metadata?.annotations?.[lastAppliedAnnotation] !== undefined;
  if (!metadata || (!metadata.managedFields && !lastApplied)) return object;
  const { managedFields: _dropped, ...rest } = metadata;
  const kept: ObjectMeta = rest;
  if (lastApplied) {
    const { [lastAppliedAnnotation]: _copy, ...annotations } = metadata.annotations ?? {};
    kept.annotations = annotations;
  }
  return { ...object, metadata: kept };
}
