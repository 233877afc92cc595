// The user's dedicated number is a TwilioNumber custom resource (architecture §3): the API only
// creates, reads and deletes it with its own ServiceAccount (RBAC: twilionumbers only); the
// operator buys, configures and releases the number at Twilio. One per user, by a deterministic
// name, so a retried activation can never create a second one.
import { ApiException, CustomObjectsApi, KubeConfig } from "@kubernetes/client-node";
import { twilioNumberResource } from "@phoenix/crds";
import type { TwilioNumber } from "@phoenix/crds";

export interface NumberClientOptions {
  namespace: string;
  /** A kubeconfig file; default in-cluster ServiceAccount, or $KUBECONFIG / ~/.kube/config. */
  kubeconfig?: string;
}

export interface NumberRequest {
  areaCode?: string;
  countryCode?: string;
}

export type NumberState = "provisioning" | "ready" | "failed" | "releasing";

export interface NumberView {
  name: string;
  namespace: string;
  state: NumberState;
  phoneNumber: string | null;
  reason: string | null;
  message: string | null;
  createdAt: string | null;
}

export interface NumberClient {
  /** Creates the user's TwilioNumber, or returns the existing one (created: false). */
  create(userId: string, request: NumberRequest): Promise<{ created: boolean; number: NumberView }>;
  get(userId: string): Promise<NumberView | undefined>;
  /** Deletes it (the operator releases the number through its finalizer); false if there was none. */
  delete(userId: string): Promise<boolean>;
}

export const numberName = (userId: string): string => `user-${userId}`;

const { group, version, plural } = twilioNumberResource;

// The operator's terminal condition reasons (operators/phoenix-operator, decisions.ts): no retry
// happens until the spec changes, so the user is told it failed rather than "provisioning".
const terminalReasons = new Set([
  "NoNumbersAvailable",
  "NumberNotAvailable",
  "InvalidNumber",
  "TwilioRejected",
]);

const statusCode = (err: unknown): number | undefined => (err instanceof ApiException ? err.code : undefined);

/** What a user sees of the resource: its phase from deletion and the Ready condition. */
function stateOf(resource: TwilioNumber, ready: { status: string; reason: string } | undefined): NumberState {
  if (resource.metadata.deletionTimestamp) return "releasing";
  if (ready?.status === "True") return "ready";
  if (ready?.status === "False" && terminalReasons.has(ready.reason)) return "failed";
  return "provisioning";
}

export function viewOf(resource: TwilioNumber): NumberView {
  const { metadata, status } = resource;
  const ready = status?.conditions?.find((condition) => condition.type === "Ready");
  return {
    name: metadata.name ?? "",
    namespace: metadata.namespace ?? "",
    state: stateOf(resource, ready),
    phoneNumber: status?.phoneNumber ?? null,
    reason: ready?.reason ?? null,
    message: ready?.message ?? null,
    createdAt: metadata.creationTimestamp ? new Date(metadata.creationTimestamp).toISOString() : null,
  };
}

export function createNumberClient(options: NumberClientOptions): NumberClient {
  const kc = new KubeConfig();
  if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
  else kc.loadFromDefault();
  const api = kc.makeApiClient(CustomObjectsApi);
  const { namespace } = options;

  async function get(userId: string): Promise<NumberView | undefined> {
    try {
      const resource = (await api.getNamespacedCustomObject({
        group,
        version,
        namespace,
        plural,
        name: numberName(userId),
      })) as TwilioNumber;
      return viewOf(resource);
    } catch (err) {
      if (statusCode(err) === 404) return undefined;
      throw err;
    }
  }

  return {
    get,
    async create(userId, request) {
      const body = {
        apiVersion: `${group}/${version}`,
        kind: "TwilioNumber",
        metadata: { name: numberName(userId), namespace, labels: { "phoenix.dev/user-id": userId } },
        spec: { userId, ...request },
      };
      try {
        const created = (await api.createNamespacedCustomObject({
          group,
          version,
          namespace,
          plural,
          body,
        })) as TwilioNumber;
        return { created: true, number: viewOf(created) };
      } catch (err) {
        if (statusCode(err) !== 409) throw err;
        const existing = await get(userId);
        if (!existing) throw err;
        return { created: false, number: existing };
      }
    },
    async delete(userId) {
      try {
        await api.deleteNamespacedCustomObject({
          group,
          version,
          namespace,
          plural,
          name: numberName(userId),
        });
        return true;
      } catch (err) {
        if (statusCode(err) === 404) return false;
        throw err;
      }
    },
  };
}
