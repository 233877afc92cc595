// `make bench-iris`: the gateway's cost and the analyzer's speed.
//   1. Time to first token through iris (POST …/messages → first `delta` event: auth, the user's
//      transaction with the engine, the quota, the router, the SSE) vs the LLM emulator called
//      directly with the official client (→ first content chunk), the same answer, sequentially,
//      after a warm-up; the overhead is the difference of the percentiles.
//   2. 200 concurrent streams through iris (each ~1 s of chunks): every one completes, none stalls
//      (no gap between two events over 2 s), iris's RSS (its /metrics) before and at peak.
//   3. The narrative analyzer over French, English and mixed entries: p50/p95 per entry.
// iris runs as its own process (node services/iris/src/server.ts) on a fresh migrated database and
// the real Redis; the emulator in this process. Needs `make data-up`. Results: bench/results/iris.json.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startLlmEmulator } from "@phoenix/llm-emulator/testing";
import type { LlmEmulator } from "@phoenix/llm-emulator/testing";
import { createKeyring } from "@phoenix/kernel/keyring";
import { createLogger } from "@phoenix/kernel/log";
import pg from "pg";
import { createTokens } from "@phoenix/kernel/access-tokens";
import { es256Key } from "../../../packages/kernel/src/keyset-testing.ts";
import { keySetDir } from "../../../test/api/harness.ts";
import { localEnv, repoRoot } from "../../../test/support/local-env.ts";
import { dropRedisKeys } from "../../../test/support/redis.ts";
import { systemQuery } from "../../../test/support/sms-data.ts";
import { createAppDatabase, startServiceProcess } from "../../../test/support/sms-path.ts";
import type { ServiceName, ServiceProcess } from "../../../test/support/sms-path.ts";
import { readSse } from "../src/chat/sse-read.ts";
import { analyze } from "../src/journal/analyzer.ts";

const SAMPLES = Number(process.env["BENCH_SAMPLES"] ?? 200);
const STREAMS = Number(process.env["BENCH_STREAMS"] ?? 200);
const ENTRIES = Number(process.env["BENCH_ENTRIES"] ?? 2000);
const resultsFile = process.env["BENCH_RESULTS_FILE"] ?? path.join(repoRoot, "bench/results/iris.json");
const MODEL = "phoenix-local-small";
const REPLY = "Commence par lister trois compétences, puis regarde ton solde CPF et choisis une formation.";
const STALL_MS = 2000;

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};
const round = (ms: number) => Math.round(ms * 100) / 100;
const figures = (values: number[]) => ({
  p50Ms: round(percentile(values, 50)),
  p95Ms: round(percentile(values, 95)),
});

interface Setup {
  iris: ServiceProcess;
  llm: LlmEmulator;
  pool: pg.Pool;
  headers: Record<string, string>;
  conversations: string[];
  close(): Promise<void>;
}

