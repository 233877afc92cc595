// Wires the runtime, the controllers and their dependencies into one operator process:
// reflectors and queues per controller, all started only while this replica holds the Lease.
import type { KubeConfig } from "@kubernetes/client-node";
import type { Static } from "typebox";
import { Counter, Gauge } from "prom-client";
import type { Registry } from "prom-client";
import { keyRotationResource } from "@phoenix/crds/key-rotation";
import type { KeyRotation } from "@phoenix/crds/key-rotation";
import { twilioNumberResource } from "@phoenix/crds/twilio-number";
import type { TwilioNumber } from "@phoenix/crds/twilio-number";
import { createTwilioClient } from "@phoenix/twilio";
import type { TwilioClient } from "@phoenix/twilio";
import type { operatorConfigSchema } from "./config.ts";
import { keyRotationReconciler } from "./key-rotation/reconcile.ts";
import { generateKey } from "./key-rotation/keys.ts";
import { systemClock } from "@phoenix/kube/clock";
import type { Clock } from "@phoenix/kube/clock";
import { runController, source } from "@phoenix/kube/controller";
import type { Reconciler } from "@phoenix/kube/controller";
import { EventRecorder } from "@phoenix/kube/events";
import { KubeClient } from "@phoenix/kube/kube-client";
import { loadKubeConfig } from "@phoenix/kube/kube-config";
import type { KubeObject, ResourceType } from "@phoenix/kube/kube-client";
import { resourceSource } from "@phoenix/kube/kube-watch";
import { LeaderElector, defaultIdentity } from "@phoenix/kube/leader";
import { kubeLeaseApi } from "@phoenix/kube/lease";
import { OwnWrites } from "@phoenix/kube/own-writes";
import type { RuntimeLogger } from "@phoenix/kube/logger";
import { objectKey } from "@phoenix/kube/object-store";
import { Reflector } from "@phoenix/kube/reflector";
import { TokenBucket } from "@phoenix/kube/token-bucket";
import { WorkQueue } from "@phoenix/kube/workqueue";
import { HeldNumbers } from "./twilio-number/number-claims.ts";
import { PriceList } from "./twilio-number/prices.ts";
import { keyRotationGauge, twilioNumberReadyGauge } from "./status-gauges.ts";
import { twilioNumberReconciler } from "./twilio-number/reconcile.ts";

export type OperatorConfig = Static<typeof operatorConfigSchema>;

export interface OperatorDeps {
  config: OperatorConfig;
  logger: RuntimeLogger;
  registry: Registry;
  /** Default: from KUBECONFIG, else in-cluster. */
  kubeConfig?: KubeConfig;
  clock?: Clock;
}

export interface Operator {
  /** Runs leader election and, while leading, the controllers; resolves once stopped. */
  run(signal: AbortSignal): Promise<void>;
  /** Ready when standing by, or leading with every cache synced. */
  ready(): boolean;
  isLeader(): boolean;
}

interface ControllerParts {
  name: string;
  reflector: Reflector<KubeObject>;
  reconcile: Reconciler;
  /** Watch events of these writes trigger no reconcile; default every event does. */
  ownWrites?: OwnWrites;
}

function twilioClient(config: OperatorConfig, registry: Registry): TwilioClient {
  const requests = new Counter({
    name: "twilio_requests_total",
    help: "Twilio REST calls by operation and result (HTTP status, or Twilio error code when present).",
    labelNames: ["operation", "code"],
    registers: [registry],
  });
  return createTwilioClient({
    accountSid: config.TWILIO_ACCOUNT_SID,
    username: config.TWILIO_API_KEY_SID ?? config.TWILIO_ACCOUNT_SID,
    password: config.TWILIO_AUTH_TOKEN,
    baseUrl: config.TWILIO_BASE_URL,
    pricingBaseUrl: config.TWILIO_PRICING_URL,
    timeoutMs: config.TWILIO_TIMEOUT_MS,
    onCall: (call) => {
      requests.inc({ operation: call.operation, code: String(call.code ?? call.status) });
    },
  });
}

/**
 * twilio_numbers_owned and twilio_monthly_cost_usd: the cached TwilioNumbers whose status has a
 * sid, and the sum of their recorded monthly prices (Twilio's Pricing API, per country), counted
 * as the reflector's events arrive (a scrape does not walk 10,000 objects).
 */
function ownershipGauges(registry: Registry, reflector: Reflector<TwilioNumber>): void {
  const priceOf = new Map<string, number>();
  const track = (tn: TwilioNumber) => {
    if (tn.status?.sid) priceOf.set(objectKey(tn), Number(tn.status.monthlyPrice ?? 0) || 0);
    else priceOf.delete(objectKey(tn));
  };
  reflector.addHandler({
    onAdd: track,
    onUpdate: (_previous, current) => {
      track(current);
    },
    onDelete: (tn) => priceOf.delete(objectKey(tn)),
  });
  new Gauge({
    name: "twilio_numbers_owned",
    help: "TwilioNumbers with a provisioned number.",
    registers: [registry],
    collect() {
      this.set(priceOf.size);
    },
  });
  new Gauge({
    name: "twilio_monthly_cost_usd",
    help: "Monthly rental of the provisioned numbers in USD, at the prices recorded in their status.",
    registers: [registry],
    collect() {
      let total = 0;
      for (const price of priceOf.values()) total += price;
      this.set(Math.round(total * 100) / 100);
    },
  });
}

