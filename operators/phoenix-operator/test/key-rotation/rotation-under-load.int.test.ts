// A scheduled rotation under continuous token traffic, with the real operator process (its own
// ServiceAccount token): a signer and a separate verifier process each read their own
// kubelet-like projection of the Secret, the verifier lagging behind the signer, and not one
// token fails to verify — neither when issued nor just before it expires — while the key set
// walks staged → active → retiring → pruned.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { KeyRotationSpec } from "@phoenix/crds/key-rotation";
import { createKeyring } from "@phoenix/kernel/keyring";
import type { Keyring } from "@phoenix/kernel/keyring";
import { createLogger } from "@phoenix/kernel/log";
import type { KeySetDocument } from "@phoenix/kernel/keyset";
import { adminConfig } from "../../../../test/support/kube.ts";
import { startOperator } from "../harness.ts";
import type { OperatorEnvironment, OperatorProcess } from "../harness.ts";
import { projectSecret } from "../secret-projector.ts";
import type { SecretProjection } from "../secret-projector.ts";
import { startLoad } from "./load.ts";
import type { Load, LoadReport } from "./load.ts";
import {
  countReasons,
  setupKeyRotationEnvironment,
  eventsAbout,
  keyRotation,
  keyRotationApi,
  documentOf,
  second,
  revisions,
  shape,
  startVerifier,
} from "./support.ts";
import type { Verifier } from "./support.ts";

// Short enough for one full rotation in ~25 s, and what the CRD's CEL rules accept:
// overlap ≥ tokenLifetime + reloadDelay, activationDelay ≥ reloadDelay,
// rotationInterval > overlap + activationDelay.
const policy = {
  rotationInterval: "18s",
  tokenLifetime: "3s",
  reloadDelay: "2s",
  activationDelay: "2s",
  overlap: "6s",
} as const;
// The kubelet lag of each consumer: the verifier sees every change well after the signer, and
// within reloadDelay (its lag plus its keyring's poll interval).
const signerLagMs = 200;
const verifierLagMs = 1500;
const pollIntervalMs = 250;

const cases = [
  { name: "jwt-es256", type: "JWTSigningKey", algorithm: "ES256" },
  { name: "jwt-eddsa", type: "JWTSigningKey", algorithm: "EdDSA" },
  { name: "hmac", type: "HMAC", algorithm: "HS256" },
] as const;

const ms = (iso: string | undefined) => new Date(iso ?? NaN).getTime();

