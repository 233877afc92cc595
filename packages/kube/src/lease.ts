// coordination.k8s.io/v1 Leases: the record leader election keeps, the pure rule for who may
// hold it, and the API calls (raw JSON, so renewTime keeps the microsecond format it needs).
import { microTime, statusCodeOf } from "./kube-client.ts";
import type { KubeClient, KubeObject, ResourceType } from "./kube-client.ts";

export const leaseType: ResourceType = { group: "coordination.k8s.io", version: "v1", plural: "leases" };

/** The RBAC rule a process needs in the Lease's namespace to take part in leader election. */
export const leaderElectionRule = {
  apiGroups: [leaseType.group],
  resources: [leaseType.plural],
  verbs: ["get", "create", "update"],
};

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

/** The Lease calls leader election makes; conflicts reject with an error whose code is 409. */
export interface LeaseApi {
  /** Resolves undefined when the Lease does not exist. */
  get(namespace: string, name: string, signal: AbortSignal): Promise<Lease | undefined>;
  create(lease: Lease, signal: AbortSignal): Promise<Lease>;
  /** Fails with 409 unless `lease.metadata.resourceVersion` is the current one. */
  replace(lease: Lease, signal: AbortSignal): Promise<Lease>;
}

export function kubeLeaseApi(client: KubeClient): LeaseApi {
  return {
    async get(namespace, name, signal) {
      try {
        return await client.get<Lease>(leaseType, { namespace, name }, signal);
      } catch (error) {
        if (statusCodeOf(error) === 404) return undefined;
        throw error;
      }
    },
    create: (lease, signal) => client.create(leaseType, withKind(lease), signal),
    replace: (lease, signal) => client.replace(leaseType, withKind(lease), signal),
  };
}

function withKind(lease: Lease): Lease {
  return { ...lease, apiVersion: "coordination.k8s.io/v1", kind: "Lease" };
}

/** True when nobody holds the lease: no holder, or the holder stopped renewing it in time. */
export function isLeaseFree(spec: LeaseSpec | undefined, now: number): boolean {
  if (!spec?.holderIdentity) return true;
  const renewed = Date.parse(spec.renewTime ?? spec.acquireTime ?? "");
  if (Number.isNaN(renewed)) return true;
  return renewed + (spec.leaseDurationSeconds ?? 0) * 1000 < now;
}

export type LeaseDecision = { action: "wait"; holder: string } | { action: "write"; spec: LeaseSpec };

/**
 * What `identity` should do about a lease at `now`: renew it (held by us), take it over
 * (absent, released or expired: a new acquireTime and one more transition), or wait.
 */
export function decideLease(
  current: LeaseSpec | undefined,
  identity: string,
  now: number,
  leaseDurationSeconds: number,
): LeaseDecision {
  const holder = current?.holderIdentity ?? "";
  const ours = holder === identity;
  if (!ours && !isLeaseFree(current, now)) return { action: "wait", holder };
  const transitions = current?.leaseTransitions ?? 0;
  return {
    action: "write",
    spec: {
      holderIdentity: identity,
      leaseDurationSeconds,
      acquireTime: ours && current?.acquireTime ? current.acquireTime : microTime(now),
      renewTime: microTime(now),
      // A fresh Lease starts at 0; every change of holder counts one transition.
      leaseTransitions: current === undefined ? 0 : ours ? transitions : transitions + 1,
    },
  };
}

/** The spec a leader writes when it steps down, so a standby can take over at once. */
export function releasedLease(current: LeaseSpec, now: number): LeaseSpec {
  return {
    ...current,
    holderIdentity: "",
    leaseDurationSeconds: 1,
    acquireTime: microTime(now),
    renewTime: microTime(now),
  };
}
