// `make bench-operator`: 10,000 TwilioNumbers created at once against the Twilio emulator —
// time until all are Ready, Twilio calls made, operator peak RSS — and, in the same run, the API
// server's own baseline: the time a plain client needs to write 10,000 status patches.
// Results: bench/results/operator.json (summarised in the README).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { CoreV1Api, HttpMethod, PatchStrategy } from "@kubernetes/client-node";
import { Registry } from "prom-client";
import { twilioNumberResource } from "@phoenix/crds/twilio-number";
import type { TwilioNumber } from "@phoenix/crds/twilio-number";
import type { IncomingNumber } from "@phoenix/twilio";
import { ACCOUNT_SID, AUTH_TOKEN } from "@phoenix/twilio/testing";
import { KubeClient, refOf, resourcePath } from "@phoenix/kube/kube-client";
import type { KubeList } from "@phoenix/kube/kube-client";
import { resourceSource } from "@phoenix/kube/kube-watch";
import { objectKey } from "@phoenix/kube/object-store";
import { Reflector } from "@phoenix/kube/reflector";
import { readyStatus, reservedNumberAnnotation } from "../src/twilio-number/decisions.ts";
import { adminConfig, createNamespace, deleteNamespace } from "../../../test/support/kube.ts";
import { repoRoot } from "../../../test/support/local-env.ts";
import { freePort, setupOperatorEnvironment, startOperator } from "../test/harness.ts";
import type { OperatorProcess } from "../test/harness.ts";
import { scrape } from "../test/twilio-number/probes.ts";
import { defaults } from "../../../cdk8s/src/helm/schema.ts";
import { phoenixValues } from "../../../cdk8s/src/values.ts";
import { cpuBetween, pidsOf, sampleCpu } from "./cpu.ts";

const count = Number(process.env["BENCH_COUNT"] ?? 10_000);
const clientConcurrency = Number(process.env["BENCH_CLIENT_CONCURRENCY"] ?? 64);
const operatorConcurrency = process.env["BENCH_OPERATOR_CONCURRENCY"] ?? "64";
// The operator runs with the chart's memory settings: its memory limit and NODE_OPTIONS, the
// old-space percentage turned into MiB (outside a container there is no cgroup limit to take a
// share of). BENCH_OPERATOR_HEAP_MIB overrides the old space.
const chart = defaults(phoenixValues).operator;
const memoryLimitMiB = mebibytes(chart.resources.limits.memory);
const oldSpacePercent = Number(/--max-old-space-size-percentage=(\d+)/.exec(chart.nodeOptions)?.[1] ?? 100);
const heapMiB = Number(
  process.env["BENCH_OPERATOR_HEAP_MIB"] ?? Math.floor((memoryLimitMiB * oldSpacePercent) / 100),
);
const chartNodeOptions = chart.nodeOptions.replace(
  /--max-old-space-size-percentage=\d+/,
  `--max-old-space-size=${heapMiB}`,
);
/** Extra Node options for the operator, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
const extraNodeOptions = process.env["BENCH_OPERATOR_NODE_OPTIONS"] ?? "";
const resultsFile = process.env["BENCH_RESULTS_FILE"] ?? path.join(repoRoot, "bench/results/operator.json");
const type = twilioNumberResource;
const kube = new KubeClient(adminConfig());
// Deleting 10,000 objects in one call takes the API server longer than a normal request's 30 s.
const slowKube = new KubeClient(adminConfig(), { timeoutMs: 600_000 });
/** "384Mi", "1Gi" → MiB. */
function mebibytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`unsupported memory quantity ${quantity}`);
  return Number(match[1]) * (match[2] === "Gi" ? 1024 : 1);
}
const log = (message: string) => process.stdout.write(`[bench-operator] ${message}\n`);

