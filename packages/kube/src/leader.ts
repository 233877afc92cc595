// Lease-based leader election, after client-go's leaderelection package: one replica holds the
// Lease and renews it every retryPeriod; standbys poll it and take over once it is released or
// has expired. A leader that cannot renew for renewDeadline (shorter than the lease) stops
// leading before anyone else may start, and the operator's main then exits.
import { hostname } from "node:os";
import { Gauge } from "prom-client";
import type { Registry } from "prom-client";
import { sleep, systemClock } from "./clock.ts";
import type { Clock } from "./clock.ts";
import { statusCodeOf } from "./kube-client.ts";
import { decideLease, releasedLease } from "./lease.ts";
import type { Lease, LeaseApi } from "./lease.ts";
import { errorFields, silentLogger } from "./logger.ts";
import type { RuntimeLogger } from "./logger.ts";

export interface LeaderElectionOptions {
  leases: LeaseApi;
  namespace: string;
  /** The Lease's name, shared by all replicas. */
  name: string;
  /** Default: $POD_NAME, else hostname-pid. */
  identity?: string;
  /** How long a lease stays valid without renewal; default 15 s. */
  leaseDurationMs?: number;
  /** A leader that has not renewed for this long stops leading; default 10 s (< leaseDuration). */
  renewDeadlineMs?: number;
  /** Time between attempts to acquire or renew; default 2 s. */
  retryPeriodMs?: number;
  /**
   * Runs the leader's work; `signal` aborts when leadership ends. On a graceful stop the lease
   * is renewed until the returned promise settles, and only then released, so a standby never
   * starts while this replica is still working.
   */
  onStartedLeading: (signal: AbortSignal) => Promise<void> | void;
  /** Called once leadership has ended, lost or released. */
  onStoppedLeading?: () => void;
  /** Called when a different holder is observed. */
  onNewLeader?: (identity: string) => void;
  /** Exports `leader_election_master_status{name}` (1 while leading), as client-go does. */
  registry?: Registry;
  logger?: RuntimeLogger;
  clock?: Clock | undefined;
  random?: () => number;
}

export function defaultIdentity(): string {
  return process.env["POD_NAME"] || `${hostname()}-${process.pid}`;
}

export class LeaderElector {
  readonly identity: string;
  private readonly options: LeaderElectionOptions;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly clock: Clock;
  private readonly logger: RuntimeLogger;
  private readonly random: () => number;
  private readonly status: Gauge<"name"> | undefined;
  private lease: Lease | undefined;
  private observedHolder = "";
  private leading = false;

  constructor(options: LeaderElectionOptions) {
    this.options = options;
    this.identity = options.identity ?? defaultIdentity();
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
    if (this.renewDeadlineMs >= this.leaseDurationMs)
      throw new RangeError("renewDeadline must be below leaseDuration");
    if (this.retryPeriodMs >= this.renewDeadlineMs)
      throw new RangeError("retryPeriod must be below renewDeadline");
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.random = options.random ?? Math.random;
    this.status = options.registry ? leaderGauge(options.registry) : undefined;
    this.status?.set({ name: options.name }, 0);
  }

  isLeader(): boolean {
    return this.leading;
  }

  /**
   * Waits to acquire the lease, leads until `signal` aborts (then releases the lease) or the
   * lease is lost, and resolves. Never rejects; never leads twice.
   */
  async run(signal: AbortSignal): Promise<void> {
    if (!(await this.acquire(signal))) return;
    await this.lead(signal);
  }

