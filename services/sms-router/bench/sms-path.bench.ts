// `make bench-sms`: the SMS path's numbers from architecture §8, on this machine, in one run.
//  1. Webhook: k6 posts signed inbound SMS at a constant rate to sms-router (which validates the
//     signature, persists and enqueues each one; the agent and workers are stopped meanwhile and
//     drain the backlog afterwards) and, as the baseline, to a bare fastify app that only parses
//     the form and answers <Response/>. Target p99 < 10 ms.
//  2. Inbound → outbound: at a steady, moderate rate, the time from posting the webhook to the
//     reply's Messages API call arriving at the Twilio emulator. Target p95 < 50 ms.
// Results: bench/results/sms-path.json (summarised in the README).
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Fastify from "fastify";
import { twilioSignature } from "@phoenix/twilio";
import { freePort, startSmsPath } from "../../../test/support/sms-path.ts";
import type { SmsPath, TestUser } from "../../../test/support/sms-path.ts";
import { repoRoot } from "../../../test/support/local-env.ts";
import { runK6 } from "../../../test/support/k6.ts";
import type { K6Summary } from "../../../test/support/k6.ts";

const AUTH_TOKEN = "test-auth-token";
const rate = Number(process.env["BENCH_RATE"] ?? 200);
const duration = process.env["BENCH_DURATION"] ?? "20s";
const e2eRate = Number(process.env["BENCH_E2E_RATE"] ?? 20);
const e2eCount = Number(process.env["BENCH_E2E_COUNT"] ?? 300);
const resultsFile = process.env["BENCH_RESULTS_FILE"] ?? path.join(repoRoot, "bench/results/sms-path.json");

async function k6(target: string, publicUrl: string, users: readonly TestUser[]): Promise<K6Summary> {
  const env = { TARGET: target, PUBLIC_URL: publicUrl, AUTH_TOKEN, RATE: String(rate), DURATION: duration };
  const pairs = JSON.stringify(users.map((u) => ({ from: u.phone, to: u.number })));
  return runK6(path.join(repoRoot, "k6/sms-webhook.js"), { ...env, USERS: pairs });
}

async function bareFastify(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify();
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.post("/twilio/sms", (_request, reply) => reply.type("text/xml").send("<Response/>"));
  const port = await freePort();
  await app.listen({ host: "127.0.0.1", port });
  return { url: `http://127.0.0.1:${port}/twilio/sms`, close: () => app.close() };
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function waitForReplies(sms: SmsPath, users: readonly TestUser[], expected: number): Promise<void> {
  const deadline = Date.now() + Number(process.env["BENCH_DRAIN_TIMEOUT_MS"] ?? 180_000);
  for (;;) {
    const [row] = await sms.asSystem<{ n: number }>(
      "SELECT count(*)::int AS n FROM messages WHERE direction = 'outbound' AND twilio_sid IS NOT NULL AND user_id = ANY($1)",
      [users.map((u) => u.id)],
    );
    if ((row?.n ?? 0) >= expected) return;
    if (Date.now() > deadline) {
      const states = await sms.asSystem(
        "SELECT direction, status, count(*)::int AS n FROM messages GROUP BY direction, status ORDER BY 1, 2",
      );
      throw new Error(
        `only ${String(row?.n)} of ${expected} replies sent; messages: ${JSON.stringify(states)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Posts `count` signed webhooks at `perSecond`; returns when each was posted, by MessageSid. */
async function steadyLoad(sms: SmsPath, users: readonly TestUser[]): Promise<Map<string, number>> {
  const url = `${sms.router.url}/twilio/sms`;
  const posted = new Map<string, number>();
  const start = Date.now();
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < e2eCount; i += 1) {
    const due = start + (i * 1000) / e2eRate;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    const user = users[i % users.length];
    if (!user) throw new Error("no test users");
    const form = {
      MessageSid: `SM${randomBytes(16).toString("hex")}`,
      From: user.phone,
      To: user.number,
      Body: "tasks",
    };
    posted.set(form.MessageSid, Date.now());
    pending.push(
      fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": twilioSignature(AUTH_TOKEN, url, form),
        },
        body: new URLSearchParams(form).toString(),
      }),
    );
  }
  await Promise.all(pending);
  return posted;
}

async function endToEnd(sms: SmsPath, users: readonly TestUser[]) {
  const before = await sms.asSystem<{ n: number }>(
    "SELECT count(*)::int AS n FROM messages WHERE direction = 'outbound' AND twilio_sid IS NOT NULL",
  );
  const posted = await steadyLoad(sms, users);
  await waitForReplies(sms, users, (before[0]?.n ?? 0) + e2eCount);
  const pairs = await sms.asSystem<{ inbound: string; outbound: string }>(
    `SELECT i.twilio_sid AS inbound, o.twilio_sid AS outbound FROM messages i JOIN messages o ON o.in_reply_to = i.id
     WHERE i.twilio_sid = ANY($1)`,
    [[...posted.keys()]],
  );
  const created = new Map(
    (await sms.emulator.control.messages({ direction: "outbound-api" })).map((m) => [
      m.sid,
      Date.parse(m.dateCreated),
    ]),
  );
  const latencies = pairs
    .map((pair) => (created.get(pair.outbound) ?? NaN) - (posted.get(pair.inbound) ?? NaN))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  return {
    messages: e2eCount,
    ratePerSecond: e2eRate,
    replies: latencies.length,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? NaN,
  };
}

const webhookFigures = (summary: K6Summary) => ({
  requests: summary.metrics.http_reqs.count,
  requestsPerSecond: Math.round(summary.metrics.http_reqs.rate),
  p50Ms: summary.metrics.http_req_duration["med"],
  p95Ms: summary.metrics.http_req_duration["p(95)"],
  p99Ms: summary.metrics.http_req_duration["p(99)"],
  checksFailed: summary.metrics.checks?.fails ?? 0,
});

const sms = await startSmsPath({ env: { QUOTA_FREE_PER_DAY: "1000000", LOG_LEVEL: "error" } });
try {
  const users: TestUser[] = [];
  for (let i = 0; i < 20; i += 1) users.push(await sms.createUser());
  const bare = await bareFastify();
  const baseline = await k6(bare.url, bare.url, users);
  await bare.close();
  const routerUrl = `${sms.router.url}/twilio/sms`;
  // The router on its own (agent and workers stopped, as in a burst they lag behind): its
  // capacity against bare fastify's. Then they drain the backlog before the latency run.
  await sms.agent.kill("SIGTERM");
  await sms.workers.kill("SIGTERM");
  const router = await k6(routerUrl, routerUrl, users);
  await sms.agent.restart();
  await sms.workers.restart();
  await waitForReplies(sms, users, router.metrics.http_reqs.count);
  const e2e = await endToEnd(sms, users);
  const result = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; everything on one machine`,
    webhook: {
      ratePerSecond: rate,
      duration,
      router: webhookFigures(router),
      bareFastify: webhookFigures(baseline),
      target: "p99 < 10 ms",
    },
    inboundToOutbound: { ...e2e, target: "p95 < 50 ms" },
  };
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await sms.close();
}
