// Pod Security admission (in the default admission chain) enforces the `restricted` profile
// on a labelled namespace: the charts' pods must pass it, privileged ones never do.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CoreV1Api, type V1Pod } from "@kubernetes/client-node";
import {
  adminConfig,
  createNamespace,
  deleteNamespace,
  expectRejection,
  uniqueName,
} from "../support/kube.ts";

const pod = (
  name: string,
  container: NonNullable<V1Pod["spec"]>["containers"][number],
  podSecurity = {},
): V1Pod => ({
  metadata: { name },
  spec: { securityContext: podSecurity, containers: [container] },
});

describe("Pod Security admission, restricted profile", () => {
  const core = adminConfig().makeApiClient(CoreV1Api);
  const namespace = uniqueName("psa");

  beforeAll(async () => {
    await createNamespace(core, namespace, {
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "latest",
    });
  });
  afterAll(async () => {
    await deleteNamespace(core, namespace);
  });

  it("rejects a privileged pod, naming the violations", async () => {
    const rejection = await expectRejection(
      core.createNamespacedPod({
        namespace,
        body: pod("privileged", {
          name: "c",
          image: "registry.example/app:1",
          securityContext: { privileged: true },
        }),
      }),
    );
    expect(rejection.code).toBe(403);
    expect(rejection.message).toContain('violates PodSecurity "restricted:latest"');
    expect(rejection.message).toContain("privileged");
  });

  it("admits a compliant pod", async () => {
    const created = await core.createNamespacedPod({
      namespace,
      body: pod(
        "compliant",
        {
          name: "c",
          image: "registry.example/app:1",
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
          },
        },
        { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
      ),
    });
    expect(created.metadata?.uid).toBeTruthy();
  });
});
