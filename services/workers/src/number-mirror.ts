// Who owns which number: the router resolves `To` → user from Postgres (phone_numbers), and this
// controller keeps that table equal to the TwilioNumber CRs' status (docs/decisions/0007, 0045):
// a number is active exactly while its CR exists, is not being deleted, and is Ready with a phone
// number for a user of ours.
//
// It runs on the shared controller runtime (@phoenix/kube): one writer (the replica holding the
// Lease), one reconcile per CR at a time, failures retried with backoff, and every CR re-read
// from the cache and re-applied on each resync. The reconcile is level-based: it reads the CR's
// current state from the cache, never an event, so a late or repeated event cannot undo a newer
// state, and a write lost to a database outage is redone by the retry or the next resync.
import type { Registry } from "prom-client";
import type { TwilioNumber } from "@phoenix/crds/twilio-number";
import { twilioNumberResource } from "@phoenix/crds/twilio-number";
import { runController, source } from "@phoenix/kube/controller";
import { KubeClient } from "@phoenix/kube/kube-client";
import { resourceSource } from "@phoenix/kube/kube-watch";
import { LeaderElector } from "@phoenix/kube/leader";
import { kubeLeaseApi } from "@phoenix/kube/lease";
import type { RuntimeLogger } from "@phoenix/kube/logger";
import { Reflector } from "@phoenix/kube/reflector";
import { WorkQueue } from "@phoenix/kube/workqueue";
import type { KubeConfig } from "@kubernetes/client-node";
import { withSystem } from "@phoenix/store";
import type { Tx } from "@phoenix/store";
import type pg from "pg";

export interface NumberMirrorOptions {
  pool: pg.Pool;
  kubeConfig: KubeConfig;
  registry: Registry;
  logger: RuntimeLogger;
  /** Whose TwilioNumbers are mirrored; unset: every namespace. */
  namespace?: string;
  /** The Lease that elects the one writer among the workers replicas. */
  lease: {
    namespace: string;
    name: string;
    durationMs?: number;
    renewDeadlineMs?: number;
    retryPeriodMs?: number;
  };
  /** Every CR is applied again this often; default 5 minutes. */
  resyncPeriodMs?: number;
  /** Default: $POD_NAME, else hostname-pid. */
  identity?: string;
}

export interface NumberMirror {
  /** True while this replica writes (it holds the Lease and its cache has synced). */
  leading(): boolean;
  close(): Promise<void>;
}

export type MirrorOutcome = "active" | "inactive" | "unknown_user";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isReady = (tn: TwilioNumber): boolean =>
  tn.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

/** The number a CR makes routable: Ready, not being deleted, with a phone number; else none. */
export function routableNumber(tn: TwilioNumber | undefined): string | undefined {
  if (!tn || tn.metadata.deletionTimestamp || !isReady(tn)) return undefined;
  return tn.status?.phoneNumber || undefined;
}

async function deactivate(tx: Tx, source: string): Promise<void> {
  await tx.query("UPDATE phone_numbers SET active = false, updated_at = now() WHERE source = $1 AND active", [
    source,
  ]);
}

async function activate(tx: Tx, source: string, tn: TwilioNumber, phone: string): Promise<MirrorOutcome> {
  const userId = tn.spec.userId;
  const user = UUID.test(userId) ? await tx.query("SELECT 1 FROM users WHERE id = $1", [userId]) : null;
  if (!user?.rowCount) {
    await deactivate(tx, source);
    return "unknown_user";
  }
  // A user has one active number: a replacement retires the previous one first.
  await tx.query("UPDATE phone_numbers SET active = false WHERE user_id = $1 AND e164 <> $2 AND active", [
    userId,
    phone,
  ]);
  // The same number under another CR before (deleted and re-created): this CR owns it now.
  await tx.query(
    `INSERT INTO phone_numbers (user_id, e164, twilio_sid, source, monthly_price, active)
     VALUES ($1, $2, $3, $4, $5, true)
     ON CONFLICT (e164) DO UPDATE SET user_id = EXCLUDED.user_id, twilio_sid = EXCLUDED.twilio_sid,
       source = EXCLUDED.source, monthly_price = EXCLUDED.monthly_price, active = true, updated_at = now()`,
    [userId, phone, tn.status?.sid ?? null, source, tn.status?.monthlyPrice ?? null],
  );
  // Any other number this CR routed before (its status changed number) stops routing.
  await tx.query(
    "UPDATE phone_numbers SET active = false, updated_at = now() WHERE source = $1 AND e164 <> $2 AND active",
    [source, phone],
  );
  return "active";
}

/**
 * Makes phone_numbers agree with the CR `source` (namespace/name) in its current state, or with
 * its absence (`tn` undefined). Idempotent, one transaction.
 */
export function mirrorNumber(
  pool: pg.Pool,
  source: string,
  tn: TwilioNumber | undefined,
): Promise<MirrorOutcome> {
  return withSystem(pool, async (tx) => {
    const phone = routableNumber(tn);
    if (!tn || !phone) {
      await deactivate(tx, source);
      return "inactive";
    }
    return activate(tx, source, tn, phone);
  });
}

/** Runs the mirror while this replica holds the Lease; campaigns again after losing it. */
export function startNumberMirror(options: NumberMirrorOptions): NumberMirror {
  const { pool, registry, logger, namespace, lease } = options;
  const kube = new KubeClient(options.kubeConfig);
  const stop = new AbortController();
  let reflector: Reflector<TwilioNumber> | undefined;

  const mirror = async (signal: AbortSignal): Promise<void> => {
    // A fresh cache and queue per term: nothing from a previous term is trusted.
    const cache = new Reflector<TwilioNumber>({
      name: "number-mirror",
      ...resourceSource<TwilioNumber>(kube, twilioNumberResource, namespace ? { namespace } : {}),
      registry,
      logger,
    });
    reflector = cache;
    await runController(
      {
        name: "number-mirror",
        sources: [source(cache)],
        queue: new WorkQueue({
          name: "number-mirror",
          registry,
          concurrency: 4,
          // A database outage fails every key at once: retry soon after it ends, not minutes
          // later. The per-key backoff spreads the retries; the global retry limit (made for
          // rate-limited APIs, 10/s by default) would queue a 500-key outage for minutes.
          backoff: { baseMs: 200, capMs: 10_000 },
          retryRate: { ratePerSecond: 200, burst: 1_000 },
        }),
        reconcile: async (key) => {
          const outcome = await mirrorNumber(pool, key, cache.get(key));
          logger.debug({ source: key, outcome }, "number mirrored");
        },
        resyncPeriodMs: options.resyncPeriodMs ?? 300_000,
        registry,
        logger,
      },
      signal,
    );
  };

  let elector: LeaderElector | undefined;
  const campaign = async (): Promise<void> => {
    while (!stop.signal.aborted) {
      elector = new LeaderElector({
        leases: kubeLeaseApi(kube),
        namespace: lease.namespace,
        name: lease.name,
        ...(lease.durationMs && { leaseDurationMs: lease.durationMs }),
        ...(lease.renewDeadlineMs && { renewDeadlineMs: lease.renewDeadlineMs }),
        ...(lease.retryPeriodMs && { retryPeriodMs: lease.retryPeriodMs }),
        ...(options.identity && { identity: options.identity }),
        registry,
        logger,
        onStartedLeading: mirror,
      });
      await elector.run(stop.signal);
      reflector = undefined;
    }
  };
  const running = campaign();
  return {
    leading: () => (elector?.isLeader() ?? false) && (reflector?.hasSynced() ?? false),
    close: async () => {
      stop.abort();
      await running;
    },
  };
}
