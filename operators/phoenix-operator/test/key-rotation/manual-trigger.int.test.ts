// The rotate annotation with the real operator process: each new value rotates exactly once
// (one key staged, then activated, the old one pruned), the same value again does nothing, and
// a trigger already handled does not fire again after a scheduled rotation.
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import type { KeyRotation } from "@phoenix/crds/key-rotation";
import { adminConfig, eventually } from "../../../../test/support/kube.ts";
import { startOperator } from "../harness.ts";
import type { OperatorEnvironment, OperatorProcess } from "../harness.ts";
import { projectSecret } from "../secret-projector.ts";
import type { SecretProjection } from "../secret-projector.ts";
import {
  eventsAbout,
  keyRotation,
  setupKeyRotationEnvironment,
  keyRotationApi,
  documentOf,
  second,
  revisions,
  shape,
} from "./support.ts";

const name = "api-hmac";

describe("KeyRotation manual trigger", () => {
  const admin = adminConfig();
  let env: OperatorEnvironment;
  let operator: OperatorProcess;
  let secret: SecretProjection;

  beforeAll(async () => {
    env = await setupKeyRotationEnvironment(admin, "keyrot-trigger");
    return () => env.teardown();
  });
  beforeAll(async () => {
    operator = await startOperator(env, { CONTROLLERS: "keyrotation" });
    return () => operator.stop();
  });

  const atRevision = (revision: number) =>
    secret.until((v) => documentOf(v.data).revision >= revision, 20 * second);
  const latest = () => revisions(secret.history).at(-1)!;
  const kidsEver = () => new Set(revisions(secret.history).flatMap((d) => d.keys.map((k) => k.kid)));
  /**
   * Changes the spec in a way that rotates nothing (the revision history kept), and resolves
   * once the operator has reconciled that generation: status.observedGeneration says so, and
   * status.revision then says whether that reconcile, or one before it, rotated.
   */
  const reconciledAfter = async (revisionHistoryLimit: number): Promise<KeyRotation> => {
    const api = keyRotationApi(admin, env.namespace);
    const touched = (await api.patchSpec(name, { revisionHistoryLimit })) as KeyRotation;
    return eventually(`generation ${String(touched.metadata.generation)} reconciled`, async () => {
      const current = await api.get(name);
      return current.status?.observedGeneration === touched.metadata.generation ? current : undefined;
    });
  };

  it("rotates once per new annotation value, never again for a value it handled", async () => {
    const api = keyRotationApi(admin, env.namespace);
    await api.create(
      keyRotation(name, {
        secretName: `${name}-keys`,
        type: "HMAC",
        algorithm: "HS256",
        // Long enough that only the triggers rotate until the last step checks the schedule.
        rotationInterval: "14s",
        tokenLifetime: "1s",
        reloadDelay: "1s",
        activationDelay: "1s",
        overlap: "2s",
      }),
    );
    secret = projectSecret({ kubeConfig: admin, namespace: env.namespace, name: `${name}-keys` });
    onTestFinished(() => {
      secret.close();
    });
    const initial = documentOf((await atRevision(1)).data);
    const a = initial.keys[0]!.kid;

    // A new value: one key staged, activated, and the old key pruned after the overlap.
    await api.annotate(name, { "phoenix.dev/rotate": "first" });
    await atRevision(4);
    const first = revisions(secret.history);
    const b = first[1]!.keys[1]!.kid;
    expect(first.map(shape)).toEqual([
      [`${a}:active`],
      [`${a}:active`, `${b}:staged`],
      [`${a}:retiring`, `${b}:active`],
      [`${b}:active`],
    ]);
    expect(secret.history.at(-1)!.annotations["phoenix.dev/rotation-for"]).toBe("trigger:first");

    // The same value again (with another change, so the operator does reconcile): nothing.
    await api.annotate(name, { "phoenix.dev/rotate": "first", "example.com/touched": "yes" });
    const touched = await reconciledAfter(5);
    expect(touched.metadata.annotations?.["phoenix.dev/rotate"]).toBe("first");
    expect(latest().revision).toBe(4);
    expect(touched.status).toMatchObject({
      revision: 4,
      currentKid: b,
      lastHandledTrigger: "first",
    });

    // Another value: exactly one more rotation.
    await api.annotate(name, { "phoenix.dev/rotate": "second" });
    await atRevision(7);
    const second_ = revisions(secret.history).slice(4);
    const c = second_[0]!.keys[1]!.kid;
    expect(second_.map(shape)).toEqual([
      [`${b}:active`, `${c}:staged`],
      [`${b}:retiring`, `${c}:active`],
      [`${c}:active`],
    ]);
    expect((await api.get(name)).status).toMatchObject({ currentKid: c, lastHandledTrigger: "second" });

    // The schedule still rotates (once), and the handled trigger does not fire after it.
    const due = new Date(second_[0]!.keys[1]!.createdAt).getTime() + 14 * second;
    const scheduled = documentOf(
      (await secret.until((v) => documentOf(v.data).revision >= 8, 20 * second)).data,
    );
    expect(new Date(scheduled.keys.at(-1)!.createdAt).getTime()).toBeGreaterThanOrEqual(due);
    // Activated and pruned; then one more reconcile, after which the operator still stands at
    // revision 10: the trigger it handled before did not fire again.
    await atRevision(10);
    expect((await reconciledAfter(6)).status?.revision).toBe(10);
    const last = revisions(secret.history).slice(7);
    const d = last[0]!.keys[1]!.kid;
    expect(last.map(shape)).toEqual([
      [`${c}:active`, `${d}:staged`],
      [`${c}:retiring`, `${d}:active`],
      [`${d}:active`],
    ]);
    expect(kidsEver().size).toBe(4);

    const events = await eventsAbout(admin, env.namespace, name);
    const staged = events.filter((e) => e.reason === "KeyStaged").map((e) => e.note);
    expect(staged).toEqual([
      expect.stringContaining("(ManualTrigger)"),
      expect.stringContaining("(ManualTrigger)"),
      expect.stringContaining("(Scheduled)"),
    ]);
  });
});
