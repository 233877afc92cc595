// /v1/admin/events in the production configuration (admin role and a session that passed MFA): the
// event store's status, "process now" (one maintenance job, queued once), "reprocess" by content
// hash or filter (idempotent), and events per app and day.
import { eventHash } from "@phoenix/store";
import { beforeAll, describe, expect, it } from "vitest";
import { bearer, enrolMfa, loginWithMfa, signup, signupAdmin, startTestApi } from "./harness.ts";
import type { SignedUp, TestApi } from "./harness.ts";

describe("admin: the event store", () => {
  let api: TestApi;
  let admin: string;
  beforeAll(async () => {
    api = await startTestApi({ env: { ADMIN_REQUIRE_MFA: "true", RATE_LIMIT_LOGIN_ATTEMPTS: "1000" } });
    const { user } = await signupAdmin(api);
    const secret = await enrolMfa(api, user.accessToken);
    admin = (await loginWithMfa(api, user, secret)).json<{ accessToken: string }>().accessToken;
    return () => api.close();
  });

  const call = (method: "GET" | "POST", url: string, payload?: object, token = admin) =>
    api.app.inject({
      method,
      url: `/v1/admin/events${url}`,
      headers: bearer(token),
      ...(payload && { payload }),
    });

  /** An SMS event and a web event (through the Today API) for a fresh user. */
  async function eventsOf(): Promise<{ user: SignedUp; smsHash: string }> {
    const user = await signup(api);
    const occurredAt = new Date();
    const sms = {
      userId: user.userId,
      type: "sms.received",
      payload: { messageId: user.userId },
      occurredAt,
    };
    await api.asSystem(
      "INSERT INTO events (user_id, source_app, type, payload, content_hash, occurred_at) VALUES ($1, 'sms', $2, $3, $4, $5)",
      [user.userId, sms.type, sms.payload, eventHash(sms), occurredAt],
    );
    await api.app.inject({
      method: "POST",
      url: "/v1/today/tasks",
      headers: bearer(user.accessToken),
      payload: { title: "from the web" },
    });
    return { user, smsHash: eventHash(sms).toString("hex") };
  }

  it("keeps users out, and admins whose session did not pass MFA", async () => {
    const user = await signup(api);
    const asUser = await call("GET", "/status", undefined, user.accessToken);
    expect(asUser.statusCode).toBe(403);
    expect(asUser.json<{ error: string }>().error).toBe("forbidden");
    const { token: noMfa } = await signupAdmin(api);
    const asAdmin = await call("POST", "/process", undefined, noMfa);
    expect(asAdmin.statusCode).toBe(403);
    expect(asAdmin.json<{ error: string }>().error).toBe("mfa_required");
    expect(await api.context.queues.maintenance.getJob("process-now")).toBeUndefined();
  });

  it("counts pending events and queues one maintenance run however often 'process now' is pressed", async () => {
    await eventsOf();
    const status = (await call("GET", "/status")).json<{ pending: number; oldestPendingAt: string | null }>();
    expect(status.pending).toBeGreaterThanOrEqual(2);
    expect(status.oldestPendingAt).not.toBeNull();
    const first = await call("POST", "/process");
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ jobId: "process-now", state: "waiting" });
    expect((await call("POST", "/process")).json<{ jobId: string }>().jobId).toBe("process-now");
    expect(await api.context.queues.maintenance.getWaitingCount()).toBe(1);
    const after = (await call("GET", "/status")).json<{ maintenance: { waiting: number } }>();
    expect(after.maintenance.waiting).toBe(1);
  });

  it("makes events pending again by content hash, once; a second request resets nothing", async () => {
    const { user, smsHash } = await eventsOf();
    // As the processor would have left them.
    await api.asSystem("UPDATE events SET processed_at = now() WHERE user_id = $1", [user.userId]);
    const first = await call("POST", "/reprocess", { contentHashes: [smsHash] });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ matched: 1, reset: 1, jobId: "process-now" });
    expect((await call("POST", "/reprocess", { contentHashes: [smsHash] })).json()).toMatchObject({
      matched: 1,
      reset: 0,
    });
    const rows = await api.asSystem<{ source_app: string; pending: boolean }>(
      "SELECT source_app, processed_at IS NULL AS pending FROM events WHERE user_id = $1 ORDER BY source_app",
      [user.userId],
    );
    expect(rows).toEqual([
      { source_app: "sms", pending: true },
      { source_app: "web", pending: false },
    ]);
  });

  it("reprocesses by source app and time range, and refuses an unbounded or inverted selection", async () => {
    const { user } = await eventsOf();
    await api.asSystem("UPDATE events SET processed_at = now() WHERE user_id = $1", [user.userId]);
    const since = new Date(Date.now() - 60_000).toISOString();
    const web = (await call("POST", "/reprocess", { sourceApp: "web", since })).json<{ reset: number }>();
    expect(web.reset).toBeGreaterThanOrEqual(1);
    for (const [payload, code] of [
      [{ sourceApp: "web" }, "validation_error"],
      [{ since, until: since }, "validation_error"],
      [{ contentHashes: ["xyz"] }, "validation_error"],
      [{}, "validation_error"],
    ] as const) {
      const refused = await call("POST", "/reprocess", payload);
      expect(refused.statusCode, JSON.stringify(payload)).toBe(400);
      expect(refused.json<{ error: string }>().error).toBe(code);
    }
  });

  it("counts events per app and UTC day", async () => {
    const before = (await call("GET", "/daily?days=1")).json<Array<{ sourceApp: string; count: number }>>();
    await eventsOf();
    const after = (await call("GET", "/daily?days=1")).json<
      Array<{ day: string; sourceApp: string; count: number }>
    >();
    const count = (rows: typeof before, app: string) => rows.find((row) => row.sourceApp === app)?.count ?? 0;
    expect(count(after, "sms")).toBe(count(before, "sms") + 1);
    expect(count(after, "web")).toBe(count(before, "web") + 1);
    expect(after.every((row) => row.day === new Date().toISOString().slice(0, 10))).toBe(true);
    expect((await call("GET", "/daily?days=0")).statusCode).toBe(400);
  });
});