function reflectorFor<T extends KubeObject>(
  deps: OperatorDeps,
  kube: KubeClient,
  type: ResourceType,
  name: string,
) {
  return new Reflector<T>({
    name,
    ...resourceSource<T>(kube, type, { namespace: deps.config.WATCH_NAMESPACE }),
    registry: deps.registry,
    logger: deps.logger,
    clock: deps.clock,
    watchTimeoutSeconds: {
      min: deps.config.WATCH_TIMEOUT_SECONDS,
      max: 2 * deps.config.WATCH_TIMEOUT_SECONDS,
    },
  });
}

function controllers(deps: OperatorDeps, kube: KubeClient): ControllerParts[] {
  const { config, registry } = deps;
  const clock = deps.clock ?? systemClock;
  const events = new EventRecorder({
    client: kube,
    controller: "phoenix.dev/phoenix-operator",
    instance: defaultIdentity(),
    logger: deps.logger,
    clock,
    registry,
  });
  const enabled = new Set(config.CONTROLLERS.split(",").map((c) => c.trim()));
  const parts: ControllerParts[] = [];
  if (enabled.has("twilionumber")) {
    const reflector = reflectorFor<TwilioNumber>(deps, kube, twilioNumberResource, "twilionumbers");
    ownershipGauges(registry, reflector);
    twilioNumberReadyGauge(registry, reflector);
    const held = new HeldNumbers();
    reflector.addHandler(held.handler());
    // The reconcile acts on the state its own writes produce; only others' changes and the
    // resync (drift repair) need another pass. KeyRotation keeps every event: it plans one
    // step per pass and is cheap to re-plan.
    const ownWrites = new OwnWrites(twilioNumberResource, { registry });
    ownWrites.watch(kube);
    const twilio = twilioClient(config, registry);
    const reconcile = twilioNumberReconciler({
      kube,
      twilio,
      prices: new PriceList({ twilio, clock }),
      twilioBucket: new TokenBucket({
        ratePerSecond: config.TWILIO_RATE_PER_SECOND,
        burst: config.TWILIO_BURST,
        clock,
      }),
      events,
      get: (key) => reflector.get(key),
      held,
      webhook: {
        publicBaseUrl: config.PUBLIC_BASE_URL,
        smsPath: config.SMS_WEBHOOK_PATH,
        statusPath: config.STATUS_CALLBACK_PATH,
      },
      clock,
    });
    parts.push({ name: "twilionumber", reflector: reflector, reconcile, ownWrites });
  }
  if (enabled.has("keyrotation")) {
    const reflector = reflectorFor<KeyRotation>(deps, kube, keyRotationResource, "keyrotations");
    keyRotationGauge(registry, reflector, clock);
    const reconcile = keyRotationReconciler({
      kube,
      events,
      get: (key) => reflector.get(key),
      clock,
      generateKey,
    });
    parts.push({ name: "keyrotation", reflector: reflector, reconcile });
  }
  return parts;
}

export function buildOperator(deps: OperatorDeps): Operator {
  const { config, registry, logger } = deps;
  const kube = new KubeClient(deps.kubeConfig ?? loadKubeConfig(config.KUBECONFIG));
  const parts = controllers(deps, kube);
  const elector = new LeaderElector({
    leases: kubeLeaseApi(kube),
    namespace: config.LEADER_ELECTION_NAMESPACE,
    name: config.LEADER_ELECTION_LEASE,
    leaseDurationMs: config.LEASE_DURATION_MS,
    renewDeadlineMs: config.RENEW_DEADLINE_MS,
    retryPeriodMs: config.RETRY_PERIOD_MS,
    registry,
    logger,
    clock: deps.clock,
    onStartedLeading: async (signal) => {
      await Promise.all(
        parts.map(({ name, reflector, reconcile, ownWrites }) =>
          runController(
            {
              name,
              sources: [source(reflector, { ownWrites })],
              queue: new WorkQueue({ name, registry, concurrency: config.CONCURRENCY, clock: deps.clock }),
              reconcile,
              resyncPeriodMs: config.RESYNC_PERIOD_MS,
              registry,
              logger,
            },
            signal,
          ),
        ),
      );
    },
  });
  return {
    run: (signal) => elector.run(signal),
    isLeader: () => elector.isLeader(),
    ready: () => !elector.isLeader() || parts.every((p) => p.reflector.hasSynced()),
  };
}
