// Numbers under churn: 500 TwilioNumbers are created, a third of them deleted and re-created while
// the others are still being provisioned, and Postgres is restarted once in the middle. Afterwards
// phone_numbers must equal the Ready CRs exactly (number, CR and user), and a text to every Ready
// number must be answered from that number. The operator runs as a process with its own
// least-privilege token, the SMS path (router, agent, workers with the leader-elected number
// mirror) as processes, all against one Twilio emulator.
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { twilioNumberResource } from "@phoenix/crds/twilio-number";
import type { TwilioNumber } from "@phoenix/crds/twilio-number";
import { KubeClient, statusCodeOf } from "@phoenix/kube/kube-client";
import { beforeAll, describe, expect, it } from "vitest";
import { setupOperatorEnvironment, startOperator } from "../../operators/phoenix-operator/test/harness.ts";
import type { OperatorEnvironment } from "../../operators/phoenix-operator/test/harness.ts";
import { adminConfig, eventually } from "../support/kube.ts";
import { localEnv, repoRoot } from "../support/local-env.ts";
import { startSmsPath } from "../support/sms-path.ts";
import type { SmsPath, TestUser } from "../support/sms-path.ts";

const TOTAL = 500;
const RECREATED = 170;
const run = promisify(execFile);

/** Runs `work` over `items`, at most `width` at a time. */
async function inBatches<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(work));
}

const isReady = (tn: TwilioNumber) =>
  !tn.metadata.deletionTimestamp &&
  (tn.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false);

/** Stops the local Postgres with a fast shutdown (as `make data-down` does) and starts it again. */
async function restartPostgres(): Promise<void> {
  const pid = Number(readFileSync(path.join(repoRoot, ".local/run/postgres.pid"), "utf8"));
  process.kill(pid, "SIGINT");
  await eventually(
    "postgres stopped",
    () => {
      try {
        process.kill(pid, 0);
        return Promise.resolve(undefined);
      } catch {
        return Promise.resolve(true);
      }
    },
    30_000,
  );
  await run("bash", [path.join(repoRoot, "tools/data.sh"), "up"], { cwd: repoRoot });
}

describe("500 TwilioNumbers created, deleted and re-created while Postgres restarts", () => {
  const admin = new KubeClient(adminConfig());
  let env: OperatorEnvironment;
  let sms: SmsPath;
  const users = new Map<string, TestUser & { name: string }>();

  beforeAll(async () => {
    // Enough numbers for every purchase, re-created ones included (released numbers are not resold at once).
    env = await setupOperatorEnvironment("chaos", { poolPerAreaCode: 400 });
    return () => env.teardown();
  }, 180_000);
  beforeAll(async () => {
    sms = await startSmsPath({
      emulator: env.emulator,
      env: {
        NUMBER_SYNC: "kubernetes",
        NUMBER_SYNC_NAMESPACE: env.namespace,
        NUMBER_SYNC_LEASE_NAMESPACE: env.namespace,
        KUBECONFIG: localEnv.kubeconfig,
      },
    });
    return () => sms.close();
  }, 180_000);
  beforeAll(async () => {
    await startOperator(env, {
      PUBLIC_BASE_URL: sms.publicBaseUrl,
      TWILIO_RATE_PER_SECOND: "1000",
      TWILIO_BURST: "1000",
      LOG_LEVEL: "warn",
    });
    const created = await sms.asSystem<{ id: string; phone_e164: string }>(
      `INSERT INTO users (phone_e164, plan, time_zone)
       SELECT '+1917' || lpad(n::text, 7, '0'), 'free', 'America/New_York' FROM generate_series(1, $1) AS n
       RETURNING id, phone_e164`,
      [TOTAL],
    );
    created.forEach((row, i) =>
      users.set(row.id, { id: row.id, phone: row.phone_e164, number: "", name: `chaos-${i}` }),
    );
  }, 180_000);

  const create = (user: TestUser & { name: string }) =>
    admin.create<TwilioNumber>(twilioNumberResource, {
      apiVersion: `${twilioNumberResource.group}/${twilioNumberResource.version}`,
      kind: "TwilioNumber",
      metadata: { name: user.name, namespace: env.namespace },
      spec: { userId: user.id, countryCode: "US", releasePolicy: "Release" },
    });
  const ref = (user: { name: string }) => ({ namespace: env.namespace, name: user.name });
  const gone = async (user: { name: string }) => {
    try {
      await admin.get(twilioNumberResource, ref(user));
      return undefined;
    } catch (error) {
      if (statusCodeOf(error) === 404) return true;
      throw error;
    }
  };
  const numbers = async () =>
    (await admin.list<TwilioNumber>(twilioNumberResource, { namespace: env.namespace })).items;

  it("ends with phone_numbers equal to the Ready CRs, and every Ready number answers", async () => {
    const all = [...users.values()];
    await inBatches(all, 50, create);
    // Churn while most are still provisioning, and restart Postgres in the middle of it.
    const churn = inBatches(all.slice(0, RECREATED), 34, async (user) => {
      await admin.delete(twilioNumberResource, ref(user));
      await eventually(`${user.name} released`, () => gone(user), 120_000);
      await create(user);
    });
    const restart = eventually("a few numbers Ready", async () =>
      (await numbers()).filter(isReady).length >= 50 ? true : undefined,
    ).then(restartPostgres);
    await Promise.all([churn, restart]);

    const ready = await eventually(
      "every TwilioNumber Ready",
      async () => {
        const items = await numbers();
        return items.length === TOTAL && items.every(isReady) ? items : undefined;
      },
      240_000,
    );
    const expected = ready
      .map(
        (tn) =>
          `${String(tn.status!.phoneNumber)} ${env.namespace}/${String(tn.metadata.name)} ${tn.spec.userId}`,
      )
      .sort();
    const mirrored = async () =>
      (
        await sms.asSystem<{ row: string }>(
          "SELECT e164 || ' ' || source || ' ' || user_id AS row FROM phone_numbers WHERE active ORDER BY 1",
        )
      ).map((r) => r.row);
    await eventually(
      "phone_numbers equal to the Ready CRs",
      async () => (JSON.stringify(await mirrored()) === JSON.stringify(expected) ? true : undefined),
      60_000,
    ).catch(async (error: unknown) => {
      const rows = new Set(await mirrored());
      const missing = expected.filter((row) => !rows.has(row));
      const extra = [...rows].filter((row) => !expected.includes(row));
      writeFileSync(path.join(repoRoot, ".local/logs/chaos-workers.log"), sms.workers.output());
      throw new Error(
        `${String(error)}; ${missing.length} missing: ${missing.slice(0, 5).join(", ")}; ${extra.length} extra: ${extra.slice(0, 5).join(", ")}\nworkers: ${sms.workers.output().slice(-3000)}`,
      );
    });

    for (const tn of ready) users.get(tn.spec.userId)!.number = tn.status!.phoneNumber!;
    const texted = [...users.values()];
    await inBatches(texted, 25, async (user) => {
      const answer = await sms.text(user, "help");
      expect(answer.status, `${user.number} webhook`).toBe(200);
    });
    const unanswered = await eventually(
      "a reply to every text",
      async () => {
        const sent = await env.emulator.control.messages({ direction: "outbound-api" });
        const answered = new Set(sent.map((m) => `${m.from}>${m.to}`));
        const left = texted.filter((user) => !answered.has(`${user.number}>${user.phone}`));
        return left.length === 0 ? left : undefined;
      },
      180_000,
    );
    expect(unanswered).toEqual([]);
  }, 900_000);
});
