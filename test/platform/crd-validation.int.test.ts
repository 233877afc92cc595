// The API server itself enforces a CRD's structural schema and CEL rules — the operator's CRDs
// rely on this, so prove it on the real server rather than trusting a fake.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiextensionsV1Api, CoreV1Api, CustomObjectsApi } from "@kubernetes/client-node";
import {
  adminConfig,
  createNamespace,
  deleteNamespace,
  eventually,
  expectRejection,
  uniqueName,
} from "../support/kube.ts";

const group = "platform-tests.phoenix.dev";
const plural = "widgets";
const crdName = `${plural}.${group}`;

const crd = {
  metadata: { name: crdName },
  spec: {
    group,
    scope: "Namespaced",
    names: { plural, singular: "widget", kind: "Widget" },
    versions: [
      {
        name: "v1alpha1",
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: "object",
            properties: {
              spec: {
                type: "object",
                required: ["userId", "minReplicas", "maxReplicas"],
                properties: {
                  userId: { type: "string", minLength: 1 },
                  minReplicas: { type: "integer", minimum: 0 },
                  maxReplicas: { type: "integer" },
                },
                x_kubernetes_validations: [
                  {
                    rule: "self.minReplicas <= self.maxReplicas",
                    message: "minReplicas must not exceed maxReplicas",
                  },
                  { rule: "self.userId == oldSelf.userId", message: "userId is immutable" },
                ],
              },
            },
          },
        },
      },
    ],
  },
};

describe("CRD validation on the real API server", () => {
  const kc = adminConfig();
  const extensions = kc.makeApiClient(ApiextensionsV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const objects = kc.makeApiClient(CustomObjectsApi);
  const namespace = uniqueName("crd");
  const widget = (name: string, spec: Record<string, unknown>) => ({
    group,
    version: "v1alpha1",
    namespace,
    plural,
    body: { apiVersion: `${group}/v1alpha1`, kind: "Widget", metadata: { name }, spec },
  });

  beforeAll(async () => {
    await extensions.createCustomResourceDefinition({ body: crd }).catch(async () => {
      const current = await extensions.readCustomResourceDefinition({ name: crdName });
      const resourceVersion = current.metadata?.resourceVersion;
      await extensions.replaceCustomResourceDefinition({
        name: crdName,
        body: {
          ...crd,
          metadata: { ...crd.metadata, ...(resourceVersion !== undefined && { resourceVersion }) },
        },
      });
    });
    await eventually("CRD established", async () => {
      const current = await extensions.readCustomResourceDefinition({ name: crdName });
      return current.status?.conditions?.some((c) => c.type === "Established" && c.status === "True")
        ? true
        : undefined;
    });
    await createNamespace(core, namespace);
  });

  afterAll(async () => {
    await deleteNamespace(core, namespace);
  });

  it("rejects a field of the wrong type with the structural schema's message", async () => {
    const rejection = await expectRejection(
      objects.createNamespacedCustomObject(
        widget("bad-type", { userId: "u1", minReplicas: "three", maxReplicas: 1 }),
      ),
    );
    expect(rejection.code).toBe(422);
    expect(rejection.message).toMatch(
      /spec\.minReplicas: Invalid value: "string": spec\.minReplicas in body must be of type integer/,
    );
  });

  it("rejects an object breaking a CEL rule with the rule's message", async () => {
    const rejection = await expectRejection(
      objects.createNamespacedCustomObject(
        widget("bad-cel", { userId: "u1", minReplicas: 5, maxReplicas: 1 }),
      ),
    );
    expect(rejection.code).toBe(422);
    expect(rejection.message).toContain("minReplicas must not exceed maxReplicas");
  });

  it("admits a valid object and enforces a transition rule on update", async () => {
    await objects.createNamespacedCustomObject(
      widget("good", { userId: "u1", minReplicas: 1, maxReplicas: 3 }),
    );
    const rejection = await expectRejection(
      objects.patchNamespacedCustomObject({
        group,
        version: "v1alpha1",
        namespace,
        plural,
        name: "good",
        body: [{ op: "replace", path: "/spec/userId", value: "u2" }],
      }),
    );
    expect(rejection.code).toBe(422);
    expect(rejection.message).toContain("userId is immutable");
  });
});
