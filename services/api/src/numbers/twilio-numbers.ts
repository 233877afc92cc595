// The user's dedicated number is a TwilioNumber custom resource (architecture §3): the API only
// creates, reads and deletes it with its own ServiceAccount (RBAC: twilionumbers only); the
// operator buys, configures and releases the number at Twilio. One per user, by a deterministic
// name, so a retried activation can never create a second one.
import { twilioNumberResource } from "@phoenix/crds";
import type { NewTwilioNumber, TwilioNumber } from "@phoenix/crds";
import { statusCodeOf } from "@phoenix/kube/kube-client";
import type { KubeClient } from "@phoenix/kube/kube-client";

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

/** What the view reads of a TwilioNumber (a created one has no defaults typed in). */
type Viewed = Pick<TwilioNumber, "metadata" | "status">;

export const numberName = (userId: string): string => `user-${userId}`;

// The operator's terminal condition reasons (operators/phoenix-operator, decisions.ts): no retry
// happens until the spec changes, so the user is told it failed rather than "provisioning".
const terminalReasons = new Set([
  "NoNumbersAvailable",
  "NumberNotAvailable",
  "InvalidNumber",
  "TwilioRejected",
]);

/** What a user sees of the resource: its phase from deletion and the Ready condition. */
function stateOf(resource: Viewed, ready: { status: string; reason: string } | undefined): NumberState {
  if (resource.metadata.deletionTimestamp) return "releasing";
  if (ready?.status === "True") return "ready";
  if (ready?.status === "False" && terminalReasons.has(ready.reason)) return "failed";
  return "provisioning";
}

export function viewOf(resource: Viewed): NumberView {
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

export function createNumberClient(kube: KubeClient, namespace: string): NumberClient {
  const ref = (userId: string) => ({ namespace, name: numberName(userId) });

  async function get(userId: string): Promise<NumberView | undefined> {
    try {
      return viewOf(await kube.get<TwilioNumber>(twilioNumberResource, ref(userId)));
    } catch (err) {
      if (statusCodeOf(err) === 404) return undefined;
      throw err;
    }
  }

  return {
    get,
    async create(userId, request) {
      const body: NewTwilioNumber = {
        apiVersion: `${twilioNumberResource.group}/${twilioNumberResource.version}` as const,
        kind: "TwilioNumber",
        metadata: { ...ref(userId), labels: { "phoenix.dev/user-id": userId } },
        spec: { userId, ...request },
      };
      try {
        return { created: true, number: viewOf(await kube.create(twilioNumberResource, body)) };
      } catch (err) {
        if (statusCodeOf(err) !== 409) throw err;
        const existing = await get(userId);
        if (!existing) throw err;
        return { created: false, number: existing };
      }
    },
    async delete(userId) {
      try {
        await kube.delete(twilioNumberResource, ref(userId));
        return true;
      } catch (err) {
        if (statusCodeOf(err) === 404) return false;
        throw err;
      }
    },
  };
}
