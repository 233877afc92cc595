// rolloutTargets with the real operator process and the real controller-manager: a Deployment
// listed as a target gets one new pod-template hash — hence one new ReplicaSet — per real change
// of the key set (created, key staged, key pruned) and none on promotion; a roll that failed is
// retried before the staged key starts signing.
import { beforeAll, describe, expect, it } from "vitest";
import { AppsV1Api } from "@kubernetes/client-node";
import type { V1Deployment } from "@kubernetes/client-node";
import { adminConfig, eventually } from "../../../../test/support/kube.ts";
import { startOperator } from "../harness.ts";
import { scrape } from "../twilio-number/probes.ts";
import type { OperatorEnvironment, OperatorProcess } from "../harness.ts";
import { projectSecret } from "../secret-projector.ts";
import type { SecretProjection } from "../secret-projector.ts";
import {
  fastHmacPolicy,
  countReasons,
  eventsAbout,
  keyRotation,
  keyRotationApi,
  documentOf,
  second,
  operatorClusterRole,
  revisions,
  setupKeyRotationEnvironment,
} from "./support.ts";

const name = "webhook-hmac";
const target = "sms-router";
const hashAnnotation = "phoenix.dev/keyset-hash";

/** A Deployment the kwok nodes can run (no real containers start). */
function deployment(): V1Deployment {
  const labels = { app: target };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: target },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: { type: "kwok" },
          containers: [{ name: "router", image: "registry.local/phoenix/sms-router:test" }],
        },
      },
    },
  };
}

describe("KeyRotation rolloutTargets", () => {
  const admin = adminConfig();
  const apps = admin.makeApiClient(AppsV1Api);
  let env: OperatorEnvironment;
  let operator: OperatorProcess;
  let secret: SecretProjection;

  beforeAll(async () => {
    env = await setupKeyRotationEnvironment(admin, "keyrot-rollout");
    return () => env.teardown();
  });
  beforeAll(async () => {
    operator = await startOperator(env, { CONTROLLERS: "keyrotation" });
    return () => operator.stop();
  });
  beforeAll(() => {
    // The Secret the KeyRotation of the tests keeps, watched from before it exists.
    secret = projectSecret({ kubeConfig: admin, namespace: env.namespace, name: `${name}-keys` });
    return () => {
      secret.close();
    };
  });

  const atRevision = (revision: number) =>
    secret.until((v) => documentOf(v.data).revision >= revision, 20 * second);
  /** The operator reports `revision` in status, which it writes only once the targets rolled for it. */
  const reportedRevision = (revision: number) =>
    eventually(`status.revision ${revision}`, async () =>
      (await keyRotationApi(admin, env.namespace).get(name)).status?.revision === revision ? true : undefined,
    );
  const deploymentGeneration = async () =>
    (await apps.readNamespacedDeployment({ namespace: env.namespace, name: target })).metadata?.generation;
  const failedReconciles = async () =>
    (await scrape(operator.url, "reconcile_total", { controller: "keyrotation", result: "error" })) ?? 0;
  const templateHash = async () =>
    (await apps.readNamespacedDeployment({ namespace: env.namespace, name: target })).spec?.template.metadata
      ?.annotations?.[hashAnnotation];
  /** The target's ReplicaSets, oldest first, as the hash each one's pod template carries. */
  const replicaSetHashes = async () => {
    const list = await apps.listNamespacedReplicaSet({ namespace: env.namespace });
    return list.items
      .filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.kind === "Deployment" && o.name === target))
      .sort(
        (a, b) =>
          Number(a.metadata?.annotations?.["deployment.kubernetes.io/revision"]) -
          Number(b.metadata?.annotations?.["deployment.kubernetes.io/revision"]),
      )
      .map((rs) => rs.spec?.template?.metadata?.annotations?.[hashAnnotation] ?? "none");
  };

  it("rolls the Deployment once per key added or removed, never on promotion", async () => {
    await apps.createNamespacedDeployment({ namespace: env.namespace, body: deployment() });
    await eventually("the Deployment's first ReplicaSet", async () =>
      (await replicaSetHashes()).length === 1 ? true : undefined,
    );
    const api = keyRotationApi(admin, env.namespace);
    await api.create(
      keyRotation(name, {
        secretName: `${name}-keys`,
        ...fastHmacPolicy,
        activationDelay: "3s",
        rolloutTargets: [{ kind: "Deployment", name: target }],
      }),
    );
    await atRevision(1);
    await api.annotate(name, { "phoenix.dev/rotate": "one" });
    await atRevision(4); // staged, promoted, pruned
    await reportedRevision(4);

    expect(revisions(secret.history).map((d) => d.revision)).toEqual([1, 2, 3, 4]);
    // Template changes: the key set created, a key staged, a key pruned — 3, not 4.
    const hashes = await eventually("one ReplicaSet per template", async () => {
      const current = await replicaSetHashes();
      return current.length >= 4 ? current : undefined;
    });
    expect(hashes).toHaveLength(4);
    expect(new Set(hashes).size).toBe(4);
    expect(hashes[0]).toBe("none");
    expect(await templateHash()).toBe(hashes[3]);
    expect(await deploymentGeneration()).toBe(4);
    expect(countReasons(await eventsAbout(admin, env.namespace, name))["RolloutTriggered"]).toBe(3);
  });

  it("retries a roll that failed, before the staged key starts signing", async () => {
    const role = await operatorClusterRole(admin, env.namespace);
    const before = await templateHash();
    const failedBefore = await failedReconciles();
    await role.revoke("deployments", "patch");
    try {
      await keyRotationApi(admin, env.namespace).annotate(name, { "phoenix.dev/rotate": "two" });
      const staged = documentOf((await atRevision(5)).data);
      // The patch was tried and refused (the reconcile that staged the key failed on it): the
      // Deployment still runs with the old key set.
      await eventually("a reconcile to fail on the refused patch", async () =>
        (await failedReconciles()) > failedBefore ? true : undefined,
      );
      expect(await templateHash()).toBe(before);
      await role.restore();
      const newKey = staged.keys.find((k) => k.state === "staged")!;
      const rolledAt = await eventually(
        "the Deployment rolled for the staged key",
        async () => ((await templateHash()) !== before ? Date.now() : undefined),
        10 * second,
      );
      expect(rolledAt).toBeLessThan(new Date(newKey.activatesAt).getTime());
    } finally {
      await role.restore();
    }
    await atRevision(7);
    await reportedRevision(7);
    // Still one template change per real change: staged and pruned add one each (the refused
    // patch none), and one ReplicaSet for each.
    expect(await deploymentGeneration()).toBe(6);
    const hashes = await eventually("one ReplicaSet per template", async () => {
      const current = await replicaSetHashes();
      return current.length >= 6 ? current : undefined;
    });
    expect(hashes).toHaveLength(6);
    expect(new Set(hashes).size).toBe(6);
  });
});
