// Keeps every other phoenix-operator out of a test's namespace. `make demo` leaves the
// platform's operator running, watching all namespaces with its own ServiceAccount
// (phoenix-system/phoenix-operator); it would reconcile the test's resources alongside the
// operator under test, and a test counting rotations or rollouts would count both. A
// ValidatingAdmissionPolicy refuses writes in the namespace by any ServiceAccount named
// phoenix-operator except the namespace's own, so only the operator under test acts there.
import {
  AdmissionregistrationV1Api,
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
} from "@kubernetes/client-node";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Installs the policy and its binding; resolves to the function that removes them. */
export async function isolateNamespace(kc: KubeConfig, namespace: string): Promise<() => Promise<void>> {
  const api = kc.makeApiClient(AdmissionregistrationV1Api);
  const name = `phoenix-test-isolation-${namespace}`;
  const own = `system:serviceaccount:${namespace}:phoenix-operator`;
  await api.createValidatingAdmissionPolicy({
    body: {
      metadata: { name },
      spec: {
        failurePolicy: "Fail",
        matchConstraints: {
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } },
          resourceRules: [
            {
              apiGroups: ["*"],
              apiVersions: ["*"],
              operations: ["CREATE", "UPDATE", "DELETE"],
              resources: ["*/*"],
            },
          ],
        },
        matchConditions: [
          {
            name: "another-phoenix-operator",
            expression: `request.userInfo.username.matches('^system:serviceaccount:[^:]+:phoenix-operator$') && request.userInfo.username != '${own}'`,
          },
        ],
        validations: [
          {
            expression: "false",
            message: `namespace ${namespace} belongs to an integration test and its own operator`,
            reason: "Forbidden",
          },
        ],
      },
    },
  });
  await api.createValidatingAdmissionPolicyBinding({
    body: { metadata: { name }, spec: { policyName: name, validationActions: ["Deny"] } },
  });
  await untilEnforced(kc, namespace);
  return async () => {
    await api.deleteValidatingAdmissionPolicyBinding({ name }).catch(() => undefined);
    await api.deleteValidatingAdmissionPolicy({ name }).catch(() => undefined);
  };
}

/**
 * The API server loads policies asynchronously: probe until a stand-in foreign operator (an
 * impersonated ServiceAccount allowed to edit the namespace) is refused a dry-run write.
 */
async function untilEnforced(kc: KubeConfig, namespace: string): Promise<void> {
  const probeUser = "system:serviceaccount:isolation-probe:phoenix-operator";
  await kc.makeApiClient(RbacAuthorizationV1Api).createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name: "isolation-probe" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: probeUser }],
    },
  });
  const probe = new KubeConfig();
  probe.loadFromOptions({
    clusters: kc.clusters,
    users: [{ ...kc.getCurrentUser()!, name: "probe", impersonateUser: probeUser }],
    contexts: [{ name: "probe", cluster: kc.getCurrentCluster()!.name, user: "probe" }],
    currentContext: "probe",
  });
  const core = probe.makeApiClient(CoreV1Api);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const refused = await core
      .createNamespacedConfigMap({
        namespace,
        dryRun: "All",
        body: { metadata: { name: "isolation-probe" } },
      })
      .then(
        () => false,
        (error: unknown) =>
          String((error as { body?: unknown }).body).includes("belongs to an integration test"),
      );
    if (refused) return;
    if (Date.now() > deadline) throw new Error(`the isolation policy for ${namespace} is not enforced`);
    await sleep(200);
  }
}
