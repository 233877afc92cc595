// RBAC is enforced by the real authorizer: a ServiceAccount token is refused until a Role and
// RoleBinding grant the permission.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CoreV1Api, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import {
  adminConfig,
  createNamespace,
  deleteNamespace,
  eventually,
  expectRejection,
  tokenConfig,
  uniqueName,
} from "../support/kube.ts";

describe("RBAC on the real API server", () => {
  const admin = adminConfig();
  const core = admin.makeApiClient(CoreV1Api);
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  const namespace = uniqueName("rbac");
  let saCore: CoreV1Api;

  beforeAll(async () => {
    await createNamespace(core, namespace);
    await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: "reader" } } });
    const tokenRequest = await core.createNamespacedServiceAccountToken({
      name: "reader",
      namespace,
      body: { spec: { audiences: ["https://kubernetes.default.svc.cluster.local"], expirationSeconds: 600 } },
    });
    const token = tokenRequest.status?.token;
    if (!token) throw new Error("TokenRequest returned no token");
    saCore = tokenConfig(token).makeApiClient(CoreV1Api);
  });

  afterAll(async () => {
    await deleteNamespace(core, namespace);
  });

  it("refuses a ServiceAccount without a permission with 403 naming the identity", async () => {
    const rejection = await expectRejection(saCore.listNamespacedConfigMap({ namespace }));
    expect(rejection.code).toBe(403);
    expect(rejection.message).toContain(`system:serviceaccount:${namespace}:reader`);
    expect(rejection.message).toContain('cannot list resource "configmaps"');
  });

  it("allows the same request once a Role and RoleBinding grant it, and nothing more", async () => {
    await rbac.createNamespacedRole({
      namespace,
      body: {
        metadata: { name: "configmap-reader" },
        rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list"] }],
      },
    });
    await rbac.createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name: "reader-configmaps" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "configmap-reader" },
        subjects: [{ kind: "ServiceAccount", name: "reader", namespace }],
      },
    });
    const list = await eventually("the RoleBinding to take effect", async () =>
      saCore.listNamespacedConfigMap({ namespace }),
    );
    expect(Array.isArray(list.items)).toBe(true);
    const stillForbidden = await expectRejection(saCore.listNamespacedSecret({ namespace }));
    expect(stillForbidden.code).toBe(403);
  });
});
