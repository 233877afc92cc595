// The TwilioNumber → phone_numbers mirror against the real API server and Postgres: a number is
// routable exactly while its CR is Ready with a phone number; out-of-order and repeated changes
// converge on the CR's last state; one replica writes at a time; drift in the table is repaired.
import { CoreV1Api } from "@kubernetes/client-node";
import { Registry } from "prom-client";
import { twilioNumberResource } from "@phoenix/crds/twilio-number";
import type { TwilioNumber } from "@phoenix/crds/twilio-number";
import { KubeClient } from "@phoenix/kube/kube-client";
import type { RuntimeLogger } from "@phoenix/kube/logger";
import { patchStatus } from "@phoenix/kube/status";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { installCrds } from "../../../test/support/crds.ts";
import {
  adminConfig,
  createNamespace,
  deleteNamespace,
  eventually,
  uniqueName,
} from "../../../test/support/kube.ts";
import { migratedDatabase, seedUser, systemQuery } from "../../../test/support/sms-data.ts";
import type { TestDatabase } from "../../../test/support/sms-data.ts";
import { startNumberMirror } from "../src/number-mirror.ts";
import type { MirrorOutcome, NumberMirror } from "../src/number-mirror.ts";

const { group, version } = twilioNumberResource;

/** A logger that remembers each reconcile's outcome per CR (the mirror logs it at debug level). */
function outcomeLog() {
  const seen: { source: string; outcome: MirrorOutcome }[] = [];
  const ignore = () => undefined;
  const logger: RuntimeLogger = {
    debug: (fields, message) => {
      if (message === "number mirrored") seen.push(fields as (typeof seen)[number]);
    },
    info: ignore,
    warn: ignore,
    error: ignore,
  };
  return { logger, seen };
}

const until = (what: string, condition: () => boolean) =>
  eventually(what, () => Promise.resolve(condition() ? true : undefined));

const ready = (phoneNumber: string, status: "True" | "False" = "True") => ({
  phoneNumber,
  sid: `PN${phoneNumber.replace(/\D/g, "").padStart(32, "0")}`,
  conditions: [
    {
      type: "Ready",
      status,
      reason: status === "True" ? "Ready" : "Provisioning",
      message: "",
      lastTransitionTime: new Date().toISOString(),
    },
  ],
});

