// A Deployment rolls out for real: the controller-manager creates a ReplicaSet and pods, the
// scheduler binds them to kwok nodes, and kwok reports them Ready.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppsV1Api, CoreV1Api } from "@kubernetes/client-node";
import { adminConfig, createNamespace, deleteNamespace, eventually, uniqueName } from "../support/kube.ts";

describe("Deployment rollout onto kwok nodes", () => {
  const kc = adminConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const namespace = uniqueName("rollout");

  beforeAll(async () => {
    await createNamespace(core, namespace);
  });
  afterAll(async () => {
    await deleteNamespace(core, namespace);
  });

  it("schedules every replica onto a kwok node and reports them Ready", async () => {
    const labels = { app: "echo" };
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: "echo" },
        spec: {
          replicas: 3,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              topologySpreadConstraints: [
                {
                  maxSkew: 1,
                  topologyKey: "topology.kubernetes.io/zone",
                  whenUnsatisfiable: "DoNotSchedule",
                  labelSelector: { matchLabels: labels },
                },
              ],
              containers: [
                {
                  name: "echo",
                  image: "registry.example/echo:1",
                  resources: { requests: { cpu: "10m", memory: "16Mi" } },
                },
              ],
            },
          },
        },
      },
    });

    const deployment = await eventually(
      "3 available replicas",
      async () => {
        const d = await apps.readNamespacedDeployment({ name: "echo", namespace });
        return d.status?.availableReplicas === 3 ? d : undefined;
      },
      60_000,
    );
    expect(deployment.status?.readyReplicas).toBe(3);

    const pods = await core.listNamespacedPod({ namespace, labelSelector: "app=echo" });
    expect(pods.items).toHaveLength(3);
    const nodes = await core.listNode({});
    const zoneOf = new Map(
      nodes.items.map((n) => [n.metadata?.name, n.metadata?.labels?.["topology.kubernetes.io/zone"]]),
    );
    for (const pod of pods.items) {
      expect(pod.spec?.nodeName).toMatch(/^kwok-node-\d+$/);
      expect(pod.status?.phase).toBe("Running");
      expect(pod.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    }
    // The spread constraint put one replica in each of the three zones.
    const zones = new Set(pods.items.map((p) => zoneOf.get(p.spec?.nodeName)));
    expect(zones.size).toBe(3);
  });
});
