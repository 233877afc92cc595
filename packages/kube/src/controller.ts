// The loop every controller shares (cert-manager's pkg/controller, controller-runtime's
// Controller): reflector events become keys in a work queue; workers reconcile one key at a time;
// failures come back with backoff, successes are forgotten; everything is measured. A controller
// supplies only "reconcile this key".
import type { Registry } from "prom-client";
import type { KubeObject } from "./kube-client.ts";
import { errorFields, silentLogger } from "./logger.ts";
import type { RuntimeLogger } from "./logger.ts";
import { controllerMetrics } from "./metrics.ts";
import { objectKey } from "./object-store.ts";
import type { OwnWrites } from "./own-writes.ts";
import type { Reflector } from "./reflector.ts";
import type { WorkQueue } from "./workqueue.ts";

export interface ReconcileResult {
  /** Reconcile again after this long (e.g. the next rotation is due); the backoff is reset. */
  requeueAfterMs?: number;
  /** Reconcile again with backoff although nothing failed (e.g. waiting on another object). */
  requeue?: boolean;
}

/** Brings the object named by `key` (namespace/name) to its desired state; throws to retry. */
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- a reconciler that never requeues is a plain async function returning nothing
export type Reconciler = (key: string, signal: AbortSignal) => Promise<ReconcileResult | void>;

/** Where a controller's keys come from: a reflector, and which keys each change concerns. */
export interface ControllerSource {
  readonly name: string;
  /** Set when the source skips echoes of these writes; the controller brackets reconciles for it. */
  readonly ownWrites?: OwnWrites | undefined;
  run(signal: AbortSignal): Promise<void>;
  waitForSync(signal: AbortSignal): Promise<boolean>;
  subscribe(enqueue: (key: string) => void, resyncPeriodMs: number): () => void;
}

export interface SourceOptions<T> {
  /** Maps a secondary object (e.g. a Secret) to the primaries it affects; default its own key. */
  mapToKeys?: (object: T) => string[];
  /**
   * Skip adds and updates that only echo this process's own writes (the reconcile that wrote
   * them already acted on that state). Deletions and resyncs are never skipped. Only for the
   * controller's own resource (not with mapToKeys). Default none.
   */
  ownWrites?: OwnWrites | undefined;
}

/** A reflector as a source of keys. */
export function source<T extends KubeObject>(
  reflector: Reflector<T>,
  options: SourceOptions<T> = {},
): ControllerSource {
  const { mapToKeys = (object: T) => [objectKey(object)], ownWrites } = options;
  if (ownWrites && options.mapToKeys)
    throw new Error("ownWrites applies to a controller's own resource only");
  return {
    name: reflector.name,
    ownWrites,
    run: (signal) => reflector.run(signal),
    waitForSync: (signal) => reflector.waitForSync(signal),
    subscribe(enqueue, resyncPeriodMs) {
      const add = (object: T) => {
        mapToKeys(object).forEach(enqueue);
      };
      const changed = (object: T) => {
        if (!ownWrites?.skip(object)) add(object);
      };
      const deleted = (object: T) => {
        ownWrites?.forget(objectKey(object));
        add(object);
      };
      return reflector.addHandler(
        {
          onAdd: changed,
          onUpdate: (_previous, current) => {
            changed(current);
          },
          onDelete: deleted,
          onResync: add,
        },
        { resyncPeriodMs },
      );
    },
  };
}

export interface ControllerOptions {
  /** The `controller` label of the metrics. */
  name: string;
  /** Its reflectors run, and stop, with the controller; each should belong to one controller. */
  sources: ControllerSource[];
  queue: WorkQueue;
  reconcile: Reconciler;
  /** Every object is reconciled again this often, to repair drift; default 0 (never). */
  resyncPeriodMs?: number;
  registry: Registry;
  logger?: RuntimeLogger;
}

/**
 * Runs the controller until `signal` aborts: starts its reflectors, waits for their caches,
 * then reconciles. On abort, in-flight reconciles finish (their signal is aborted too) before
 * this resolves. Never rejects.
 */
export async function runController(options: ControllerOptions, signal: AbortSignal): Promise<void> {
  const { name, sources, queue, resyncPeriodMs = 0 } = options;
  const logger = options.logger ?? silentLogger;
  const enqueue = (key: string) => {
    queue.add(key);
  };
  const unsubscribe = sources.map((s) => s.subscribe(enqueue, resyncPeriodMs));
  const reflectors = sources.map((s) => s.run(signal));
  const synced = await Promise.all(sources.map((s) => s.waitForSync(signal)));
  if (synced.every(Boolean) && !signal.aborted) {
    logger.info({ controller: name }, "caches synced; starting workers");
    queue.start(reconcileWorker(options, logger, signal));
    await new Promise<void>((resolve) => {
      signal.addEventListener(
        "abort",
        () => {
          resolve();
        },
        { once: true },
      );
    });
  }
  await queue.shutdown();
  for (const stop of unsubscribe) stop();
  await Promise.all(reflectors);
  logger.info({ controller: name }, "controller stopped");
}

/**
 * How long the failure asked us to wait before retrying: an error's `retryAfterMs` (set, e.g.,
 * by the Twilio client from a 429's Retry-After); 0 when it says nothing.
 */
export function retryAfterMs(error: unknown): number {
  const value = (error as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

function reconcileWorker(options: ControllerOptions, logger: RuntimeLogger, signal: AbortSignal) {
  const { name, queue, reconcile } = options;
  const metrics = controllerMetrics(options.registry);
  const count = (result: "success" | "error" | "requeue") => {
    metrics.reconciles.inc({ controller: name, result });
  };
  const ownWrites = options.sources.flatMap((s) => (s.ownWrites ? [s.ownWrites] : []));
  return async (key: string): Promise<void> => {
    const endTimer = metrics.reconcileTime.startTimer({ controller: name });
    for (const writes of ownWrites) writes.begin(key);
    try {
      const result = (await reconcile(key, signal)) ?? {};
      if (result.requeue) {
        count("requeue");
        queue.addRateLimited(key);
      } else if (result.requeueAfterMs !== undefined) {
        count("requeue");
        queue.forget(key);
        queue.addAfter(key, result.requeueAfterMs);
      } else {
        count("success");
        queue.forget(key);
      }
    } catch (error) {
      count("error");
      logger.warn(
        { controller: name, key, retries: queue.retries(key), ...errorFields(error) },
        "reconcile failed",
      );
      queue.addRateLimited(key, retryAfterMs(error));
    } finally {
      // Someone else changed the object while it was being reconciled: look at it again.
      if (ownWrites.map((writes) => writes.end(key)).some(Boolean)) queue.add(key);
      endTimer();
    }
  };
}