async function setup(): Promise<Setup> {
  const db = await createAppDatabase();
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  pool.on("error", () => undefined);
  const keys = await keySetDir("jwt", [es256Key()]);
  const llm = await startLlmEmulator({ seed: { apiKey: null, models: [MODEL] } });
  await llm.control.setReplies({ default: REPLY });
  const provider = { name: "local", kind: "local", baseURL: llm.baseURL, apiKey: llm.apiKey, model: MODEL };
  // One prefix for its queues and quota (dropped at close: the local Redis outlives the run).
  const prefix = `bench${String(Date.now())}`;
  // "iris" is a service like those the SMS path starts: node services/iris/src/server.ts.
  const iris = await startServiceProcess("iris" as ServiceName, {
    DATABASE_URL: db.url,
    REDIS_SENTINELS: localEnv.sentinels,
    REDIS_MASTER_NAME: localEnv.redisMasterName,
    QUEUE_PREFIX: prefix,
    IRIS_QUOTA_PREFIX: `${prefix}:quota`,
    JWT_KEYSET_DIR: keys.dir,
    IRIS_QUOTA_FREE_PER_DAY: "10000000",
    LLM_TOKENS_FREE_PER_DAY: "1000000000",
    LLM_FIRST_TOKEN_MS: "20000",
    LLM_PROVIDERS: JSON.stringify([{ ...provider, costPer1k: { input: 0, output: 0 } }]),
  });
  const [user] = await systemQuery<{ id: string }>(
    pool,
    "INSERT INTO users (plan, time_zone, language) VALUES ('free', 'Europe/Paris', 'fr') RETURNING id",
  );
  const keyring = createKeyring({ dir: keys.dir, logger: createLogger({ name: "bench", level: "silent" }) });
  await keyring.ready;
  const tokens = createTokens({
    keyring,
    issuer: "phoenix-api",
    audience: "phoenix",
    accessTtlSeconds: 3600,
  });
  if (!user) throw new Error("no user inserted");
  const { token } = await tokens.issueAccess({
    userId: user.id,
    roles: ["user"],
    sessionId: "bench",
    amr: ["pwd"],
  });
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const conversations: string[] = [];
  for (let i = 0; i < Math.max(SAMPLES + 20, STREAMS); i++) {
    const response = await fetch(`${iris.url}/v1/chat/conversations`, {
      method: "POST",
      headers,
      body: "{}",
    });
    conversations.push(((await response.json()) as { id: string }).id);
  }
  return {
    iris,
    llm,
    pool,
    headers,
    conversations,
    async close() {
      keyring.close();
      await iris.kill("SIGTERM");
      await llm.close();
      await pool.end();
      try {
        await dropRedisKeys(prefix);
      } finally {
        await db.drop();
      }
    },
  };
}

/** Through iris: ms to the first delta, and the largest gap between two events. */
async function throughIris(
  s: Setup,
  conversation: string,
): Promise<{ ttft: number; maxGap: number; done: boolean }> {
  const started = performance.now();
  const response = await fetch(`${s.iris.url}/v1/chat/conversations/${conversation}/messages`, {
    method: "POST",
    headers: s.headers,
    body: JSON.stringify({ text: "Comment choisir une formation pour me reconvertir ?" }),
  });
  if (!response.ok || !response.body)
    throw new Error(`iris answered ${String(response.status)}: ${await response.text()}`);
  let ttft = Number.NaN;
  let last = started;
  let maxGap = 0;
  let done = false;
  for await (const event of readSse(response.body)) {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    if (event.event === "delta" && Number.isNaN(ttft)) ttft = now - started;
    if (event.event === "done") done = true;
  }
  return { ttft, maxGap, done };
}

/** The emulator directly, with the official client: ms to the first content chunk. */
async function direct(s: Setup): Promise<number> {
  const started = performance.now();
  const stream = await s.llm.client().chat.completions.create({
    model: MODEL,
    stream: true,
    messages: [{ role: "user", content: "Comment choisir une formation pour me reconvertir ?" }],
  });
  let ttft = Number.NaN;
  for await (const chunk of stream) {
    if (Number.isNaN(ttft) && (chunk.choices[0]?.delta.content ?? "") !== "")
      ttft = performance.now() - started;
  }
  return ttft;
}

const nth = (s: Setup, i: number): string => {
  const id = s.conversations[i];
  if (id === undefined) throw new Error(`no conversation ${String(i)}`);
  return id;
};

async function timeToFirstToken(s: Setup) {
  const viaIris: number[] = [];
  const viaDirect: number[] = [];
  for (let i = 0; i < 20; i++) {
    await throughIris(s, nth(s, i));
    await direct(s);
  }
  // Interleaved, so both see the same machine.
  for (let i = 0; i < SAMPLES; i++) {
    viaIris.push((await throughIris(s, nth(s, 20 + i))).ttft);
    viaDirect.push(await direct(s));
  }
  const irisFigures = figures(viaIris);
  const directFigures = figures(viaDirect);
  return {
    samples: SAMPLES,
    direct: directFigures,
    iris: irisFigures,
    overhead: {
      p50Ms: round(irisFigures.p50Ms - directFigures.p50Ms),
      p95Ms: round(irisFigures.p95Ms - directFigures.p95Ms),
    },
    targetP95Ms: 15,
  };
}

