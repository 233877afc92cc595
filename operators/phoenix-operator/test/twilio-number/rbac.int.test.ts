// Least privilege, checked against the real authorizer with the operator's own ServiceAccount
// token (the identity every other test in this folder runs the operator with, which shows that
// what it needs is granted): what it must never do is refused with 403.
import { beforeAll, describe, expect, it } from "vitest";
import { KubeConfig } from "@kubernetes/client-node";
import { twilioNumberResource } from "@phoenix/crds/twilio-number";
import { eventually } from "../../../../test/support/kube.ts";
import { managedByLabel } from "../../src/key-rotation/plan.ts";
import { KubeClient, statusCodeOf } from "@phoenix/kube/kube-client";
import type { KubeObject } from "@phoenix/kube/kube-client";
import type { OperatorEnvironment } from "../harness.ts";
import { admin, createTwilioNumber, setupTwilioNumberEnvironment } from "./probes.ts";

const secrets = { group: "", version: "v1", plural: "secrets" };
const namespaces = { group: "", version: "v1", plural: "namespaces", namespaced: false };
const clusterRoles = {
  group: "rbac.authorization.k8s.io",
  version: "v1",
  plural: "clusterroles",
  namespaced: false,
};
const leases = { group: "coordination.k8s.io", version: "v1", plural: "leases" };
const pods = { group: "", version: "v1", plural: "pods" };

describe("the operator's RBAC", () => {
  let env: OperatorEnvironment;
  let operator: KubeClient;

  beforeAll(async () => {
    env = await setupTwilioNumberEnvironment("twn-rbac");
    return () => env.teardown();
  });
  beforeAll(() => {
    const kc = new KubeConfig();
    kc.loadFromFile(env.kubeconfig);
    operator = new KubeClient(kc);
  });

  /** The HTTP status the API server answers the operator's identity with (200 when allowed). */
  const status = (request: Promise<unknown>): Promise<number | undefined> =>
    request.then(
      () => 200,
      (error: unknown) => statusCodeOf(error),
    );

  it("lets it read and patch TwilioNumbers, and its Lease", async () => {
    await createTwilioNumber(env, "mine");
    const ref = { namespace: env.namespace, name: "mine" };
    expect(await status(operator.get(twilioNumberResource, ref))).toBe(200);
    expect(await status(operator.list(twilioNumberResource, { namespace: env.namespace }))).toBe(200);
    expect(await status(operator.list(twilioNumberResource))).toBe(200); // every namespace
    expect(await status(operator.get(leases, { namespace: env.namespace, name: "absent" }))).toBe(404);
  });

  it("refuses with 403 what it must never do", async () => {
    const ns = env.namespace;
    const refused = {
      // Secrets: it writes its key sets by name, never reads them in bulk.
      "list secrets in its namespace": operator.list(secrets, { namespace: ns }),
      "list secrets cluster-wide": operator.list(secrets),
      "list secrets in kube-system": operator.list(secrets, { namespace: "kube-system" }),
      "delete a secret": operator.delete(secrets, { namespace: ns, name: "anything" }),
      "delete a namespace": operator.delete(namespaces, { name: ns }),
      "create a ClusterRole": operator.create(clusterRoles, {
        metadata: { name: `escalate-${ns}` },
        rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }],
      } as KubeObject),
      "create a TwilioNumber (users and the API do)": operator.create(twilioNumberResource, {
        apiVersion: "phoenix.dev/v1alpha1",
        kind: "TwilioNumber",
        metadata: { name: "forged", namespace: ns },
        spec: { userId: "forged" },
      } as KubeObject),
      "delete a TwilioNumber": operator.delete(twilioNumberResource, { namespace: ns, name: "mine" }),
      "take a Lease outside its namespace": operator.get(leases, {
        namespace: "kube-system",
        name: "phoenix-operator",
      }),
      "create a Pod": operator.create(pods, {
        metadata: { name: "shell", namespace: ns },
        spec: { containers: [{ name: "sh", image: "busybox" }] },
      } as KubeObject),
    };
    const whats = Object.keys(refused);
    const codes = await Promise.all(Object.values(refused).map(status));
    const answers = Object.fromEntries(
      whats.map((what, i): [string, number | undefined] => [what, codes[i]]),
    );
    expect(answers).toEqual(Object.fromEntries(Object.keys(refused).map((what) => [what, 403])));
  });

  it("writes only the Secrets of KeyRotations (admission policy): RBAC cannot narrow Secrets by label", async () => {
    const ns = env.namespace;
    const secret = (name: string, labels?: Record<string, string>) =>
      ({ apiVersion: "v1", kind: "Secret", metadata: { name, namespace: ns, labels } }) as KubeObject;
    // Someone else's Secret, in a namespace the operator works in.
    await admin.create(secrets, { ...secret("app-tls"), data: { "tls.key": "c2VjcmV0" } } as KubeObject);
    // The policy takes a moment to be loaded by the API server.
    await eventually("the Secret admission policy to be enforced", async () =>
      (await status(operator.create(secrets, secret("probe-unlabelled")))) === 403 ? true : undefined,
    );

    const foreign = await operator.get<KubeObject>(secrets, { namespace: ns, name: "app-tls" });
    const refused = {
      "create a Secret without the KeyRotation label": operator.create(secrets, secret("plain")),
      "overwrite a Secret no KeyRotation manages, even by adding the label": operator.replace(secrets, {
        ...foreign,
        metadata: { ...foreign.metadata, labels: { [managedByLabel]: "hijack" } },
      }),
    };
    const codes = await Promise.all(Object.values(refused).map(status));
    expect(Object.fromEntries(Object.keys(refused).map((what, i) => [what, codes[i]]))).toEqual(
      Object.fromEntries(Object.keys(refused).map((what) => [what, 403])),
    );

    // What KeyRotation needs still works: create its Secret, update it, but not hand it over.
    const own = await operator.create<KubeObject>(secrets, secret("jwt-keys", { [managedByLabel]: "jwt" }));
    const updated = { ...own, metadata: { ...own.metadata, annotations: { "phoenix.dev/revision": "2" } } };
    expect(await status(operator.replace(secrets, updated))).toBe(200);
    const current = await operator.get<KubeObject>(secrets, { namespace: ns, name: "jwt-keys" });
    const handedOver = {
      ...current,
      metadata: { ...current.metadata, labels: { [managedByLabel]: "other" } },
    };
    expect(await status(operator.replace(secrets, handedOver))).toBe(403);
  });
});
