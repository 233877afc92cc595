// Manual key rotation: an admin asks the operator to rotate a key set now by setting the
// KeyRotation's phoenix.dev/rotate annotation (the operator rotates once per distinct value). The
// API's ServiceAccount may get, list and patch KeyRotations, nothing more (chart apiGrants).
import {
  ApiException,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from "@kubernetes/client-node";
import { HttpError } from "@phoenix/kernel/http";
import { keyRotationResource, rotateAnnotation } from "@phoenix/crds";

export interface KeyRotationClient {
  /** Sets the trigger annotation of KeyRotation `name`; returns the value set. */
  trigger(name: string): Promise<string>;
}

export function createKeyRotationClient(options: {
  namespace: string;
  kubeconfig?: string;
}): KeyRotationClient {
  const kc = new KubeConfig();
  if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
  else kc.loadFromDefault();
  const api = kc.makeApiClient(CustomObjectsApi);
  const { group, version, plural } = keyRotationResource;
  return {
    async trigger(name) {
      const value = new Date().toISOString();
      try {
        await api.patchNamespacedCustomObject(
          {
            group,
            version,
            plural,
            namespace: options.namespace,
            name,
            body: { metadata: { annotations: { [rotateAnnotation]: value } } },
          },
          setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
        );
      } catch (err) {
        if (err instanceof ApiException && err.code === 404) {
          throw new HttpError(404, "no_key_rotation", `no KeyRotation ${name} in ${options.namespace}`);
        }
        throw err;
      }
      return value;
    },
  };
}
