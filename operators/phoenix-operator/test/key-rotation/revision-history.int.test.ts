// spec.revisionHistoryLimit with the real operator: the retired revisions of the key set are kept,
// newest first and at most that many, on the Secret and in status, and a smaller limit prunes
// them. And a KeyRotation that names a Secret someone else keeps leaves it untouched.
import { beforeAll, describe, expect, it } from "vitest";
import { CoreV1Api } from "@kubernetes/client-node";
import type { KeyRotation } from "@phoenix/crds/key-rotation";
import { adminConfig, eventually } from "../../../../test/support/kube.ts";
import { revisionHistoryAnnotation } from "../../src/key-rotation/history.ts";
import { startOperator } from "../harness.ts";
import type { OperatorEnvironment, OperatorProcess } from "../harness.ts";
import {
  fastHmacPolicy,
  keyRotation,
  keyRotationApi,
  second,
  setupKeyRotationEnvironment,
} from "./support.ts";

describe("KeyRotation revision history", () => {
  const admin = adminConfig();
  const core = admin.makeApiClient(CoreV1Api);
  let env: OperatorEnvironment;
  let operator: OperatorProcess;

  beforeAll(async () => {
    env = await setupKeyRotationEnvironment(admin, "keyrot-history");
    return () => env.teardown();
  });
  beforeAll(async () => {
    operator = await startOperator(env, { CONTROLLERS: "keyrotation" });
    return () => operator.stop();
  });

  const statusAt = (api: ReturnType<typeof keyRotationApi>, name: string, revision: number) =>
    eventually(
      `KeyRotation ${name} at revision ${revision}`,
      async () => {
        const kr = await api.get(name);
        return (kr.status?.revision ?? 0) >= revision ? kr : undefined;
      },
      20 * second,
    );
  const revisionsOf = (kr: KeyRotation) => kr.status?.revisionHistory?.map((r) => r.revision);

  it("keeps revisionHistoryLimit retired revisions, newest first, and prunes when it shrinks", async () => {
    const api = keyRotationApi(admin, env.namespace);
    await api.create(
      keyRotation("hist", { secretName: "hist-keys", revisionHistoryLimit: 2, ...fastHmacPolicy }),
    );
    const initial = await statusAt(api, "hist", 1);
    expect(initial.status?.revisionHistory).toBeUndefined();

    // One rotation: staged (2), promoted (3), old key pruned (4).
    await api.annotate("hist", { "phoenix.dev/rotate": "one" });
    const rotated = await statusAt(api, "hist", 4);
    expect(revisionsOf(rotated)).toEqual([3, 2]);
    const [three] = rotated.status!.revisionHistory!;
    expect(three!.kids).toHaveLength(2); // the old key retiring beside the new one
    expect(three!.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const secret = await core.readNamespacedSecret({ namespace: env.namespace, name: "hist-keys" });
    expect(JSON.parse(secret.metadata!.annotations![revisionHistoryAnnotation]!)).toEqual(
      rotated.status!.revisionHistory,
    );

    await api.patchSpec("hist", { revisionHistoryLimit: 1 });
    const pruned = await eventually("the history cut to the new limit", async () => {
      const kr = await api.get("hist");
      return kr.status?.revisionHistory?.length === 1 ? kr : undefined;
    });
    expect(revisionsOf(pruned)).toEqual([3]);
  });

  it("never takes over a Secret that no KeyRotation manages", async () => {
    const api = keyRotationApi(admin, env.namespace);
    await core.createNamespacedSecret({
      namespace: env.namespace,
      body: { metadata: { name: "app-tls" }, data: { "tls.key": "c2VjcmV0" } },
    });
    await api.create(keyRotation("greedy", { secretName: "app-tls", ...fastHmacPolicy }));
    const refused = await eventually("Ready=False SecretNotManaged", async () => {
      const kr = await api.get("greedy");
      const ready = kr.status?.conditions?.find((c) => c.type === "Ready");
      return ready?.reason === "SecretNotManaged" ? ready : undefined;
    });
    expect(refused.status).toBe("False");
    const untouched = await core.readNamespacedSecret({ namespace: env.namespace, name: "app-tls" });
    expect(untouched.data).toEqual({ "tls.key": "c2VjcmV0" });
    expect(untouched.metadata?.labels).toBeUndefined();
  });
});
