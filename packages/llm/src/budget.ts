// Daily token budgets, checked before any provider is called. A call reserves its estimate
// (prompt + the most it may generate) against the user's counter for the day — and the plan's
// shared counter when the plan has one — atomically: if any would pass its limit nothing is
// reserved and the call is refused. Afterwards the reservation is settled to what was really used.
// Days are UTC days; counters expire a day after their day ends. The counters live in a
// CounterStore: Redis in production (shared by every replica), memory in unit tests.

export interface Clock {
  now(): number;
}

export interface CounterLimit {
  key: string;
  limit: number;
}

export interface CounterStore {
  /** Adds `amount` to every counter if each stays at or under its limit; else changes nothing. */
  addWithin(counters: readonly CounterLimit[], amount: number, ttlSeconds: number): Promise<AddResult>;
  /** Adds `amount` (may be negative) to every counter. */
  add(keys: readonly string[], amount: number, ttlSeconds: number): Promise<void>;
}

export interface AddResult {
  allowed: boolean;
  /** The first counter's value after the call (unchanged when refused). */
  used: number;
}

export interface BudgetLimits {
  /** Tokens a day per user, by plan. A plan not listed gets no tokens. */
  perUserDaily: Readonly<Record<string, number>>;
  /** Tokens a day shared by all users of a plan; default no shared cap. */
  perPlanDaily?: Readonly<Record<string, number>>;
}

export interface BudgetUser {
  id: string;
  plan: string;
}

export interface Reservation {
  allowed: boolean;
  /** The store could not be asked: `allowed` then follows the fail mode. */
  unavailable: boolean;
  /** The user's tokens used today, this reservation included when allowed. */
  used: number;
  limit: number;
  /** Replaces the reservation by the tokens really used (no-op when refused or settled). */
  settle(actualTokens: number): Promise<void>;
}

export interface Budget {
  reserve(user: BudgetUser, tokens: number): Promise<Reservation>;
}

const DAY_MS = 86_400_000;

export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Seconds until the end of the day after `ms`'s UTC day: a counter outlives its day by one. */
export function ttlSeconds(ms: number): number {
  const endOfNextDay = (Math.floor(ms / DAY_MS) + 2) * DAY_MS;
  return Math.ceil((endOfNextDay - ms) / 1000);
}

export interface BudgetOptions {
  store: CounterStore;
  limits: BudgetLimits;
  clock: Clock;
  /** Key prefix; default "llm:budget". */
  prefix?: string;
  /**
   * When the store fails or does not answer within `timeoutMs`: "closed" (the default) refuses
   * the call — the router answers "unavailable", not "budget exhausted" — and "open" lets it
   * through uncounted. Either way the reservation says `unavailable`.
   */
  failMode?: "open" | "closed";
  /** Default 1000 ms. */
  timeoutMs?: number;
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`budget store: no answer in ${timeoutMs} ms`));
    }, timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => {
    clearTimeout(timer);
  });
}

export function createBudget(options: BudgetOptions): Budget {
  const { store, limits, clock, prefix = "llm:budget", failMode = "closed", timeoutMs = 1000 } = options;
  return {
    async reserve(user, tokens) {
      const now = clock.now();
      const day = dayOf(now);
      const ttl = ttlSeconds(now);
      const limit = limits.perUserDaily[user.plan] ?? 0;
      const counters: CounterLimit[] = [{ key: `${prefix}:user:${user.id}:${day}`, limit }];
      const planLimit = limits.perPlanDaily?.[user.plan];
      if (planLimit !== undefined)
        counters.push({ key: `${prefix}:plan:${user.plan}:${day}`, limit: planLimit });
      const reserved = Math.max(0, Math.ceil(tokens));
      let result: AddResult;
      try {
        result = await withTimeout(store.addWithin(counters, reserved, ttl), timeoutMs);
      } catch {
        return {
          allowed: failMode === "open",
          unavailable: true,
          used: 0,
          limit,
          settle: () => Promise.resolve(),
        };
      }
      let settled = !result.allowed;
      return {
        allowed: result.allowed,
        unavailable: false,
        used: result.used,
        limit,
        async settle(actualTokens) {
          if (settled) return;
          settled = true;
          const delta = Math.max(0, Math.ceil(actualTokens)) - reserved;
          const keys = counters.map((counter) => counter.key);
          // Best effort: the answer has been given; a failed settle leaves the estimate counted.
          if (delta !== 0) await withTimeout(store.add(keys, delta, ttl), timeoutMs).catch(() => undefined);
        },
      };
    },
  };
}

/** Counters in this process only: for unit tests and single-replica tools (no expiry). */
export function createMemoryCounterStore(): CounterStore & { values: Map<string, number> } {
  const values = new Map<string, number>();
  const get = (key: string) => values.get(key) ?? 0;
  return {
    values,
    addWithin(counters, amount) {
      const allowed = counters.every(({ key, limit }) => get(key) + amount <= limit);
      if (allowed) for (const { key } of counters) values.set(key, get(key) + amount);
      return Promise.resolve({ allowed, used: get(counters[0]?.key ?? "") });
    },
    add(keys, amount) {
      for (const key of keys) values.set(key, get(key) + amount);
      return Promise.resolve();
    },
  };
}
