// Numbers and GDPR with the real operator (its own ServiceAccount) and the Twilio emulator: the API
// creates the user's TwilioNumber with a token of its own ServiceAccount (the chart's rules, no
// more), shows it Ready with its number, releases it; the export holds every table's rows of the
// user and nothing of anyone else; deletion leaves no row, no queued job, and the number released
// at Twilio, plus one anonymised audit entry.
import { beforeAll, describe, expect, it } from "vitest";
import { CoreV1Api, CustomObjectsApi } from "@kubernetes/client-node";
import { keyRotationResource, twilioNumberResource } from "@phoenix/crds";
import { startOperator } from "../../operators/phoenix-operator/test/harness.ts";
import type { OperatorEnvironment, OperatorProcess } from "../../operators/phoenix-operator/test/harness.ts";
import { setupTwilioNumberEnvironment } from "../../operators/phoenix-operator/test/twilio-number/probes.ts";
import { adminConfig, eventually, expectRejection, tokenConfig } from "../support/kube.ts";
import { seedEverything } from "./builders.ts";
import { apiServiceAccount, bearer, signup, signupAdmin, startTestApi, uniquePhone } from "./harness.ts";
import type { ApiServiceAccount, SignedUp, TestApi } from "./harness.ts";
import { userTables } from "../../services/api/src/gdpr/export.ts";
import { withSystem } from "@phoenix/store";

interface NumberView {
  name: string;
  state: string;
  phoneNumber: string | null;
}

