// A token bucket that hands out reservations, like Go's rate.Limiter.Reserve: taking a token
// never fails, it tells the caller how long to wait, and the debt is paid by later refills.
import type { Clock } from "./clock.ts";

export interface TokenBucketOptions {
  /** Steady refill rate; Infinity disables the limit. */
  ratePerSecond: number;
  /** Tokens available at once (also the starting amount). */
  burst: number;
  clock: Clock;
}

export class TokenBucket {
  private readonly rate: number;
  private readonly burst: number;
  private readonly clock: Clock;
  private tokens: number;
  private last: number;

  constructor({ ratePerSecond, burst, clock }: TokenBucketOptions) {
    if (!(ratePerSecond > 0)) throw new RangeError("ratePerSecond must be positive");
    if (!(burst >= 1)) throw new RangeError("burst must be at least 1");
    this.rate = ratePerSecond;
    this.burst = burst;
    this.clock = clock;
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Takes one token; returns the ms to wait before using it (0 when one was available). */
  reserve(): number {
    if (this.rate === Infinity) return 0;
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.rate);
  }
}
