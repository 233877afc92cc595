// The runtime's metrics, named like controller-runtime's so its dashboards and alerts carry
// over. Several queues and controllers share one registry: each metric is created once per
// registry and told apart by its `name` / `controller` label.
import { Counter, Gauge, Histogram } from "prom-client";
import type { Registry } from "prom-client";

export interface WorkQueueMetrics {
  depth: Gauge<"name">;
  adds: Counter<"name">;
  retries: Counter<"name">;
  workDuration: Histogram<"name">;
}

export interface ReflectorMetrics {
  lists: Counter<"name">;
  watchEnds: Counter<"name" | "reason">;
}

export interface ControllerMetrics {
  reconciles: Counter<"controller" | "result">;
  reconcileTime: Histogram<"controller">;
}

// controller-runtime's buckets for reconcile and queue work: 5 ms up to a minute.
const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30, 60];

function once<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

export function workQueueMetrics(registry: Registry): WorkQueueMetrics {
  const labelNames = ["name"] as const;
  const registers = [registry];
  return {
    depth: once(
      registry,
      "workqueue_depth",
      () =>
        new Gauge({ name: "workqueue_depth", help: "Keys waiting in the work queue", labelNames, registers }),
    ),
    adds: once(
      registry,
      "workqueue_adds_total",
      () =>
        new Counter({
          name: "workqueue_adds_total",
          help: "Keys added to the work queue",
          labelNames,
          registers,
        }),
    ),
    retries: once(
      registry,
      "workqueue_retries_total",
      () =>
        new Counter({ name: "workqueue_retries_total", help: "Rate-limited re-adds", labelNames, registers }),
    ),
    workDuration: once(
      registry,
      "workqueue_work_duration_seconds",
      () =>
        new Histogram({
          name: "workqueue_work_duration_seconds",
          help: "Time spent processing one key",
          labelNames,
          buckets: durationBuckets,
          registers,
        }),
    ),
  };
}

export function controllerMetrics(registry: Registry): ControllerMetrics {
  const registers = [registry];
  return {
    reconciles: once(
      registry,
      "reconcile_total",
      () =>
        new Counter({
          name: "reconcile_total",
          help: "Reconciliations by result (success, error, requeue)",
          labelNames: ["controller", "result"] as const,
          registers,
        }),
    ),
    reconcileTime: once(
      registry,
      "reconcile_time_seconds",
      () =>
        new Histogram({
          name: "reconcile_time_seconds",
          help: "Time one reconciliation took",
          labelNames: ["controller"] as const,
          buckets: durationBuckets,
          registers,
        }),
    ),
  };
}

/** How often reflectors list and why their watches end; a rising "stalled" rate means silent connections. */
export function reflectorMetrics(registry: Registry): ReflectorMetrics {
  const registers = [registry];
  return {
    lists: once(
      registry,
      "reflector_lists_total",
      () =>
        new Counter({
          name: "reflector_lists_total",
          help: "Full lists (initial and after 410 Gone)",
          labelNames: ["name"] as const,
          registers,
        }),
    ),
    watchEnds: once(
      registry,
      "reflector_watch_ends_total",
      () =>
        new Counter({
          name: "reflector_watch_ends_total",
          help: "Watches ended, by reason (closed, expired, stalled, error, aborted)",
          labelNames: ["name", "reason"] as const,
          registers,
        }),
    ),
  };
}

/** Watch events of the operator's own writes that triggered no reconcile (see own-writes.ts). */
export function echoesSkipped(registry: Registry): Counter<"resource"> {
  return once(
    registry,
    "own_write_echoes_skipped_total",
    () =>
      new Counter({
        name: "own_write_echoes_skipped_total",
        help: "Watch events of the operator's own writes that triggered no reconcile",
        labelNames: ["resource"] as const,
        registers: [registry],
      }),
  );
}

/** Events the recorder dropped because its queue was full (see events.ts). */
export function eventsDropped(registry: Registry): Counter {
  return once(
    registry,
    "events_dropped_total",
    () =>
      new Counter({
        name: "events_dropped_total",
        help: "Events not recorded because the event queue was full",
        registers: [registry],
      }),
  );
}
