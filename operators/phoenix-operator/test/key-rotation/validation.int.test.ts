// KeyRotation specs the API server itself refuses, with the CEL rules' messages — the rules
// packages/crds/test/crds.int.test.ts does not already cover (algorithm/type and the overlap
// rule are there) — and the boundary values the rules must still admit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CoreV1Api } from "@kubernetes/client-node";
import type { KeyRotationSpec } from "@phoenix/crds/key-rotation";
import { installCrds } from "../../../../test/support/crds.ts";
import {
  adminConfig,
  createNamespace,
  deleteNamespace,
  expectRejection,
  uniqueName,
} from "../../../../test/support/kube.ts";
import { keyRotation, keyRotationApi } from "./support.ts";

const valid: KeyRotationSpec = {
  secretName: "jwt-keys",
  type: "JWTSigningKey",
  algorithm: "ES256",
  rotationInterval: "24h",
  tokenLifetime: "15m",
  reloadDelay: "2m",
  activationDelay: "5m",
  overlap: "30m",
};

describe("KeyRotation validation by the API server", () => {
  const admin = adminConfig();
  const core = admin.makeApiClient(CoreV1Api);
  const namespace = uniqueName("keyrot-cel");
  const api = keyRotationApi(admin, namespace);
  const create = (name: string, spec: Partial<KeyRotationSpec>) =>
    api.create(keyRotation(name, { ...valid, ...spec }));

  beforeAll(async () => {
    await installCrds();
    await createNamespace(core, namespace);
  });
  afterAll(async () => {
    await deleteNamespace(core, namespace);
  });

  it("refuses an activationDelay shorter than the reload delay", async () => {
    const rejection = await expectRejection(create("early", { reloadDelay: "2m", activationDelay: "90s" }));
    expect(rejection.code).toBe(422);
    expect(rejection.message).toContain("activationDelay must be at least reloadDelay");
  });

  it("refuses a rotationInterval not longer than overlap + activationDelay", async () => {
    const rejection = await expectRejection(
      create("crowded", { rotationInterval: "35m", overlap: "30m", activationDelay: "5m" }),
    );
    expect(rejection.message).toContain("rotationInterval must exceed overlap + activationDelay");
  });

  it("applies the rules to defaulted fields too", async () => {
    // overlap defaults to 30m: too short for 1h tokens.
    const { overlap: _overlap, ...rest } = valid;
    const rejection = await expectRejection(
      api.create(keyRotation("defaults", { ...rest, tokenLifetime: "1h", rotationInterval: "720h" })),
    );
    expect(rejection.message).toContain("overlap must be at least tokenLifetime + reloadDelay");
  });

  it("refuses durations CEL cannot read and rollout targets it cannot roll", async () => {
    const days = await expectRejection(create("days", { rotationInterval: "30d" }));
    expect(days.message).toContain("spec.rotationInterval");
    const daemonSet = await expectRejection(
      create("daemonset", { rolloutTargets: [{ kind: "DaemonSet" as "Deployment", name: "agent" }] }),
    );
    expect(daemonSet.message).toContain("spec.rolloutTargets[0].kind");
  });

  it("admits every rule at its boundary", async () => {
    await create("boundary", {
      tokenLifetime: "3s",
      reloadDelay: "2s",
      overlap: "5s", // = tokenLifetime + reloadDelay
      activationDelay: "2s", // = reloadDelay
      rotationInterval: "7001ms", // just over overlap + activationDelay
    });
    expect((await api.get("boundary")).spec.overlap).toBe("5s");
  });

  it("keeps secretName and type immutable", async () => {
    await create("immutable", {});
    const rejection = await expectRejection(
      api.patchSpec("immutable", { secretName: "other-keys", type: "HMAC", algorithm: "HS256" }),
    );
    expect(rejection.message).toContain("secretName is immutable");
    expect(rejection.message).toContain("type is immutable");
    // The algorithm may change within its type (the operator starts a new key set).
    await api.patchSpec("immutable", { algorithm: "EdDSA" });
    expect((await api.get("immutable")).spec.algorithm).toBe("EdDSA");
  });
});
