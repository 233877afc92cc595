// Manual key rotation: an admin asks the operator to rotate a key set now by setting the
// KeyRotation's phoenix.dev/rotate annotation (the operator rotates once per distinct value). The
// API's ServiceAccount may get, list and patch KeyRotations, nothing more (chart apiGrants).
import { PatchStrategy } from "@kubernetes/client-node";
import { HttpError } from "@phoenix/kernel/http";
import { keyRotationResource, rotateAnnotation } from "@phoenix/crds";
import { statusCodeOf } from "@phoenix/kube/kube-client";
import type { KubeClient } from "@phoenix/kube/kube-client";

export interface KeyRotationClient {
  /** Sets the trigger annotation of KeyRotation `name`; returns the value set. */
  trigger(name: string): Promise<string>;
}

export function createKeyRotationClient(kube: KubeClient, namespace: string): KeyRotationClient {
  return {
    async trigger(name) {
      const value = new Date().toISOString();
      try {
        await kube.patch(
          keyRotationResource,
          { namespace, name },
          {
            strategy: PatchStrategy.MergePatch,
            body: { metadata: { annotations: { [rotateAnnotation]: value } } },
          },
        );
      } catch (err) {
        if (statusCodeOf(err) === 404) {
          throw new HttpError(404, "no_key_rotation", `no KeyRotation ${name} in ${namespace}`);
        }
        throw err;
      }
      return value;
    },
  };
}
