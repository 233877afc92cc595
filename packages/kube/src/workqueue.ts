// A keyed work queue in the spirit of client-go's: a key waits at most once (adds dedupe), is
// never handed to two workers at once (a key added while in flight runs again once it is done),
// failing keys come back with per-key exponential backoff and jitter, and a global token bucket
// bounds how fast retries of all keys together can come back.
import type { Registry } from "prom-client";
import { backoffDelay } from "./backoff.ts";
import type { BackoffPolicy } from "./backoff.ts";
import { systemClock } from "./clock.ts";
import type { CancelTimer, Clock } from "./clock.ts";
import { workQueueMetrics } from "./metrics.ts";
import type { WorkQueueMetrics } from "./metrics.ts";
import { TokenBucket } from "./token-bucket.ts";

export type KeyHandler = (key: string) => Promise<void>;

export interface WorkQueueOptions {
  /** The `name` label of the queue's metrics. */
  name: string;
  registry: Registry;
  /** Keys processed at the same time; default 1. */
  concurrency?: number;
  /** Per-key retry delays; default 100 ms doubling up to 5 minutes. */
  backoff?: BackoffPolicy;
  /** Global limit on rate-limited re-adds across all keys; default 10/s with a burst of 100. */
  retryRate?: { ratePerSecond: number; burst: number };
  /** Called when a handler throws; the key is then retried with backoff. Default: ignore. */
  onHandlerError?: (key: string, error: unknown) => void;
  /** Default: the system clock. */
  clock?: Clock | undefined;
  /** Default: Math.random. */
  random?: () => number;
}

export interface ShutdownOptions {
  /** Also process the keys still waiting (adds are refused either way); default false. */
  drain?: boolean;
}

export class WorkQueue {
  readonly name: string;
  private readonly concurrency: number;
  private readonly backoff: BackoffPolicy;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly bucket: TokenBucket;
  private readonly metrics: WorkQueueMetrics;
  private readonly onHandlerError: (key: string, error: unknown) => void;
  private readonly queue = new Fifo<string>();
  /** Keys that must run (again): waiting in `queue`, or in flight and added meanwhile. */
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly delayed = new Map<string, { at: number; cancel: CancelTimer }>();
  private readonly failures = new Map<string, number>();
  private handler: KeyHandler | undefined;
  private stopping = false;
  private draining = false;
  private idle: (() => void) | undefined;
  private stopped: Promise<void> | undefined;

  constructor(options: WorkQueueOptions) {
    this.name = options.name;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.backoff = options.backoff ?? { baseMs: 100, capMs: 300_000 };
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    const { ratePerSecond, burst } = options.retryRate ?? { ratePerSecond: 10, burst: 100 };
    this.bucket = new TokenBucket({ ratePerSecond, burst, clock: this.clock });
    this.metrics = workQueueMetrics(options.registry);
    this.onHandlerError = options.onHandlerError ?? (() => undefined);
    this.metrics.depth.set({ name: this.name }, 0);
  }

  /** Queues `key` unless it is already waiting; ignored after shutdown. */
  add(key: string): void {
    if (this.stopping || this.dirty.has(key)) return;
    this.dirty.add(key);
    this.metrics.adds.inc({ name: this.name });
    // An in-flight key is queued again when its current run ends, never run alongside it.
    if (this.processing.has(key)) return;
    this.enqueue(key);
  }

  /** Queues `key` after `ms`; when already scheduled, the earlier time wins. */
  addAfter(key: string, ms: number): void {
    if (this.stopping) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = this.clock.now() + ms;
    const existing = this.delayed.get(key);
    if (existing && existing.at <= at) return;
    existing?.cancel();
    const cancel = this.clock.setTimer(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    this.delayed.set(key, { at, cancel });
  }

  /**
   * Queues `key` again after its own backoff (growing with each failure) or the global limit,
   * and never sooner than `notBeforeMs` (e.g. a server's Retry-After).
   */
  addRateLimited(key: string, notBeforeMs = 0): void {
    if (this.stopping) return;
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    this.metrics.retries.inc({ name: this.name });
    const backoff = backoffDelay(failures, this.backoff, this.random);
    const delay = Math.max(backoff, this.bucket.reserve(), notBeforeMs);
    this.addAfter(key, delay);
  }

  /** Resets `key`'s backoff after it succeeded. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Rate-limited re-adds of `key` since it was last forgotten. */
  retries(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** Keys waiting to be processed (not counting delayed or in-flight ones). */
  get length(): number {
    return this.queue.length;
  }

  /** Starts handing keys to `handler`, up to `concurrency` at once. */
  start(handler: KeyHandler): void {
    if (this.handler) throw new Error(`work queue ${this.name} already started`);
    this.handler = handler;
    this.pump();
  }

  /** Refuses new keys, drops delayed ones, and resolves once in-flight work has finished. */
  shutdown({ drain = false }: ShutdownOptions = {}): Promise<void> {
    if (this.stopped) return this.stopped;
    this.stopping = true;
    this.draining = drain;
    for (const { cancel } of this.delayed.values()) cancel();
    this.delayed.clear();
    if (!drain) this.dropQueued();
    this.stopped = new Promise((resolve) => {
      this.idle = resolve;
    });
    this.resolveIfIdle();
    return this.stopped;
  }

  private enqueue(key: string): void {
    this.queue.push(key);
    this.metrics.depth.set({ name: this.name }, this.queue.length);
    this.pump();
  }

  private pump(): void {
    const handler = this.handler;
    if (!handler) return;
    if (this.stopping && !this.draining) return;
    while (this.processing.size < this.concurrency) {
      const key = this.queue.shift();
      if (key === undefined) break;
      this.dirty.delete(key);
      this.processing.add(key);
      void this.process(key, handler);
    }
    this.metrics.depth.set({ name: this.name }, this.queue.length);
  }

  private async process(key: string, handler: KeyHandler): Promise<void> {
    const end = this.metrics.workDuration.startTimer({ name: this.name });
    try {
      await handler(key);
    } catch (error) {
      this.onHandlerError(key, error);
      this.addRateLimited(key);
    } finally {
      end();
      this.processing.delete(key);
      if (this.dirty.has(key)) this.requeueAfterRun(key);
      this.pump();
      this.resolveIfIdle();
    }
  }

  private requeueAfterRun(key: string): void {
    if (this.stopping && !this.draining) this.dirty.delete(key);
    else this.queue.push(key);
  }

  private dropQueued(): void {
    for (let key = this.queue.shift(); key !== undefined; key = this.queue.shift()) this.dirty.delete(key);
    this.metrics.depth.set({ name: this.name }, 0);
  }

  private resolveIfIdle(): void {
    if (!this.stopping || this.processing.size > 0) return;
    if (this.draining && this.handler && this.queue.length > 0) return;
    this.idle?.();
    this.idle = undefined;
  }
}

/** A FIFO with O(1) shift: an array and a moving head, compacted once half of it is consumed. */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