async function rssMiB(s: Setup): Promise<number> {
  const text = await (await fetch(`${s.iris.url}/metrics`)).text();
  // process_resident_memory_bytes, with or without labels: the value is the line's last field.
  const line = text.split("\n").find((l) => /^process_resident_memory_bytes[ {]/.test(l));
  return round(Number(line?.split(" ").at(-1) ?? Number.NaN) / 2 ** 20);
}

async function concurrentStreams(s: Setup) {
  // About a second of chunks each: 200 answers open at once.
  await s.llm.control.addFaults({ interChunkMs: 50 });
  const before = await rssMiB(s);
  let peak = before;
  const sampling = { on: true };
  const sampler = (async () => {
    while (sampling.on) {
      peak = Math.max(peak, await rssMiB(s));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const started = performance.now();
  const results = await Promise.all(s.conversations.slice(0, STREAMS).map((id) => throughIris(s, id)));
  const durationMs = performance.now() - started;
  sampling.on = false;
  await sampler;
  await s.llm.control.clearFaults();
  const gaps = results.map((r) => r.maxGap);
  return {
    streams: STREAMS,
    completed: results.filter((r) => r.done).length,
    stalled: gaps.filter((gap) => gap > STALL_MS).length,
    stallThresholdMs: STALL_MS,
    maxGapMs: round(Math.max(...gaps)),
    ttft: figures(results.map((r) => r.ttft)),
    durationMs: Math.round(durationMs),
    irisRssMiB: { before, peak },
  };
}

const SENTENCES = [
  "Je suis épuisée aujourd'hui, j'ai mal dormi et la réunion au travail m'a vraiment stressée.",
  "J'ai envoyé deux candidatures et je suis fière de moi, même si c'est difficile.",
  "Pas de formation cette semaine, mais j'ai regardé mon CPF et les offres de France Travail.",
  "I slept badly and felt anxious before the interview, but my friend helped me prepare.",
  "Today I finished my training module and I'm really proud, not tired at all.",
  "Today j'ai eu un entretien, I was anxious mais content après, super journée.",
  "Trop de papiers à remplir, je procrastine et je me sens débordé par ma liste de tâches.",
  "Went for a walk with my kids, cooked dinner, a calm and happy evening with family.",
];

function analyzerSpeed() {
  const entries = Array.from({ length: ENTRIES }, (_, i) => {
    const count = 1 + (i % 20);
    return Array.from({ length: count }, (__, j) => SENTENCES[(i + j) % SENTENCES.length])
      .join(" ")
      .slice(0, 2000);
  });
  for (const entry of entries.slice(0, 200)) analyze(entry);
  const times = entries.map((entry) => {
    const started = performance.now();
    analyze(entry);
    return performance.now() - started;
  });
  const lengths = entries.map((entry) => entry.length);
  return {
    entries: ENTRIES,
    characters: { min: Math.min(...lengths), max: Math.max(...lengths) },
    p50Ms: Math.round(percentile(times, 50) * 1000) / 1000,
    p95Ms: Math.round(percentile(times, 95) * 1000) / 1000,
    maxMs: round(Math.max(...times)),
    targetP95Ms: 100,
  };
}

const s = await setup();
try {
  const ttft = await timeToFirstToken(s);
  process.stdout.write(`time to first token: ${JSON.stringify(ttft)}\n`);
  const concurrent = await concurrentStreams(s);
  process.stdout.write(`concurrent streams: ${JSON.stringify(concurrent)}\n`);
  const analyzer = analyzerSpeed();
  process.stdout.write(`analyzer: ${JSON.stringify(analyzer)}\n`);
  const cpus = os.cpus();
  const results = {
    at: new Date().toISOString(),
    machine: `${String(cpus.length)} cores, ${cpus[0]?.model ?? "?"}, node ${process.version}`,
    timeToFirstToken: ttft,
    concurrentStreams: concurrent,
    analyzer,
    met: {
      overheadP95: ttft.overhead.p95Ms < ttft.targetP95Ms,
      noStall: concurrent.stalled === 0 && concurrent.completed === concurrent.streams,
      analyzerP95: analyzer.p95Ms < analyzer.targetP95Ms,
    },
  };
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`wrote ${resultsFile}\n`);
} finally {
  await s.close();
}