describe("KeyRotation under load", () => {
  const admin = adminConfig();
  const logger = createLogger({ name: "signer", level: "warn" });
  let env: OperatorEnvironment;
  let operator: OperatorProcess;
  let verifier: Verifier | undefined;
  const projections: SecretProjection[] = [];
  const signers: Keyring[] = [];
  const loads: Load[] = [];

  beforeAll(async () => {
    env = await setupKeyRotationEnvironment(admin, "keyrot-load");
    return () => env.teardown();
  });
  beforeAll(async () => {
    operator = await startOperator(env, { CONTROLLERS: "keyrotation" });
    return () => operator.stop();
  });
  afterAll(async () => {
    await Promise.all(loads.map((load) => load.stop()));
    for (const signer of signers) signer.close();
    for (const projection of projections) projection.close();
    await verifier?.stop();
  });

  it("rotates ES256, EdDSA and HMAC keys with zero verification failures, then prunes the old key", async () => {
    const api = keyRotationApi(admin, env.namespace);
    for (const c of cases) {
      const spec: KeyRotationSpec = {
        secretName: `${c.name}-keys`,
        type: c.type,
        algorithm: c.algorithm,
        ...policy,
      };
      await api.create(keyRotation(c.name, spec));
    }
    const project = (name: string, delayMs: number) => {
      const projection = projectSecret({ kubeConfig: admin, namespace: env.namespace, name, delayMs });
      projections.push(projection);
      return projection;
    };
    const mounts = cases.map((c) => ({
      ...c,
      signerSide: project(`${c.name}-keys`, signerLagMs),
      verifierSide: project(`${c.name}-keys`, verifierLagMs),
    }));
    await Promise.all(
      mounts.flatMap((m) => [m.signerSide.until(() => true), m.verifierSide.until(() => true)]),
    );

    verifier = await startVerifier(
      Object.fromEntries(mounts.map((m) => [m.name, m.verifierSide.dir])),
      pollIntervalMs,
    );
    for (const m of mounts) {
      const signer = createKeyring({ dir: m.signerSide.dir, logger, pollIntervalMs });
      signers.push(signer);
      await signer.ready;
      loads.push(startLoad({ keyring: m.name, signer, verifier, lifetimeMs: 3 * second }));
    }

    // Until the slowest consumer has seen the old key pruned, its keyring has reloaded that set,
    // and every signer has issued a few more tokens for it to check.
    const pruned = (v: { data: Record<string, string> }) => documentOf(v.data).revision >= 4;
    let notPruned: Error | undefined;
    await Promise.all(mounts.map((m) => m.verifierSide.until(pruned, 45 * second))).then(
      () => afterPrunedSetLoaded(verifier!),
      (error: unknown) => {
        notPruned =
          error instanceof Error
            ? error
            : new Error("a verifier's mount never saw the old key pruned", { cause: error });
      },
    );
    const reports = await Promise.all(loads.map((load) => load.stop()));
    // What the Secret went through while tokens flowed (the next rotation is not due before).
    const observedUntil = Date.now();

    // Not one token failed, at issue or just before it expired, for any key type.
    expect(reports.flatMap((r) => r.failures)).toEqual([]);
    if (notPruned) throw notPruned;
    for (const [i, m] of mounts.entries()) {
      const report = reports[i]!;
      expect(report.issued).toBeGreaterThan(200);
      expect(report.verified).toBe(2 * report.issued);
      await expectOneFullRotation(m, report, observedUntil);
      // The verifier hot-reloaded the pruned set: only the new key is left.
      expect(await verifier.keys(m.name)).toEqual({ revision: 4, kids: [report.signedBy[1]] });
    }
  });

  async function afterPrunedSetLoaded(verifier: Verifier): Promise<void> {
    await vi.waitFor(
      async () => {
        for (const c of cases) expect((await verifier.keys(c.name)).revision).toBe(4);
      },
      { timeout: 10 * second, interval: pollIntervalMs / 5 },
    );
    const mark = loads.map((load) => load.issued());
    await vi.waitFor(
      () => {
        expect(loads.every((load, i) => load.issued() >= mark[i]! + 5)).toBe(true);
      },
      {
        timeout: 10 * second,
        interval: 50,
      },
    );
  }

  async function expectOneFullRotation(
    m: { name: string; signerSide: SecretProjection },
    report: LoadReport,
    observedUntil: number,
  ): Promise<void> {
    const seen = m.signerSide.history.filter((v) => v.receivedAt <= observedUntil);
    const documents = revisions(seen);
    const [oldKid = "", newKid = ""] = report.signedBy;
    // Both keys signed, the old one first, and no other.
    expect(report.signedBy).toHaveLength(2);
    // staged → active (old retiring) → pruned, one revision per step.
    expect(documents.map((d) => d.revision)).toEqual([1, 2, 3, 4]);
    expect(documents.map(shape)).toEqual([
      [`${oldKid}:active`],
      [`${oldKid}:active`, `${newKid}:staged`],
      [`${oldKid}:retiring`, `${newKid}:active`],
      [`${newKid}:active`],
    ]);
    const [initial, staged, promoted] = documents as [KeySetDocument, KeySetDocument, KeySetDocument];
    const oldKey = initial.keys[0]!;
    const newKey = staged.keys[1]!;
    // Staged when due, published activationDelay before it signs.
    const due = ms(oldKey.createdAt) + 18 * second;
    expect(ms(newKey.createdAt)).toBeGreaterThanOrEqual(due);
    expect(ms(newKey.createdAt)).toBeLessThan(due + 2 * second);
    expect(ms(newKey.activatesAt) - ms(newKey.createdAt)).toBe(2 * second);
    // The old key verifies for the whole overlap after the new one took over, and is pruned after it.
    const retiresAt = ms(promoted.keys[0]!.retiresAt);
    expect(retiresAt).toBeGreaterThanOrEqual(ms(newKey.activatesAt) + 6 * second);
    const prunedAt = seen.find((v) => documentOf(v.data).revision === 4)!;
    expect(prunedAt.receivedAt).toBeGreaterThanOrEqual(retiresAt);

    // The Secret carries revision, content hash and the due time it answered.
    const document = documentOf(prunedAt.data);
    expect(prunedAt.annotations).toMatchObject({
      "phoenix.dev/revision": "4",
      "phoenix.dev/content-hash": createHash("sha256").update(JSON.stringify(document)).digest("hex"),
      "phoenix.dev/rotation-for": `schedule:${new Date(due).toISOString()}`,
    });

    // One Event per step, and a status that tells where the rotation stands.
    expect(countReasons(await eventsAbout(admin, env.namespace, m.name))).toEqual({
      KeySetCreated: 1,
      KeyStaged: 1,
      KeyActivated: 1,
      KeyPruned: 1,
    });
    const kr = await keyRotationApi(admin, env.namespace).get(m.name);
    expect(kr.status).toMatchObject({
      revision: 4,
      currentKid: newKid,
      lastRotationTime: newKey.createdAt,
      nextRotationTime: new Date(ms(newKey.createdAt) + 18 * second).toISOString(),
    });
    const conditions = Object.fromEntries((kr.status?.conditions ?? []).map((c) => [c.type, c.status]));
    expect(conditions).toEqual({ Ready: "True", Rotating: "False" });
  }
});
