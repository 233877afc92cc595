// The whole chain of a manual rotation: an admin asks the API to rotate the JWT key set, the API
// sets the KeyRotation's trigger annotation with its own ServiceAccount, the real operator stages,
// activates, retires and prunes keys in the Secret, a kubelet-like projection writes each version
// into the API's mount, and the API hot-reloads it — while clients keep calling: not one 401.
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { KeyRotationSpec } from "@phoenix/crds/key-rotation";
import { adminConfig } from "../support/kube.ts";
import { startOperator } from "../../operators/phoenix-operator/test/harness.ts";
import type { OperatorEnvironment, OperatorProcess } from "../../operators/phoenix-operator/test/harness.ts";
import { projectSecret } from "../../operators/phoenix-operator/test/secret-projector.ts";
import type {
  SecretProjection,
  SecretVersion,
} from "../../operators/phoenix-operator/test/secret-projector.ts";
import {
  documentOf,
  keyRotation,
  keyRotationApi,
  setupKeyRotationEnvironment,
} from "../../operators/phoenix-operator/test/key-rotation/support.ts";
import { apiServiceAccount, bearer, signupAdmin, startTestApi } from "./harness.ts";
import type { ApiServiceAccount, TestApi } from "./harness.ts";
import { moreCalls, startClient, stopAll } from "./load.ts";

// Only the manual trigger rotates within the test; the timings satisfy the CRD's CEL rules
// (overlap ≥ tokenLifetime + reloadDelay, activationDelay ≥ reloadDelay).
const policy = {
  rotationInterval: "1h",
  tokenLifetime: "3s",
  reloadDelay: "2s",
  activationDelay: "2s",
  overlap: "6s",
};
const usable = (version: SecretVersion): boolean =>
  documentOf(version.data).keys.some(
    (k) => k.state === "active" && new Date(k.activatesAt).getTime() <= Date.now(),
  );

describe("KeyRotation driven by the operator, triggered through the API", () => {
  const admin = adminConfig();
  let env: OperatorEnvironment;
  let operator: OperatorProcess;
  let kube: ApiServiceAccount;
  let api: TestApi;
  const projections: SecretProjection[] = [];

  beforeAll(async () => {
    env = await setupKeyRotationEnvironment(admin, "apikeyrot");
    return () => env.teardown();
  });
  beforeAll(async () => {
    operator = await startOperator(env, { CONTROLLERS: "keyrotation" });
    return () => operator.stop();
  });
  beforeAll(async () => {
    const rotations = keyRotationApi(admin, env.namespace);
    const specs: Array<[string, KeyRotationSpec]> = [
      [
        "phoenix-jwt",
        { secretName: "phoenix-jwt-keys", type: "JWTSigningKey", algorithm: "ES256", ...policy },
      ],
      [
        "phoenix-internal",
        { secretName: "phoenix-internal-keys", type: "HMAC", algorithm: "HS256", ...policy },
      ],
    ];
    for (const [name, spec] of specs) await rotations.create(keyRotation(name, spec));
    for (const secret of ["phoenix-jwt-keys", "phoenix-internal-keys"]) {
      const projection = projectSecret({
        kubeConfig: admin,
        namespace: env.namespace,
        name: secret,
        delayMs: 200,
      });
      projections.push(projection);
    }
    return () => {
      for (const projection of projections) projection.close();
    };
  });
  beforeAll(async () => {
    // The API starts only once it can sign (its readiness demands it).
    await Promise.all(projections.map((p) => p.until(usable, 30_000)));
    kube = await apiServiceAccount(env.namespace);
    api = await startTestApi({
      kube,
      keySetDirs: { jwt: projections[0]!.dir, internal: projections[1]!.dir },
      env: {
        ACCESS_TOKEN_TTL_SECONDS: "3",
        KEYSET_POLL_INTERVAL_MS: "250",
        KEY_ROTATION_NAMESPACE: env.namespace,
        RATE_LIMIT_API_PER_MINUTE: "1000000",
      },
    });
    return () => api.close();
  });

  it("rotates the JWT keys on an admin's request with zero 401s, and the old key leaves the set", async () => {
    const before = documentOf(projections[0]!.projected.at(-1)!.data);
    const clients = await Promise.all([startClient(api), startClient(api), startClient(api)]);
    const { token } = await signupAdmin(api);
    const rotate = await api.app.inject({
      method: "POST",
      url: "/v1/admin/keys/jwt/rotate",
      headers: bearer(token),
    });
    expect(rotate.statusCode, rotate.body).toBe(202);

    // New key staged and active, old one retiring, then pruned: one key, not the old one.
    const pruned = (version: SecretVersion) => {
      const document = documentOf(version.data);
      return (
        document.revision > before.revision &&
        document.keys.length === 1 &&
        document.keys[0]!.kid !== before.keys[0]!.kid
      );
    };
    const newKid = documentOf((await projections[0]!.until(pruned, 60_000)).data).keys[0]!.kid;
    // The API has loaded the pruned set, and the clients have kept calling it since.
    await vi.waitFor(
      () => {
        expect(api.context.jwtKeys.verificationKeys().map((k) => k.kid)).toEqual([newKid]);
      },
      { timeout: 10_000, interval: 50 },
    );
    await moreCalls(clients, 20);
    const { stats, totals } = await stopAll(clients);
    expect(totals.get(401) ?? 0).toBe(0);
    expect([...totals.keys()]).toEqual([200]);
    for (const client of stats) expect([...client.kids].sort()).toEqual([before.keys[0]!.kid, newKid].sort());
    expect(api.context.jwtKeys.verificationKeys().map((k) => k.kid)).toEqual([newKid]);
  });
});
