// The TwilioNumber → phone_numbers mirror against the real API server: a number becomes routable
// when its CR is Ready with a phone number, and stops being routable when the CR is deleted.
import { CoreV1Api, CustomObjectsApi } from "@kubernetes/client-node";
import { twilioNumberResource } from "@phoenix/crds/twilio-number";
import { createLogger } from "@phoenix/kernel/log";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installCrds } from "../../../test/support/crds.ts";
import {
  adminConfig,
  createNamespace,
  deleteNamespace,
  eventually,
  uniqueName,
} from "../../../test/support/kube.ts";
import { localEnv } from "../../../test/support/local-env.ts";
import { migratedDatabase, seedUser, systemQuery } from "../../../test/support/sms-data.ts";
import type { TestDatabase } from "../../../test/support/sms-data.ts";
import { startNumberSync } from "../src/number-sync.ts";

const { group, version, plural } = twilioNumberResource;

describe("TwilioNumber mirror", () => {
  const namespace = uniqueName("numsync");
  const kc = adminConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  let db: TestDatabase;
  let sync: { close: () => Promise<void> };

  beforeAll(async () => {
    await installCrds();
    await createNamespace(core, namespace);
    db = await migratedDatabase();
    sync = await startNumberSync({
      pool: db.pool,
      logger: createLogger({ name: "number-sync-test", level: "silent" }),
      kubeconfig: localEnv.kubeconfig,
      namespace,
    });
  });
  afterAll(async () => {
    await sync?.close();
    await db?.close();
    await deleteNamespace(core, namespace);
  });

  const activeNumbers = (userId: string) =>
    systemQuery<{ e164: string; source: string }>(
      db.pool,
      "SELECT e164, source FROM phone_numbers WHERE user_id = $1 AND active",
      [userId],
    );

  it("mirrors a Ready number to its user and retires it when the CR is deleted", async () => {
    const user = await seedUser(db.pool, { number: "+14155550000" });
    await systemQuery(db.pool, "UPDATE phone_numbers SET active = false WHERE user_id = $1", [user.id]);
    const name = "user-number";
    await custom.createNamespacedCustomObject({
      group,
      version,
      plural,
      namespace,
      body: {
        apiVersion: `${group}/${version}`,
        kind: "TwilioNumber",
        metadata: { name },
        spec: { userId: user.id },
      },
    });
    // Not Ready yet: nothing is routable.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await activeNumbers(user.id)).toEqual([]);

    const now = new Date().toISOString();
    await custom.replaceNamespacedCustomObjectStatus({
      group,
      version,
      plural,
      namespace,
      name,
      body: {
        ...((await custom.getNamespacedCustomObject({ group, version, plural, namespace, name })) as object),
        status: {
          phoneNumber: "+14155550123",
          sid: "PN0123456789abcdef0123456789abcdef",
          conditions: [
            { type: "Ready", status: "True", reason: "Provisioned", message: "", lastTransitionTime: now },
          ],
        },
      },
    });
    await eventually("number mirrored", async () => {
      const rows = await activeNumbers(user.id);
      return rows.length === 1 ? rows : undefined;
    });
    expect(await activeNumbers(user.id)).toEqual([{ e164: "+14155550123", source: `${namespace}/${name}` }]);

    await custom.deleteNamespacedCustomObject({ group, version, plural, namespace, name });
    await eventually("number retired", async () =>
      (await activeNumbers(user.id)).length === 0 ? true : undefined,
    );
  });

  it("ignores a CR whose userId is no user of ours", async () => {
    const name = "stranger";
    await custom.createNamespacedCustomObject({
      group,
      version,
      plural,
      namespace,
      body: {
        apiVersion: `${group}/${version}`,
        kind: "TwilioNumber",
        metadata: { name },
        spec: { userId: "not-a-user" },
      },
    });
    const body = (await custom.getNamespacedCustomObject({
      group,
      version,
      plural,
      namespace,
      name,
    })) as object;
    await custom.replaceNamespacedCustomObjectStatus({
      group,
      version,
      plural,
      namespace,
      name,
      body: {
        ...body,
        status: {
          phoneNumber: "+14155550199",
          conditions: [
            {
              type: "Ready",
              status: "True",
              reason: "Provisioned",
              message: "",
              lastTransitionTime: new Date().toISOString(),
            },
          ],
        },
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(
      await systemQuery(db.pool, "SELECT 1 FROM phone_numbers WHERE e164 = '+14155550199'"),
    ).toHaveLength(0);
  });
});