describe("numbers and GDPR with the operator", () => {
  let env: OperatorEnvironment;
  let operator: OperatorProcess;
  let kube: ApiServiceAccount;
  let api: TestApi;

  beforeAll(async () => {
    env = await setupTwilioNumberEnvironment("apinum");
    return () => env.teardown();
  });
  beforeAll(async () => {
    operator = await startOperator(env);
    return () => operator.stop();
  });
  beforeAll(async () => {
    kube = await apiServiceAccount(env.namespace);
    api = await startTestApi({
      kube,
      env: { RATE_LIMIT_LOGIN_ATTEMPTS: "1000", KEY_ROTATION_NAMESPACE: env.namespace },
    });
    return () => api.close();
  });

  const numberOf = (user: SignedUp) =>
    api.app.inject({ method: "GET", url: "/v1/me/number", headers: bearer(user.accessToken) });
  const readyNumber = (user: SignedUp) =>
    eventually(
      "the number Ready",
      async () => {
        const view = (await numberOf(user)).json<NumberView>();
        return view.state === "ready" && view.phoneNumber ? view : undefined;
      },
      60_000,
    ).catch(async (err: unknown) => {
      const cr: unknown = await adminConfig()
        .makeApiClient(CustomObjectsApi)
        .getNamespacedCustomObject({
          ...twilioNumberResource,
          namespace: env.namespace,
          name: `user-${user.userId}`,
        });
      throw new Error(
        `${(err as Error).message}\n${JSON.stringify(cr)}\n${operator.logs.slice(-15).join("\n")}`,
      );
    });
  const ownedAtTwilio = async () =>
    new Set(((await env.emulator.control.state()).numbers ?? []).map((n) => n.phoneNumber));

  it("the API's ServiceAccount may touch TwilioNumbers and nothing else", async () => {
    const token = JSON.parse(
      await import("node:fs").then((fs) => fs.readFileSync(kube.kubeconfig, "utf8")),
    ) as {
      users: Array<{ user: { token: string } }>;
    };
    const core = tokenConfig(token.users[0]!.user.token).makeApiClient(CoreV1Api);
    const denied = await expectRejection(core.listNamespacedSecret({ namespace: env.namespace }));
    expect(denied.code).toBe(403);
    expect(denied.message).toContain(`system:serviceaccount:${env.namespace}:phoenix-api`);
  });

  it("activates, shows and releases the user's number through the TwilioNumber CR", async () => {
    const user = await signup(api);
    const created = await api.app.inject({
      method: "POST",
      url: "/v1/me/number",
      headers: bearer(user.accessToken),
      payload: { areaCode: "415" },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json<NumberView>()).toMatchObject({ name: `user-${user.userId}`, state: "provisioning" });
    const again = await api.app.inject({
      method: "POST",
      url: "/v1/me/number",
      headers: bearer(user.accessToken),
    });
    expect(again.statusCode).toBe(200);

    const cr = (await adminConfig()
      .makeApiClient(CustomObjectsApi)
      .getNamespacedCustomObject({
        ...twilioNumberResource,
        namespace: env.namespace,
        name: `user-${user.userId}`,
      })) as {
      spec: { userId: string };
    };
    expect(cr.spec.userId).toBe(user.userId);

    const ready = await readyNumber(user);
    expect(ready.phoneNumber).toMatch(/^\+1415\d{7}$/);
    expect(await ownedAtTwilio()).toContain(ready.phoneNumber);

    const released = await api.app.inject({
      method: "DELETE",
      url: "/v1/me/number",
      headers: bearer(user.accessToken),
    });
    expect(released.statusCode).toBe(204);
    await eventually(
      "the CR gone",
      async () => ((await numberOf(user)).statusCode === 404 ? true : undefined),
      60_000,
    );
    expect(await ownedAtTwilio()).not.toContain(ready.phoneNumber);
    const bad = await api.app.inject({
      method: "POST",
      url: "/v1/me/number",
      headers: bearer(user.accessToken),
      payload: { areaCode: "x1" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toContain("body/areaCode");
  });

  const rowsOf = async (userId: string): Promise<Record<string, number>> =>
    withSystem(api.pool, async (tx) => {
      const counts: Record<string, number> = {};
      for (const table of await userTables(tx)) {
        const { rows } = await tx.query<{ n: string }>(
          `SELECT count(*) AS n FROM "${table}" WHERE user_id = $1`,
          [userId],
        );
        counts[table] = Number(rows[0]!.n);
      }
      const users = await tx.query<{ n: string }>("SELECT count(*) AS n FROM users WHERE id = $1", [userId]);
      counts["users"] = Number(users.rows[0]!.n);
      return counts;
    });

  it("exports every table's rows of the user and nothing of anyone else; deletion removes everything", async () => {
    const user = await signup(api, { phone: uniquePhone() });
    const other = await signup(api, { phone: uniquePhone() });
    await api.app.inject({ method: "POST", url: "/v1/me/number", headers: bearer(user.accessToken) });
    const number = await readyNumber(user);
    await seedEverything(api, user, number.phoneNumber!);
    await seedEverything(api, other, "+14155550199");

    const before = await rowsOf(user.userId);
    const empty = Object.entries(before).filter(([, n]) => n === 0);
    expect(empty, "the seed covers every user table").toEqual([]);

    const response = await api.app.inject({
      method: "GET",
      url: "/v1/me/export",
      headers: bearer(user.accessToken),
    });
    expect(response.statusCode).toBe(200);
    const data = response.json<{
      user: { id: string };
      tables: Record<string, Array<Record<string, unknown>>>;
      number: NumberView | null;
    }>();
    expect(data.user.id).toBe(user.userId);
    // The users row as stored, the language preference (null: not chosen) included.
    expect(data.user).toHaveProperty("language", null);
    for (const [table, count] of Object.entries(before)) {
      if (table === "users") continue;
      expect(data.tables[table]?.length, table).toBe(count);
      expect(
        data.tables[table]!.every((row) => row["user_id"] === user.userId),
        table,
      ).toBe(true);
    }
    expect(data.number).toMatchObject({ state: "ready", phoneNumber: number.phoneNumber });
    expect(response.body).not.toContain(other.userId);
    expect(response.body).not.toContain(other.email);
    expect(JSON.stringify(data.tables["credentials"])).toContain("[redacted]");
    expect(response.body).not.toMatch(/\$argon2id\$/);

    const other1 = await api.app.inject({
      method: "GET",
      url: "/v1/me/export",
      headers: bearer(other.accessToken),
    });
    expect(other1.body).not.toContain(user.userId);

    const deleted = await api.app.inject({
      method: "DELETE",
      url: "/v1/me",
      headers: bearer(user.accessToken),
      payload: { password: user.password },
    });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json()).toMatchObject({ deleted: true, jobsRemoved: 2, numberReleased: true });

    const after = await rowsOf(user.userId);
    expect(
      Object.values(after).every((n) => n === 0),
      JSON.stringify(after),
    ).toBe(true);
    // The other user is untouched.
    expect(Object.values(await rowsOf(other.userId)).every((n) => n > 0)).toBe(true);

    for (const queue of Object.values(api.context.queues)) {
      const jobs = await queue.getJobs(["waiting", "delayed", "prioritized", "waiting-children", "active"]);
      expect(
        jobs.filter((job) => (job.data as { userId?: string }).userId === user.userId),
        queue.name,
      ).toEqual([]);
    }
    expect((await api.context.queues.reminders.getJob(`r-${other.userId}`))?.data.userId).toBe(other.userId);

    await eventually(
      "the number released at Twilio",
      async () => ((await ownedAtTwilio()).has(number.phoneNumber!) ? undefined : true),
      60_000,
    );

    const audit = await api.asSystem<{ action: string; details: unknown }>(
      "SELECT action, details FROM audit_log WHERE action = 'account.deleted' ORDER BY id DESC LIMIT 1",
    );
    expect(audit[0]?.action).toBe("account.deleted");
    const text = JSON.stringify(audit[0]!.details);
    expect(text).not.toContain(user.userId);
    expect(text).not.toContain(user.email);

    // The token outlives the account by at most its lifetime, and reaches nothing.
    const ghost = await api.app.inject({ method: "GET", url: "/v1/me", headers: bearer(user.accessToken) });
    expect(ghost.statusCode).toBe(404);
    const ghostNumber = await api.app.inject({
      method: "POST",
      url: "/v1/me/number",
      headers: bearer(user.accessToken),
    });
    expect(ghostNumber.statusCode).toBe(404);
  });

  it("records and withdraws consents with policy version and timestamps", async () => {
    const user = await signup(api);
    const consent = (payload: object) =>
      api.app.inject({ method: "POST", url: "/v1/me/consents", headers: bearer(user.accessToken), payload });
    expect((await consent({ type: "marketing", policyVersion: "v1" })).statusCode).toBe(201);
    expect((await consent({ type: "marketing", policyVersion: "v1" })).statusCode).toBe(200);
    expect((await consent({ type: "marketing", policyVersion: "v2" })).statusCode).toBe(201);
    expect(
      (await consent({ type: "Bad Type", policyVersion: "v1" })).json<{ message: string }>().message,
    ).toContain("body/type");
    const withdrawn = await api.app.inject({
      method: "DELETE",
      url: "/v1/me/consents/marketing",
      headers: bearer(user.accessToken),
    });
    expect(withdrawn.json<{ withdrawnAt: string | null }>().withdrawnAt).not.toBeNull();
    const list = (
      await api.app.inject({ method: "GET", url: "/v1/me/consents", headers: bearer(user.accessToken) })
    ).json<Array<{ policyVersion: string; withdrawnAt: string | null }>>();
    expect(list.map((c) => [c.policyVersion, c.withdrawnAt !== null])).toEqual([
      ["v1", true],
      ["v2", true],
    ]);
    const again = await api.app.inject({
      method: "DELETE",
      url: "/v1/me/consents/marketing",
      headers: bearer(user.accessToken),
    });
    expect(again.statusCode).toBe(404);
  });

  it("an admin triggers a key rotation through the KeyRotation's annotation", async () => {
    const objects = adminConfig().makeApiClient(CustomObjectsApi);
    await objects.createNamespacedCustomObject({
      ...keyRotationResource,
      namespace: env.namespace,
      body: {
        apiVersion: `${keyRotationResource.group}/${keyRotationResource.version}`,
        kind: keyRotationResource.kind,
        metadata: { name: "phoenix-jwt" },
        spec: { secretName: "phoenix-jwt-keys", type: "JWTSigningKey", algorithm: "ES256" },
      },
    });
    const { token } = await signupAdmin(api);
    const rotate = await api.app.inject({
      method: "POST",
      url: "/v1/admin/keys/jwt/rotate",
      headers: bearer(token),
    });
    expect(rotate.statusCode, rotate.body).toBe(202);
    const { trigger } = rotate.json<{ trigger: string }>();
    const cr = (await objects.getNamespacedCustomObject({
      ...keyRotationResource,
      namespace: env.namespace,
      name: "phoenix-jwt",
    })) as { metadata: { annotations?: Record<string, string> } };
    expect(cr.metadata.annotations?.["phoenix.dev/rotate"]).toBe(trigger);
    const missing = await api.app.inject({
      method: "POST",
      url: "/v1/admin/keys/internal/rotate",
      headers: bearer(token),
    });
    expect(missing.statusCode).toBe(404);
    const user = await signup(api);
    const denied = await api.app.inject({
      method: "POST",
      url: "/v1/admin/keys/jwt/rotate",
      headers: bearer(user.accessToken),
    });
    expect(denied.statusCode).toBe(403);
  });

  it("an admin can force the release of a user's number", async () => {
    const user = await signup(api);
    const { token: adminToken } = await signupAdmin(api);
    await api.app.inject({ method: "POST", url: "/v1/me/number", headers: bearer(user.accessToken) });
    const ready = await readyNumber(user);
    const forbidden = await api.app.inject({
      method: "DELETE",
      url: `/v1/admin/users/${user.userId}/number`,
      headers: bearer(user.accessToken),
    });
    expect(forbidden.statusCode).toBe(403);
    const forced = await api.app.inject({
      method: "DELETE",
      url: `/v1/admin/users/${user.userId}/number`,
      headers: bearer(adminToken),
    });
    expect(forced.statusCode).toBe(204);
    await eventually(
      "released",
      async () => ((await ownedAtTwilio()).has(ready.phoneNumber!) ? undefined : true),
      60_000,
    );
  });
});
