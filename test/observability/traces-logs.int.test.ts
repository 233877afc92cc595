// One inbound SMS in real stores: Jaeger v2 (OTLP/HTTP, memory) and VictoriaLogs (fed by
// tools/log-shipper.ts over the Loki push API), both built by tools/build.sh obs-stores and started
// here on free loopback ports of this file's own, in front of the SMS path as child processes.
// The SMS is one trace from the router's webhook through the queues to the agent, the workers and
// the Twilio call, and a LogsQL query by its trace_id finds every service's lines.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/kube.ts";
import { repoRoot } from "../support/local-env.ts";
import { freePort, startSmsPath } from "../support/sms-path.ts";
import type { SmsPath } from "../support/sms-path.ts";

interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: string; spanID: string }[];
  tags: { key: string; value: unknown }[];
  processID: string;
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

const services = ["sms-router", "agent", "workers"] as const;
const children: ChildProcess[] = [];
let dir: string;
let sms: SmsPath | undefined;
let jaeger: string;
let victoriaLogs: string;

function start(command: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.on("exit", (code) => {
    if (code !== null && code !== 0) console.error(`${command} exited ${code}:\n${output.slice(-3000)}`);
  });
  children.push(child);
  return child;
}

async function ok(url: string): Promise<true | undefined> {
  return (await fetch(url)).ok ? true : undefined;
}

const tag = (span: JaegerSpan, key: string): unknown => span.tags.find((t) => t.key === key)?.value;

async function jaegerJson<T>(route: string): Promise<T> {
  const response = await fetch(`${jaeger}${route}`);
  return ((await response.json()) as { data: T }).data;
}

async function logsFor(traceId: string): Promise<Record<string, string>[]> {
  const url = new URL(`${victoriaLogs}/select/logsql/query`);
  url.searchParams.set("query", `trace_id:${traceId}`);
  const text = await (await fetch(url)).text();
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, string>);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoenix-traces-logs-"));
  const [otlp, query, queryGrpc, health, logs] = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()));
  jaeger = `http://127.0.0.1:${query!}`;
  victoriaLogs = `http://127.0.0.1:${logs!}`;
  start("victoria-logs", [
    `-httpListenAddr=127.0.0.1:${logs!}`,
    `-storageDataPath=${dir}/vl`,
    "-loggerLevel=WARN",
  ]);
  start("jaeger", ["--config", path.join(repoRoot, "tools/obs/jaeger.yaml")], {
    JAEGER_OTLP_HTTP_PORT: String(otlp),
    JAEGER_QUERY_PORT: String(query),
    JAEGER_QUERY_GRPC_PORT: String(queryGrpc),
    JAEGER_HEALTH_PORT: String(health),
  });
  await eventually("VictoriaLogs healthy", () => ok(`${victoriaLogs}/health`));
  await eventually("Jaeger healthy", () => ok(`http://127.0.0.1:${health!}/status`));
  const files = services.map((service) => `${service}=${path.join(dir, `${service}.log`)}`);
  start(process.execPath, [
    path.join(repoRoot, "tools/log-shipper.ts"),
    "--push",
    victoriaLogs,
    "--positions",
    path.join(dir, "positions.json"),
    ...files,
  ]);
  sms = await startSmsPath({
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlp!}`,
      // Export within a fraction of a second rather than the SDK's 5 s batches.
      OTEL_BSP_SCHEDULE_DELAY: "200",
      LOG_LEVEL: "info",
      LOG_DIR: dir,
    },
  });
}, 120_000);

afterAll(async () => {
  await sms?.close();
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }),
  );
  await rm(dir, { recursive: true, force: true });
}, 60_000);

describe("one inbound SMS in Jaeger and VictoriaLogs", () => {
  let trace: JaegerTrace;

  it("is one trace from the router's webhook through the agent and the workers to the Twilio call", async () => {
    const user = await sms!.createUser();
    expect((await sms!.text(user, "add task call the bank")).status).toBe(200);
    await eventually("the reply sent", async () =>
      (await sms!.repliesTo(user)).length > 0 ? true : undefined,
    );

    // This Jaeger sees only this file's services; the agent handles one message: one trace.
    const found = await eventually("the agent's trace in Jaeger", async () => {
      const traces = await jaegerJson<JaegerTrace[]>("/api/traces?service=agent&lookback=1h&limit=20");
      return traces.length > 0 ? traces : undefined;
    });
    expect(found).toHaveLength(1);
    const traceId = found[0]!.traceID;
    // Spans arrive from three processes in their own batches: wait for the Twilio call's.
    trace = await eventually("every service's spans in the trace", async () => {
      const [whole] = await jaegerJson<JaegerTrace[]>(`/api/traces/${traceId}`);
      const names = new Set(whole?.spans.map((span) => whole.processes[span.processID]?.serviceName));
      const twilioCall = whole?.spans.some((span) => tag(span, "span.kind") === "client");
      return whole && services.every((s) => names.has(s)) && twilioCall ? whole : undefined;
    });

    const serviceOf = (span: JaegerSpan): string | undefined => trace.processes[span.processID]?.serviceName;
    expect(trace.spans.every((span) => span.traceID === traceId)).toBe(true);
    const roots = trace.spans.filter((span) => span.references.length === 0);
    expect(roots.map((span) => [serviceOf(span), tag(span, "span.kind")])).toEqual([
      ["sms-router", "server"],
    ]);
    const kinds = (service: string): unknown[] =>
      trace.spans
        .filter((span) => serviceOf(span) === service)
        .map((span) => [span.operationName, tag(span, "span.kind")]);
    expect(kinds("sms-router")).toContainEqual(["send inbound", "producer"]);
    expect(kinds("agent")).toContainEqual(["process inbound", "consumer"]);
    expect(kinds("agent")).toContainEqual(["send outbound", "producer"]);
    expect(kinds("workers")).toContainEqual(["process outbound", "consumer"]);
    const twilio = trace.spans.find(
      (span) => serviceOf(span) === "workers" && tag(span, "span.kind") === "client",
    );
    expect(tag(twilio!, "http.request.method")).toBe("POST");
    expect(tag(twilio!, "url.full")).toMatch(/\/2010-04-01\/Accounts\/AC[0-9a-f]+\/Messages\.json$/);
    expect(tag(twilio!, "http.response.status_code")).toBe(201);
  }, 90_000);

  it("has log lines of every service in VictoriaLogs, found by its trace_id", async () => {
    const lines = await eventually("lines of the three services for the trace", async () => {
      const found = await logsFor(trace.traceID);
      const seen = new Set(found.map((line) => line["service"]));
      return services.every((s) => seen.has(s)) ? found : undefined;
    });
    expect(lines.every((line) => line["trace_id"] === trace.traceID)).toBe(true);
    const messages = lines.map((line) => [line["service"], line["_msg"]]);
    expect(messages).toContainEqual(["agent", "inbound message handled"]);
    expect(messages).toContainEqual(["workers", "job done"]);
    expect(messages).toContainEqual(["sms-router", "request completed"]);
  }, 60_000);
});
