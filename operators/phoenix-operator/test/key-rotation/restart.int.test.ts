// An operator killed mid-rotation, right after it staged a key and before its status write
// could land (the ServiceAccount loses the status permission for that moment): a new operator
// process takes the Lease, finishes the rotation it finds in the Secret (promote, prune) and
// does not stage a second key for the same due time.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { adminConfig, eventually } from "../../../../test/support/kube.ts";
import { startOperator } from "../harness.ts";
import type { OperatorEnvironment, OperatorProcess } from "../harness.ts";
import { projectSecret } from "../secret-projector.ts";
import type { SecretProjection } from "../secret-projector.ts";
import {
  countReasons,
  eventsAbout,
  keyRotation,
  keyRotationApi,
  documentOf,
  second,
  quietWindow,
  operatorClusterRole,
  revisions,
  setupKeyRotationEnvironment,
  shape,
} from "./support.ts";

const name = "api-jwt";
const interval = 14 * second;
const ms = (iso: string) => new Date(iso).getTime();
/** The quiet window ends this long before the next scheduled rotation is due. */
const QUIET_MARGIN_MS = 1500;

describe("KeyRotation across an operator restart", () => {
  const admin = adminConfig();
  let env: OperatorEnvironment;
  const operators: OperatorProcess[] = [];
  let secret: SecretProjection;

  beforeAll(async () => {
    env = await setupKeyRotationEnvironment(admin, "keyrot-restart");
    return () => env.teardown();
  });
  afterAll(async () => {
    for (const operator of operators) await operator.stop("SIGKILL");
  });

  it("finishes the rotation the killed operator started, without staging a second key", async () => {
    const api = keyRotationApi(admin, env.namespace);
    const role = await operatorClusterRole(admin, env.namespace);
    const first = await startOperator(env, { CONTROLLERS: "keyrotation" });
    operators.push(first);
    await api.create(
      keyRotation(name, {
        secretName: `${name}-keys`,
        type: "JWTSigningKey",
        algorithm: "ES256",
        rotationInterval: "14s",
        tokenLifetime: "1s",
        reloadDelay: "1s",
        // Long enough that the key is still staged when the next operator takes over.
        activationDelay: "3s",
        overlap: "2s",
      }),
    );
    // SIGKILL the moment the staged key is visible: no shutdown, no last writes.
    let killedAt = 0;
    secret = projectSecret({
      kubeConfig: admin,
      namespace: env.namespace,
      name: `${name}-keys`,
      onVersion: (version) => {
        const staged = documentOf(version.data).keys.some((k) => k.state === "staged");
        if (staged && !killedAt) killedAt = Date.now();
        if (staged) first.child.kill("SIGKILL");
      },
    });
    onTestFinished(() => {
      secret.close();
    });
    const initial = documentOf((await secret.until(() => true)).data);
    await expectStatusRevision(1);
    // The status write after staging is lost: it must not matter.
    await role.revoke("keyrotations/status", "patch");
    await first.exited;
    expect(killedAt).toBeGreaterThanOrEqual(ms(initial.keys[0]!.createdAt) + interval);
    await role.restore();
    expect((await api.get(name)).status?.revision).toBe(1);

    const successor = await startOperator(env, { CONTROLLERS: "keyrotation" });
    operators.push(successor);
    await secret.until((v) => documentOf(v.data).revision >= 4, 20 * second);
    const [, staged] = revisions(secret.history);
    const newKey = staged!.keys[1]!;
    // Watch until just before the next due time: nothing else may happen. A negative assertion
    // whose span is the schedule itself (wall-clock), so a window, to 1.5 s before the due time.
    await quietWindow(Math.max(ms(newKey.createdAt) + interval - QUIET_MARGIN_MS - Date.now(), 0));

    const a = initial.keys[0]!.kid;
    const b = newKey.kid;
    expect(revisions(secret.history).map(shape)).toEqual([
      [`${a}:active`],
      [`${a}:active`, `${b}:staged`],
      [`${a}:retiring`, `${b}:active`],
      [`${b}:active`],
    ]);
    expect(secret.history.at(-1)!.annotations["phoenix.dev/rotation-for"]).toBe(
      `schedule:${new Date(ms(initial.keys[0]!.createdAt) + interval).toISOString()}`,
    );
    const events = await eventsAbout(admin, env.namespace, name);
    const counts = countReasons(events);
    // The killed process may or may not have recorded its KeyStaged Event; never two.
    expect(counts["KeyStaged"] ?? 0).toBeLessThanOrEqual(1);
    expect(counts).toMatchObject({ KeySetCreated: 1, KeyActivated: 1, KeyPruned: 1 });
    const by = (reason: string) => events.find((e) => e.reason === reason)!.reportingInstance;
    expect(by("KeyActivated")).not.toBe(by("KeySetCreated"));
    expect((await api.get(name)).status).toMatchObject({
      revision: 4,
      currentKid: b,
      lastRotationTime: newKey.createdAt,
      nextRotationTime: new Date(ms(newKey.createdAt) + interval).toISOString(),
    });
  });

  async function expectStatusRevision(revision: number): Promise<void> {
    const api = keyRotationApi(admin, env.namespace);
    await eventually(
      `status.revision ${revision}`,
      async () => ((await api.get(name)).status?.revision === revision ? true : undefined),
      5000,
    );
  }
});