/** Runs `task(i)` for i in [0, n) with at most `limit` in flight. */
async function pool(n: number, limit: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

const twilioNumber = (namespace: string, i: number) => ({
  apiVersion: "phoenix.dev/v1alpha1",
  kind: "TwilioNumber",
  metadata: { namespace, name: `user-${i}` },
  spec: { userId: `user-${i}`, areaCode: ["415", "212", "646"][i % 3] },
});

async function timed(what: string, run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  const seconds = (performance.now() - start) / 1000;
  log(`${what}: ${seconds.toFixed(1)} s`);
  return seconds;
}

const controlPlane = {
  apiServer: pidsOf("kube-apiserver", path.join(repoRoot, ".local")),
  etcd: pidsOf("etcd", path.join(repoRoot, ".local")),
};

async function baseline(namespace: string) {
  const createSeconds = await timed(`baseline: create ${count} TwilioNumbers`, () =>
    pool(count, clientConcurrency, (i) => kube.create(type, twilioNumber(namespace, i))),
  );
  const before = sampleCpu(controlPlane);
  const statusPatchSeconds = await timed(`baseline: ${count} status patches`, () =>
    pool(count, clientConcurrency, (i) =>
      kube.patch(
        type,
        { namespace, name: `user-${i}`, subresource: "status" },
        {
          strategy: PatchStrategy.MergePatch,
          body: {
            status: {
              phoneNumber: `+1415${String(i).padStart(7, "0")}`,
              sid: `PN${i}`,
              monthlyPrice: "1.15",
            },
          },
        },
      ),
    ),
  );
  return { createSeconds, statusPatchSeconds, statusPatchCpu: cpuBetween(before, sampleCpu(controlPlane)) };
}

/**
 * The floor for the operator's phase: the API writes a new number needs — the client's create,
 * the operator's finalizer-and-reservation patch (here an annotation-only patch of the same
 * shape, so the namespace can go without a finalizer to clear) and its Ready status — made by a
 * plain client, 64 numbers in flight, nothing else running. The operator cannot beat this.
 */
async function writeFloor(core: CoreV1Api, namespace: string) {
  await createNamespace(core, namespace);
  const before = sampleCpu(controlPlane);
  const seconds = await timed(`floor: ${count} × (create, metadata patch, Ready status)`, () =>
    pool(count, clientConcurrency, async (i) => {
      const created = await kube.create<TwilioNumber>(type, twilioNumber(namespace, i) as TwilioNumber);
      const phoneNumber = `+1415${String(i).padStart(7, "0")}`;
      const annotated = await kube.patch<TwilioNumber>(type, refOf(created), {
        strategy: PatchStrategy.JsonPatch,
        body: [
          { op: "test", path: "/metadata/resourceVersion", value: created.metadata.resourceVersion },
          { op: "add", path: "/metadata/annotations", value: { [reservedNumberAnnotation]: phoneNumber } },
        ],
      });
      const number = { sid: `PN${i}`, phone_number: phoneNumber, sms_url: "https://sms.example/twilio/sms" };
      const status = readyStatus(
        annotated,
        number as IncomingNumber,
        { how: "Provisioned", monthlyPrice: "1.15" },
        new Date(),
      );
      await kube.patch(
        type,
        { ...refOf(created), subresource: "status" },
        {
          strategy: PatchStrategy.MergePatch,
          body: { status },
        },
      );
    }),
  );
  const cpu = cpuBetween(before, sampleCpu(controlPlane));
  // Gone before the operator's phase, so that phase does not share the API server with the
  // namespace controller deleting 10,000 objects.
  await timed("floor: namespace deleted", async () => {
    await deleteNamespace(core, namespace);
    while (await namespaceExists(core, namespace)) await new Promise((resolve) => setTimeout(resolve, 1000));
  });
  return { seconds, cpu };
}

function namespaceExists(core: CoreV1Api, name: string): Promise<boolean> {
  return core.readNamespace({ name }).then(
    () => true,
    () => false,
  );
}

async function startEmulatorProcess(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(repoRoot, "emulators/twilio/src/server.ts")], {
    env: {
      PATH: process.env["PATH"],
      PORT: String(port),
      ACCOUNT_SID,
      AUTH_TOKEN,
      LOG_LEVEL: "warn",
      POOL_SIZE_PER_AREA_CODE: "10000",
    },
    stdio: "ignore",
  });
  const { pid } = child;
  if (pid === undefined) throw new Error("the Twilio emulator did not start");
  const url = `http://127.0.0.1:${port}`;
  for (
    let i = 0;
    i < 200 &&
    !(await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid,
    async stop() {
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

/** Counts Ready TwilioNumbers from a watch, resolving when `count` are Ready. */
function readyWatcher(namespace: string, signal: AbortSignal): Promise<void> {
  const reflector = new Reflector<TwilioNumber>({
    name: "bench",
    ...resourceSource<TwilioNumber>(kube, type, { namespace }),
    registry: new Registry(),
  });
  const ready = new Set<string>();
  return new Promise((resolve) => {
    const check = (tn: TwilioNumber) => {
      if (tn.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"))
        ready.add(objectKey(tn));
      if (ready.size >= count) resolve();
    };
    reflector.addHandler({
      onAdd: check,
      onUpdate: (_p, c) => {
        check(c);
      },
    });
    void reflector.run(signal);
  });
}

/** What the operator's /metrics say about the work it did (reconciles, skipped echoes, events). */
async function operatorCounters(url: string) {
  const count = async (metric: string, labels: Record<string, string> = {}) =>
    (await scrape(url, metric, labels)) ?? Number.NaN;
  const reconcilesByResult: Record<string, number> = {};
  for (const result of ["success", "error", "requeue"]) {
    reconcilesByResult[result] = await count("reconcile_total", { controller: "twilionumber", result });
  }
  return {
    reconcilesByResult,
    workqueueAdds: await count("workqueue_adds_total", { name: "twilionumber" }),
    ownWriteEchoesSkipped: await count("own_write_echoes_skipped_total"),
    eventsDropped: await count("events_dropped_total"),
  };
}

/** Samples the operator's V8 heap in use every second until stopped; resolves to the peak in MiB. */
function heapSampler(url: string): { stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  // A named function, not an IIFE: TypeScript would read `running` as still true inside one.
  async function sample(): Promise<void> {
    while (running) {
      peak = Math.max(peak, (await scrape(url, "nodejs_heap_size_used_bytes")) ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  const sampling = sample();
  return {
    async stop() {
      running = false;
      await sampling;
      return Math.round(peak / 2 ** 20);
    },
  };
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** Deletes every TwilioNumber in `namespace` (the operator releases their numbers) and waits. */
async function deleteAll(namespace: string, operatorAlive: () => boolean): Promise<void> {
  const collection = resourcePath(type, { namespace });
  for (let round = 0; ; round++) {
    // The API server cuts a request off after 60 s, part-way through a large collection; what
    // it deleted stays deleted, so ask again now and then until nothing is left.
    if (round % 15 === 0) await slowKube.request(HttpMethod.DELETE, collection).catch(() => undefined);
    const left = await kube.request<KubeList<TwilioNumber>>(HttpMethod.GET, collection, {
      query: { limit: 1 },
    });
    if (left.items.length === 0) return;
    if (!operatorAlive()) throw new Error("the operator died: its finalizers keep the TwilioNumbers");
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/**
 * An operator that dies before the results are taken would leave the bench waiting forever: say
 * why, and stop. After that, the cleanup notices by itself.
 */
function watchForEarlyExit(operator: OperatorProcess, run: { finished: boolean; measured: boolean }): void {
  const { logs } = operator;
  void operator.exited.then((code) => {
    if (run.finished) return;
    log(`the operator exited (${String(code)}) before the run ended:\n${logs.slice(-20).join("\n")}`);
    if (!run.measured) process.exit(1);
  });
}

/** What the run was: size, concurrency, the operator's memory settings, other load on the machine. */
function runFacts() {
  const [loadAverage1m = 0] = loadavg();
  return {
    date: new Date().toISOString(),
    // Other work on the shared machine: 1-minute load average when the results were taken.
    loadAverage1m: Number(loadAverage1m.toFixed(2)),
    count,
    clientConcurrency,
    operatorConcurrency: Number(operatorConcurrency),
    operatorMemoryLimitMiB: memoryLimitMiB,
    operatorNodeOptions: chartNodeOptions,
  };
}

/** The Twilio calls the emulator counted, in total and by operation and status. */
async function twilioCalls(emulatorUrl: string) {
  const state = (await (await fetch(`${emulatorUrl}/_control/state?summary=true`)).json()) as {
    calls: Record<string, { total: number }>;
  };
  const total = Object.values(state.calls).reduce((sum, c) => sum + c.total, 0);
  return { twilioCalls: total, twilioCallsByOperation: state.calls };
}

async function main(): Promise<void> {
  const env = await setupOperatorEnvironment("bench");
  const core = adminConfig().makeApiClient(CoreV1Api);
  const baselineNamespace = `${env.namespace}-baseline`;
  const floorNamespace = `${env.namespace}-floor`;
  await createNamespace(core, baselineNamespace);
  const emulator = await startEmulatorProcess();
  let operator: OperatorProcess | undefined;
  const run = { finished: false, measured: false };
  try {
    const base = await baseline(baselineNamespace);
    const floor = await writeFloor(core, floorNamespace);
    operator = await startOperator(env, {
      TWILIO_BASE_URL: emulator.url,
      TWILIO_PRICING_URL: emulator.url,
      CONCURRENCY: operatorConcurrency,
      TWILIO_RATE_PER_SECOND: "10000",
      TWILIO_BURST: "1000",
      LOG_LEVEL: "warn",
      NODE_OPTIONS: `${chartNodeOptions} ${extraNodeOptions}`.trim(),
      // The chart's leader-election timing, not the tests' 4 s lease: an API server saturated by
      // the run can take longer than 3 s to answer a renewal.
      LEASE_DURATION_MS: "15000",
      RENEW_DEADLINE_MS: "10000",
      RETRY_PERIOD_MS: "2000",
    });
    watchForEarlyExit(operator, run);
    const heap = heapSampler(operator.url);
    const operatorPid = operator.child.pid;
    if (operatorPid === undefined) throw new Error("the operator did not start");
    const processes = { ...controlPlane, operator: [operatorPid], emulator: [emulator.pid] };
    const before = sampleCpu(processes);
    const watching = new AbortController();
    const allReady = readyWatcher(env.namespace, watching.signal);
    const readySeconds = await timed(`operator: ${count} created → all Ready`, async () => {
      await pool(count, clientConcurrency, (i) => kube.create(type, twilioNumber(env.namespace, i)));
      await allReady;
    });
    watching.abort();
    const peakHeapUsedMiB = await heap.stop();
    const operatorCpu = cpuBetween(before, sampleCpu(processes));
    const reconciles = await operatorCounters(operator.url);
    const rssMiB = peakRssMiB(operatorPid);
    const results = {
      ...runFacts(),
      baseline: base,
      floor: { ...floor, ratioToBaseline: Number((floor.seconds / base.statusPatchSeconds).toFixed(2)) },
      operator: {
        readySeconds,
        peakRssMiB: Math.round(rssMiB),
        peakHeapUsedMiB,
        ...(await twilioCalls(emulator.url)),
        ...reconciles,
        cpu: operatorCpu,
      },
      ratioToBaseline: Number((readySeconds / base.statusPatchSeconds).toFixed(2)),
      targets: { ratioToBaseline: 2, peakRssMiB: 300 },
    };
    mkdirSync(path.dirname(resultsFile), { recursive: true });
    writeFileSync(resultsFile, JSON.stringify(results, null, 2) + "\n");
    run.measured = true;
    log(
      `ready in ${readySeconds.toFixed(1)} s = ${results.ratioToBaseline}× the baseline (floor ${results.floor.ratioToBaseline}×); peak RSS ${results.operator.peakRssMiB} MiB; ${results.operator.twilioCalls} Twilio calls`,
    );
    // Cleanup: release every number through the operator, then drop the namespaces.
    const child = operator.child;
    await timed(`operator: ${count} deleted → all released`, () =>
      deleteAll(env.namespace, () => child.exitCode === null && child.signalCode === null),
    );
  } finally {
    run.finished = true;
    await operator?.stop();
    await emulator.stop();
    await deleteNamespace(core, baselineNamespace);
    await deleteNamespace(core, floorNamespace);
    await env.teardown();
  }
}

await main();
