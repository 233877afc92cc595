// One SMS quota: texts stored as the router stores them go through the agent's handling, which
// enforces the plan's daily limit in the user's time zone, and GET /v1/me/quota reports the very
// count the agent enforced: used, remaining and the next local midnight. The agent's and the API's
// limits come from the same variables (QUOTA_FREE_PER_DAY, QUOTA_PREMIUM_PER_DAY) in one env.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "@phoenix/kernel/config";
import { quotaLimits } from "@phoenix/store";
import { agentConfigSchema } from "../../services/agent/src/config.ts";
import { handleInbound } from "../../services/agent/src/inbound.ts";
import type { AgentDeps } from "../../services/agent/src/inbound.ts";
import { bearer, signup, startTestApi } from "./harness.ts";
import type { SignedUp, TestApi } from "./harness.ts";

interface QuotaBody {
  scope: string;
  plan: string;
  limit: number;
  used: number;
  remaining: number;
  day: string;
  timeZone: string;
  resetsAt: string;
  resetSeconds: number;
}

describe("GET /v1/me/quota reports the quota the agent enforces", () => {
  let api: TestApi;
  let agent: AgentDeps;
  let clock = new Date();

  beforeAll(async () => {
    api = await startTestApi({ env: { QUOTA_FREE_PER_DAY: "3" }, overrides: { now: () => clock } });
    return () => api.close();
  });
  beforeAll(() => {
    // The agent reads the same environment as the API: one set of variables, one default each.
    const agentConfig = loadConfig(agentConfigSchema, api.env);
    agent = {
      pool: api.pool,
      queues: api.context.queues,
      quotas: quotaLimits(agentConfig),
      now: () => clock,
    };
  });

  async function userIn(timeZone: string): Promise<SignedUp> {
    const user = await signup(api);
    const patched = await api.app.inject({
      method: "PATCH",
      url: "/v1/me",
      headers: bearer(user.accessToken),
      payload: { timeZone },
    });
    expect(patched.statusCode).toBe(200);
    return user;
  }

  /** A text stored as the router stores it, arriving at `at`, then handled by the agent; its intent. */
  async function text(user: SignedUp, at: string): Promise<string | null> {
    clock = new Date(at);
    const [row] = await api.asSystem<{ id: string }>(
      `INSERT INTO messages (user_id, direction, twilio_sid, from_e164, to_e164, body, status, segments, created_at)
       VALUES ($1, 'inbound', $2, '+16465550100', '+14155550100', 'help', 'received', 1, $3) RETURNING id`,
      [user.userId, `SM${randomBytes(16).toString("hex")}`, clock],
    );
    const handled = await handleInbound(agent, row!.id, user.userId);
    expect(handled.outcome).not.toBe("missing");
    return handled.intent;
  }

  async function quotaAt(user: SignedUp, at: string): Promise<QuotaBody> {
    clock = new Date(at);
    const response = await api.app.inject({
      method: "GET",
      url: "/v1/me/quota",
      headers: bearer(user.accessToken),
    });
    expect(response.statusCode).toBe(200);
    return response.json<QuotaBody>();
  }

  it("counts the local day of a user at UTC+14 across their midnight, not the UTC day", async () => {
    // Pacific/Kiritimati is UTC+14: local midnight of 10 March 2026 is 09 March 10:00Z, so every
    // text below falls on the same UTC day while spanning two local days.
    const user = await userIn("Pacific/Kiritimati");
    const intents = [];
    for (const at of ["2026-03-09T09:40:00Z", "2026-03-09T09:50:00Z", "2026-03-09T09:55:00Z"])
      intents.push(await text(user, at));
    expect(intents).toEqual(["help", "help", "help"]);
    expect(await quotaAt(user, "2026-03-09T09:56:00Z")).toEqual({
      scope: "sms",
      plan: "free",
      limit: 3,
      used: 3,
      remaining: 0,
      day: "2026-03-09",
      timeZone: "Pacific/Kiritimati",
      resetsAt: "2026-03-09T10:00:00.000Z",
      resetSeconds: 240,
    });
    // remaining 0 is what the agent does: the next text of the local day is refused.
    expect(await text(user, "2026-03-09T09:59:59Z")).toBe("quota.exceeded");
    expect(await quotaAt(user, "2026-03-09T09:59:59.500Z")).toMatchObject({ used: 4, remaining: 0 });

    // One second past local midnight: a new day for the agent and for the API alike.
    expect(await quotaAt(user, "2026-03-09T10:00:00Z")).toMatchObject({
      used: 0,
      remaining: 3,
      day: "2026-03-10",
      resetsAt: "2026-03-10T10:00:00.000Z",
      resetSeconds: 86_400,
    });
    expect(await text(user, "2026-03-09T10:00:01Z")).toBe("help");
    expect(await quotaAt(user, "2026-03-09T10:00:02Z")).toMatchObject({
      used: 1,
      remaining: 2,
      day: "2026-03-10",
    });
  });

  it("counts the local day of a user at UTC−11, whose midnight is 11:00Z", async () => {
    const user = await userIn("Pacific/Pago_Pago");
    // 10:58Z and 10:59Z are the end of 8 March there; 11:00Z on is 9 March.
    expect(await text(user, "2026-03-09T10:58:00Z")).toBe("help");
    expect(await text(user, "2026-03-09T10:59:00Z")).toBe("help");
    expect(await quotaAt(user, "2026-03-09T10:59:30Z")).toMatchObject({
      used: 2,
      remaining: 1,
      day: "2026-03-08",
      resetsAt: "2026-03-09T11:00:00.000Z",
      resetSeconds: 30,
    });
    for (const at of ["2026-03-09T11:00:00Z", "2026-03-09T11:01:00Z", "2026-03-09T11:02:00Z"])
      expect(await text(user, at)).toBe("help");
    expect(await text(user, "2026-03-09T11:03:00Z")).toBe("quota.exceeded");
    expect(await quotaAt(user, "2026-03-09T11:04:00Z")).toMatchObject({
      used: 4,
      remaining: 0,
      day: "2026-03-09",
      resetsAt: "2026-03-10T11:00:00.000Z",
    });
  });

  it("reports the premium limit from the same variables (default 500) for a premium user", async () => {
    const user = await userIn("Europe/Paris");
    await api.asSystem("UPDATE users SET plan = 'premium' WHERE id = $1", [user.userId]);
    expect(agent.quotas.premium).toBe(500);
    for (const at of [
      "2026-03-09T22:30:00Z",
      "2026-03-09T22:40:00Z",
      "2026-03-09T22:50:00Z",
      "2026-03-09T22:55:00Z",
    ])
      expect(await text(user, at)).toBe("help");
    expect(await quotaAt(user, "2026-03-09T22:59:00Z")).toMatchObject({
      plan: "premium",
      limit: 500,
      used: 4,
      remaining: 496,
      day: "2026-03-09",
      resetsAt: "2026-03-09T23:00:00.000Z",
    });
  });
});