describe("TwilioNumber mirror", () => {
  const namespace = uniqueName("numsync");
  const kc = adminConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const kube = new KubeClient(kc);
  let db: TestDatabase;
  const running: NumberMirror[] = [];

  const start = (options: { identity: string; resyncPeriodMs?: number; logger?: RuntimeLogger }) => {
    const mirror = startNumberMirror({
      pool: db.pool,
      kubeConfig: kc,
      registry: new Registry(),
      logger: options.logger ?? outcomeLog().logger,
      namespace,
      lease: {
        namespace,
        name: "number-mirror",
        durationMs: 3_000,
        renewDeadlineMs: 2_000,
        retryPeriodMs: 500,
      },
      identity: options.identity,
      ...(options.resyncPeriodMs && { resyncPeriodMs: options.resyncPeriodMs }),
    });
    running.push(mirror);
    return mirror;
  };

  const createNumber = (name: string, userId: string) =>
    kube.create<TwilioNumber>(twilioNumberResource, {
      apiVersion: `${group}/${version}`,
      kind: "TwilioNumber",
      metadata: { name, namespace },
      spec: { userId, countryCode: "US", releasePolicy: "Release" },
    });
  const setStatus = (name: string, status: Record<string, unknown>) =>
    patchStatus(kube, twilioNumberResource, { namespace, name, status });
  const activeNumbers = (userId: string) =>
    systemQuery<{ e164: string; source: string }>(
      db.pool,
      "SELECT e164, source FROM phone_numbers WHERE user_id = $1 AND active",
      [userId],
    );
  const userWithoutNumber = async () => {
    const user = await seedUser(db.pool);
    await systemQuery(db.pool, "DELETE FROM phone_numbers WHERE user_id = $1", [user.id]);
    return user;
  };

  beforeAll(async () => {
    await installCrds();
    await createNamespace(core, namespace);
    return () => deleteNamespace(core, namespace);
  });
  beforeAll(async () => {
    db = await migratedDatabase();
    return () => db.close();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((mirror) => mirror.close()));
  });

  it("routes a number only while its CR is Ready, and retires it when the CR is deleted", async () => {
    const { logger, seen } = outcomeLog();
    start({ identity: "a", logger });
    const user = await userWithoutNumber();
    const name = uniqueName("user-number");
    const source = `${namespace}/${name}`;
    await createNumber(name, user.id);
    await setStatus(name, ready("+14155550123", "False"));
    await until("the not-Ready CR mirrored", () =>
      seen.some((s) => s.source === source && s.outcome === "inactive"),
    );
    expect(await activeNumbers(user.id)).toEqual([]);

    await setStatus(name, ready("+14155550123"));
    await eventually("number routable", async () =>
      (await activeNumbers(user.id)).length ? true : undefined,
    );
    expect(await activeNumbers(user.id)).toEqual([{ e164: "+14155550123", source }]);

    await kube.delete(twilioNumberResource, { namespace, name });
    await eventually("number retired", async () =>
      (await activeNumbers(user.id)).length === 0 ? true : undefined,
    );
  });

  it("never routes a number for a CR whose userId is no user of ours", async () => {
    const { logger, seen } = outcomeLog();
    start({ identity: "a", logger });
    const name = uniqueName("stranger");
    await createNumber(name, "not-a-user");
    await setStatus(name, ready("+14155550199"));
    await until("the stranger's CR mirrored", () =>
      seen.some((s) => s.source === `${namespace}/${name}` && s.outcome === "unknown_user"),
    );
    expect(await systemQuery(db.pool, "SELECT 1 FROM phone_numbers WHERE e164 = '+14155550199'")).toEqual([]);
  });

  it("converges on each CR's last state however fast its status flips", async () => {
    start({ identity: "a" });
    const users = await Promise.all(Array.from({ length: 30 }, () => userWithoutNumber()));
    const numbers = users.map((user, i) => ({
      user,
      name: uniqueName(`flip-${i}`),
      phone: `+1415556${String(1000 + i).padStart(4, "0")}`,
      // Even ones end Ready, odd ones end not Ready: both orders of the last two writes.
      endsReady: i % 2 === 0,
    }));
    await Promise.all(
      numbers.map(async ({ user, name, phone, endsReady }) => {
        await createNumber(name, user.id);
        for (let flip = 0; flip < 4; flip += 1) {
          await setStatus(name, ready(phone, flip % 2 === 0 ? "True" : "False"));
        }
        await setStatus(name, ready(phone, endsReady ? "True" : "False"));
      }),
    );
    const expected = numbers
      .filter((n) => n.endsReady)
      .map((n) => n.phone)
      .sort();
    const routed = async () =>
      (
        await systemQuery<{ e164: string }>(
          db.pool,
          "SELECT e164 FROM phone_numbers WHERE active AND user_id = ANY($1::uuid[]) ORDER BY e164",
          [users.map((u) => u.id)],
        )
      ).map((row) => row.e164);
    await eventually("the table matches the CRs", async () =>
      JSON.stringify(await routed()) === JSON.stringify(expected) ? true : undefined,
    );
  });

  it("writes from one replica at a time, and another takes over when it stops", async () => {
    const first = start({ identity: "first" });
    await until("a leader", () => first.leading());
    const second = start({ identity: "second" });
    const user = await userWithoutNumber();
    const name = uniqueName("handover");
    await createNumber(name, user.id);
    await setStatus(name, ready("+14155550142"));
    await eventually("number routable", async () =>
      (await activeNumbers(user.id)).length ? true : undefined,
    );
    expect(second.leading()).toBe(false);

    await first.close();
    await until("the standby leads", () => second.leading());
    await setStatus(name, ready("+14155550142", "False"));
    await eventually("the new leader retired it", async () =>
      (await activeNumbers(user.id)).length === 0 ? true : undefined,
    );
  });

  it("repairs the table on resync when something else changed it", async () => {
    start({ identity: "a", resyncPeriodMs: 1_000 });
    const user = await userWithoutNumber();
    const name = uniqueName("drift");
    await createNumber(name, user.id);
    await setStatus(name, ready("+14155550177"));
    await eventually("number routable", async () =>
      (await activeNumbers(user.id)).length ? true : undefined,
    );
    await systemQuery(db.pool, "UPDATE phone_numbers SET active = false WHERE e164 = '+14155550177'");
    await eventually("drift repaired", async () =>
      (await activeNumbers(user.id)).length ? true : undefined,
    );
  });
});
