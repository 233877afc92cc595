// Time is injected so tests can step the message lifecycle deterministically: the real clock
// uses timers, the manual clock runs due callbacks only when a test advances it.

/** An opaque timer: whatever the clock's setTimeout returned. */
export type TimerHandle = object;

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    // Unref'd: pending deliveries must not keep a CLI or test process alive.
    return setTimeout(callback, ms).unref();
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

export interface ManualClock extends Clock {
  /** Moves time forward, running every callback that falls due, in due order. */
  advance(ms: number): Promise<void>;
  /** Callbacks scheduled and not yet run. */
  pending(): number;
}

interface ManualTimer {
  id: number;
  due: number;
  callback: () => void;
}

export function createManualClock(start = Date.UTC(2026, 0, 15, 12, 0, 0)): ManualClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, ManualTimer>();

  function nextDue(until: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const timer of timers.values()) {
      if (timer.due <= until && (!best || timer.due < best.due)) best = timer;
    }
    return best;
  }

  return {
    now: () => now,
    setTimeout(callback, ms) {
      const timer = { id: nextId++, due: now + Math.max(0, ms), callback };
      timers.set(timer.id, timer);
      return { id: timer.id };
    },
    clearTimeout(handle) {
      timers.delete((handle as { id: number }).id);
    },
    async advance(ms) {
      const until = now + ms;
      for (let timer = nextDue(until); timer; timer = nextDue(until)) {
        timers.delete(timer.id);
        now = timer.due;
        timer.callback();
        // Let promise chains started by the callback settle before the next one runs.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      now = until;
    },
    pending: () => timers.size,
  };
}

/** Timers owned by one emulator: a reset or close cancels everything still scheduled. */
export interface Scheduler {
  after(ms: number, callback: () => void): void;
  sleep(ms: number): Promise<void>;
  cancelAll(): void;
}

export function createScheduler(clock: Clock): Scheduler {
  const live = new Set<TimerHandle>();
  return {
    after(ms, callback) {
      const handle = clock.setTimeout(() => {
        live.delete(handle);
        callback();
      }, ms);
      live.add(handle);
    },
    // Not cancelled by cancelAll: a request waiting out injected latency must still be answered.
    sleep(ms) {
      if (ms <= 0) return Promise.resolve();
      return new Promise((resolve) => clock.setTimeout(resolve, ms));
    },
    cancelAll() {
      for (const handle of live) clock.clearTimeout(handle);
      live.clear();
    },
  };
}
