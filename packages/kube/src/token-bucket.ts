// A token bucket that hands out reservations, like Go's rate.Limiter.Reserve: taking a token
// never fails, it tells the caller how long to wait, and the debt is paid by later refills.
// A server that answers "slow down, retry after N seconds" (HTTP 429 with Retry-After) pauses
// the whole bucket: it speaks for the account, not just for the call that got the answer.
import type { Clock } from "./clock.ts";

export interface TokenBucketOptions {
  /** Steady refill rate; Infinity disables the limit (a pause still holds). */
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
  /** Refill time so far; later than now while paused. */
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
    const now = this.clock.now();
    const paused = Math.max(0, this.last - now);
    if (this.rate === Infinity) return paused;
    this.refill(now);
    this.tokens -= 1;
    return paused + (this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.rate));
  }

  /**
   * Hands out no token for `ms` from now (e.g. Twilio's Retry-After). The bucket is emptied too,
   * so calls resume at the steady rate after the pause instead of in one burst.
   */
  pause(ms: number): void {
    const now = this.clock.now();
    if (!(ms > 0) || now + ms <= this.last) return;
    this.refill(now);
    this.tokens = Math.min(this.tokens, 0);
    this.last = now + ms;
  }

  private refill(now: number): void {
    if (now <= this.last) return;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
  }
}