  private async acquire(signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      if (await this.tryAcquireOrRenew(signal)) return true;
      // Jittered like client-go (up to +20%), so standbys do not poll in lockstep.
      await sleep(this.clock, this.retryPeriodMs * (1 + 0.2 * this.random()), signal);
    }
    return false;
  }

  private async lead(signal: AbortSignal): Promise<void> {
    this.setLeading(true);
    const leadership = new AbortController();
    const stopWork = () => {
      leadership.abort();
    };
    signal.addEventListener("abort", stopWork, { once: true });
    if (signal.aborted) stopWork();
    let workDone = false;
    const work = this.startWork(leadership.signal).finally(() => {
      workDone = true;
      // A leader whose work ended by itself must not keep the lease (nor the signal listener).
      leadership.abort();
    });
    const lost = await this.keepRenewing(work, () => workDone);
    signal.removeEventListener("abort", stopWork);
    leadership.abort();
    if (!lost) await this.release();
    this.setLeading(false);
    this.options.onStoppedLeading?.();
  }

  private async startWork(signal: AbortSignal): Promise<void> {
    try {
      await this.options.onStartedLeading(signal);
    } catch (error) {
      this.logger.error({ lease: this.options.name, ...errorFields(error) }, "leader work failed");
    }
  }

  /** Renews until the work has finished (false) or the lease is lost (true). */
  private async keepRenewing(work: Promise<void>, workDone: () => boolean): Promise<boolean> {
    let lastRenew = this.clock.now();
    for (;;) {
      await this.sleepOrUntil(work, this.retryPeriodMs);
      if (workDone()) return false;
      const remaining = lastRenew + this.renewDeadlineMs - this.clock.now();
      const renewed = remaining > 0 && (await this.tryAcquireOrRenew(AbortSignal.timeout(remaining), true));
      if (renewed) lastRenew = this.clock.now();
      else if (!this.isOurs() || this.clock.now() - lastRenew >= this.renewDeadlineMs) {
        this.logger.error(
          { lease: this.options.name, identity: this.identity },
          "lost the lease; stopping leading",
        );
        return true;
      }
    }
  }

  private sleepOrUntil(work: Promise<void>, ms: number): Promise<void> {
    const wake = new AbortController();
    void work.then(() => {
      wake.abort();
    });
    return sleep(this.clock, ms, wake.signal);
  }

  /** One attempt; true when we hold the lease afterwards. */
  private async tryAcquireOrRenew(signal: AbortSignal, renewing = false): Promise<boolean> {
    const { leases, namespace, name } = this.options;
    try {
      // A leader renews from its cached copy (one request); a conflict makes it re-read.
      const current = renewing && this.lease ? this.lease : await leases.get(namespace, name, signal);
      const decision = decideLease(current?.spec, this.identity, this.clock.now(), this.leaseSeconds());
      if (decision.action === "wait") {
        this.observe(decision.holder, current);
        return false;
      }
      const body: Lease = { metadata: { ...current?.metadata, namespace, name }, spec: decision.spec };
      this.lease = current ? await leases.replace(body, signal) : await leases.create(body, signal);
      this.observe(this.identity, this.lease);
      return true;
    } catch (error) {
      if (statusCodeOf(error) === 409) this.lease = undefined;
      else this.logger.warn({ lease: name, ...errorFields(error) }, "lease request failed");
      return false;
    }
  }

  private async release(): Promise<void> {
    const { leases, name } = this.options;
    const lease = this.lease;
    if (!lease?.spec || !this.isOurs()) return;
    try {
      const body = { metadata: lease.metadata, spec: releasedLease(lease.spec, this.clock.now()) };
      this.lease = await leases.replace(body, AbortSignal.timeout(this.renewDeadlineMs));
      this.logger.info({ lease: name, identity: this.identity }, "released the lease");
    } catch (error) {
      // The lease then simply expires; a standby takes over a little later.
      this.logger.warn({ lease: name, ...errorFields(error) }, "could not release the lease");
    }
  }

  private isOurs(): boolean {
    return this.lease?.spec?.holderIdentity === this.identity;
  }

  private observe(holder: string, lease: Lease | undefined): void {
    if (holder !== this.identity) this.lease = lease;
    if (holder === this.observedHolder) return;
    this.observedHolder = holder;
    this.logger.info({ lease: this.options.name, holder }, "observed a new leader");
    if (holder) this.options.onNewLeader?.(holder);
  }

  private setLeading(leading: boolean): void {
    this.leading = leading;
    this.status?.set({ name: this.options.name }, leading ? 1 : 0);
  }

  private leaseSeconds(): number {
    return Math.max(1, Math.ceil(this.leaseDurationMs / 1000));
  }
}

function leaderGauge(registry: Registry): Gauge<"name"> {
  const name = "leader_election_master_status";
  return (
    (registry.getSingleMetric(name) as Gauge<"name"> | undefined) ??
    new Gauge({
      name,
      help: "1 while this replica leads the named lease",
      labelNames: ["name"],
      registers: [registry],
    })
  );
}
