// The generated CRDs on the real API server: established with their names, defaults applied,
// and invalid specs refused with the CEL rules' messages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiextensionsV1Api, CoreV1Api, CustomObjectsApi } from "@kubernetes/client-node";
import {
  adminConfig,
  createNamespace,
  deleteNamespace,
  expectRejection,
  uniqueName,
} from "../../../test/support/kube.ts";
import { installCrds } from "../../../test/support/crds.ts";
import { keyRotationResource, twilioNumberResource } from "../src/index.ts";
import type { KeyRotationSpec, TwilioNumber } from "../src/index.ts";

describe("phoenix.dev CRDs on the real API server", () => {
  const kc = adminConfig();
  const extensions = kc.makeApiClient(ApiextensionsV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const objects = kc.makeApiClient(CustomObjectsApi);
  const namespace = uniqueName("crds");

  const createTwilioNumber = (name: string, spec: Record<string, unknown>) =>
    objects.createNamespacedCustomObject({
      ...twilioNumberResource,
      namespace,
      body: { apiVersion: "phoenix.dev/v1alpha1", kind: "TwilioNumber", metadata: { name }, spec },
    }) as Promise<TwilioNumber>;
  const createKeyRotation = (name: string, spec: Partial<KeyRotationSpec>) =>
    objects.createNamespacedCustomObject({
      ...keyRotationResource,
      namespace,
      body: { apiVersion: "phoenix.dev/v1alpha1", kind: "KeyRotation", metadata: { name }, spec },
    });

  beforeAll(async () => {
    await installCrds();
    await createNamespace(core, namespace);
  });
  afterAll(async () => {
    await deleteNamespace(core, namespace);
  });

  it("registers short names and the phoenix category", async () => {
    const twn = await extensions.readCustomResourceDefinition({ name: "twilionumbers.phoenix.dev" });
    expect(twn.status?.acceptedNames?.shortNames).toEqual(["twn"]);
    expect(twn.status?.acceptedNames?.categories).toEqual(["phoenix"]);
    const keyrot = await extensions.readCustomResourceDefinition({ name: "keyrotations.phoenix.dev" });
    expect(keyrot.status?.acceptedNames?.shortNames).toEqual(["keyrot"]);
  });

  it("applies defaults to a minimal TwilioNumber", async () => {
    const created = await createTwilioNumber("minimal", { userId: "user-1" });
    expect(created.spec).toEqual({ userId: "user-1", countryCode: "US", releasePolicy: "Release" });
  });

  it("refuses a malformed TwilioNumber naming the field", async () => {
    const rejection = await expectRejection(
      createTwilioNumber("bad-country", { userId: "u", countryCode: "usa" }),
    );
    expect(rejection.code).toBe(422);
    expect(rejection.message).toContain("spec.countryCode");
  });

  it("keeps userId and countryCode immutable", async () => {
    await createTwilioNumber("immutable", { userId: "user-2", areaCode: "415" });
    const patch = (path: string, value: string) =>
      objects.patchNamespacedCustomObject({
        ...twilioNumberResource,
        namespace,
        name: "immutable",
        body: [{ op: "replace", path, value }],
      });
    expect((await expectRejection(patch("/spec/userId", "someone-else"))).message).toContain(
      "userId is immutable",
    );
    expect((await expectRejection(patch("/spec/countryCode", "GB"))).message).toContain(
      "countryCode is immutable",
    );
    // Mutable fields still change.
    await patch("/spec/areaCode", "212");
  });

  it("refuses a KeyRotation whose algorithm does not fit its type", async () => {
    const rejection = await expectRejection(
      createKeyRotation("mismatch", { secretName: "jwt-keys", type: "HMAC", algorithm: "ES256" }),
    );
    expect(rejection.message).toContain("algorithm must match type");
  });

  it("refuses a KeyRotation whose overlap is shorter than token lifetime plus reload delay", async () => {
    const rejection = await expectRejection(
      createKeyRotation("short-overlap", {
        secretName: "jwt-keys",
        type: "JWTSigningKey",
        algorithm: "ES256",
        tokenLifetime: "15m",
        overlap: "10m",
      }),
    );
    expect(rejection.message).toContain("overlap must be at least tokenLifetime + reloadDelay");
  });

  it("admits a valid KeyRotation with its defaults", async () => {
    const created = (await createKeyRotation("jwt", {
      secretName: "jwt-keys",
      type: "JWTSigningKey",
      algorithm: "EdDSA",
    })) as {
      spec: KeyRotationSpec;
    };
    expect(created.spec).toMatchObject({
      rotationInterval: "720h",
      overlap: "30m",
      activationDelay: "2m",
      revisionHistoryLimit: 3,
    });
  });
});
