// Status, finalizer and Event helpers against the real API server. Status needs a resource with
// a /status subresource: a Service (its status.conditions take metav1.Conditions, like our CRs).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CoreV1Api } from "@kubernetes/client-node";
import {
  adminConfig,
  createNamespace,
  deleteNamespace,
  eventually,
  uniqueName,
} from "../../../test/support/kube.ts";
import { EventRecorder, eventType } from "../src/events.ts";
import { addFinalizer, removeFinalizer } from "../src/finalizers.ts";
import { KubeClient, statusCodeOf } from "../src/kube-client.ts";
import type { KubeObject } from "../src/kube-client.ts";
import { patchStatus, updateStatusIfChanged } from "../src/status.ts";

const services = { group: "", version: "v1", plural: "services" };
const configMaps = { group: "", version: "v1", plural: "configmaps" };
const ours = "phoenix.dev/runtime-test";
const theirs = "example.com/someone-else";

interface Service extends KubeObject {
  spec?: Record<string, unknown>;
  status?: { conditions?: Array<Record<string, unknown>> };
}

async function rejectionCode(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
  } catch (error) {
    return statusCodeOf(error);
  }
  throw new Error("expected the API server to refuse");
}

describe("kube helpers on the real API server", () => {
  const kc = adminConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const client = new KubeClient(kc);
  const namespace = uniqueName("rt-helpers");

  beforeAll(() => createNamespace(core, namespace));
  afterAll(() => deleteNamespace(core, namespace));

  const condition = (status: string) => ({
    type: "Ready",
    status,
    reason: status === "True" ? "Provisioned" : "Waiting",
    message: "",
    lastTransitionTime: "2025-01-01T00:00:00Z",
  });

  it("merge-patches status through /status, skips unchanged writes, honours a resourceVersion guard", async () => {
    const created = await client.create<Service>(services, {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "svc", namespace },
      spec: { ports: [{ port: 80 }] },
    });
    const patched = await patchStatus<Service>(client, services, {
      namespace,
      name: "svc",
      status: { conditions: [condition("True")] },
    });
    expect(patched.status?.conditions).toEqual([condition("True")]);
    expect(patched.spec?.["ports"]).toEqual(created.spec?.["ports"]);

    const same = await updateStatusIfChanged(client, services, patched, { conditions: [condition("True")] });
    expect(same.metadata?.resourceVersion).toBe(patched.metadata?.resourceVersion);
    const changed = await updateStatusIfChanged(client, services, patched, {
      conditions: [condition("False")],
    });
    expect(changed.status?.conditions).toEqual([condition("False")]);

    const stale = patchStatus(client, services, {
      namespace,
      name: "svc",
      status: { conditions: [] },
      resourceVersion: patched.metadata?.resourceVersion,
    });
    expect(await rejectionCode(stale)).toBe(409);
  });

  it("adds and removes a finalizer without touching anyone else's", async () => {
    const cm = await client.create(configMaps, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "fin", namespace, finalizers: [theirs] },
    });
    const withOurs = await addFinalizer(client, configMaps, cm, ours);
    expect(withOurs.metadata.finalizers).toEqual([theirs, ours]);
    expect(await addFinalizer(client, configMaps, withOurs, ours)).toBe(withOurs);

    // A stale copy cannot add: the resourceVersion test fails instead of overwriting the list.
    expect(await rejectionCode(addFinalizer(client, configMaps, cm, "phoenix.dev/other"))).toBe(422);

    // An unrelated change since our read does not stop the removal by index…
    await client.patch(
      configMaps,
      { namespace, name: "fin" },
      { strategy: "application/merge-patch+json", body: { data: { x: "1" } } },
    );
    const removed = await removeFinalizer(client, configMaps, withOurs, ours);
    expect(removed?.metadata.finalizers).toEqual([theirs]);

    // …but a reordered list does: the entry at our index is no longer ours.
    const again = await addFinalizer(client, configMaps, removed ?? cm, ours);
    await client.patch(
      configMaps,
      { namespace, name: "fin" },
      {
        strategy: "application/merge-patch+json",
        body: { metadata: { finalizers: [ours, theirs] } },
      },
    );
    expect(await rejectionCode(removeFinalizer(client, configMaps, again, ours))).toBe(422);
    const current = await client.get(configMaps, { namespace, name: "fin" });
    expect(current.metadata?.finalizers).toEqual([ours, theirs]);

    // Deleting waits for both finalizers; removing the last one lets the object go.
    await client.delete(configMaps, { namespace, name: "fin" });
    const deleting = await client.get(configMaps, { namespace, name: "fin" });
    expect(deleting.metadata?.deletionTimestamp).toBeDefined();
    const left = await removeFinalizer(client, configMaps, deleting, ours);
    const gone = await removeFinalizer(client, configMaps, left ?? deleting, theirs);
    expect(gone?.metadata?.finalizers ?? []).toEqual([]);
    expect(await rejectionCode(client.get(configMaps, { namespace, name: "fin" }))).toBe(404);
    expect(await removeFinalizer(client, configMaps, deleting, ours)).toBeUndefined();
  });

  it("records Events that kubectl describe shows (core/v1 view of events.k8s.io/v1)", async () => {
    const cm = await client.create(configMaps, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "evt", namespace },
    });
    const recorder = new EventRecorder({
      client,
      controller: "phoenix.dev/phoenix-operator",
      instance: "test-0",
    });
    await recorder.record(cm, {
      type: "Warning",
      reason: "NumberUnavailable",
      note: "Twilio 21422",
      action: "Provision",
    });
    await recorder.record(cm, {
      type: "Warning",
      reason: "NumberUnavailable",
      note: "Twilio 21422",
      action: "Provision",
    });
    const events = await client.list<KubeObject & { reason?: string; regarding?: { name?: string } }>(
      eventType,
      { namespace },
    );
    const ours = events.items.filter((e) => e.reason === "NumberUnavailable");
    expect(ours).toHaveLength(1);
    expect(ours[0]?.regarding?.name).toBe("evt");
    const coreEvents = await eventually("the core/v1 view of the event", async () => {
      const list = await core.listNamespacedEvent({ namespace, fieldSelector: "involvedObject.name=evt" });
      return list.items.length > 0 ? list.items : undefined;
    });
    expect(coreEvents[0]).toMatchObject({
      reason: "NumberUnavailable",
      type: "Warning",
      message: "Twilio 21422",
    });
  });
});
