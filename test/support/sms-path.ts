// The SMS path for integration tests, as real as it gets here: sms-router, agent and workers run
// as child processes (`node services/<svc>/src/server.ts`, so `kill -9` is a real crash) on a fresh
// database migrated by the owner role and used through the services' data-only role, the real Redis through Sentinel (with a
// queue prefix of their own) and the Twilio emulator listening on 127.0.0.1.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import path from "node:path";
import pg from "pg";
import { createLogger } from "@phoenix/kernel/log";
import { migrateStore } from "@phoenix/store";
import { startEmulator } from "@phoenix/twilio/testing";
import type { RunningEmulator } from "@phoenix/twilio/testing";
import { localEnv, repoRoot } from "./local-env.ts";
import { eventually } from "./kube.ts";
import { dropRedisKeys } from "./redis.ts";

export type ServiceName = "sms-router" | "agent" | "workers" | "web";

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface AppDatabase {
  /** As the services connect: the service role (data privileges only, row-level security applies). */
  url: string;
  /** As the migrations run: the owner role, which owns every object of the schema. */
  ownerUrl: string;
  /** Applies the store's migrations as the owner and grants the service role, as `make migrate` does. */
  migrate(): Promise<string[]>;
  drop(): Promise<void>;
}

/**
 * A database of its own, laid out like `make migrate`'s (docs/decisions/0009): owned by the owner
 * role, migrated by it (unless `migrated: false`), the services' role granted data privileges only.
 */
export async function createAppDatabase({ migrated = true } = {}): Promise<AppDatabase> {
  const name = `sms_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: localEnv.databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} OWNER ${admin.escapeIdentifier(localEnv.ownerRole)}`);
  await admin.end();
  const server = new URL(localEnv.appDatabaseUrl);
  server.pathname = `/${name}`;
  const url = server.toString();
  server.username = localEnv.ownerRole;
  const ownerUrl = server.toString();
  const database: AppDatabase = {
    url,
    ownerUrl,
    migrate: () =>
      migrateStore({
        ownerUrl,
        serviceRole: localEnv.serviceRole,
        logger: createLogger({ name: "test-migrate", level: "silent" }),
      }),
    async drop() {
      const client = new pg.Client({ connectionString: localEnv.databaseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
  if (migrated) await database.migrate();
  return database;
}

export interface ServiceProcess {
  name: ServiceName;
  url: string;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** `kill -9` (or another signal) and wait for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** The running process's pid (`nice` execs node, so it is node's), undefined once it exited. */
  pid(): number | undefined;
  /** Starts it again with the same environment and port; resolves when /readyz answers 200. */
  restart(): Promise<void>;
}

export async function startServiceProcess(
  name: ServiceName,
  env: Record<string, string>,
  /** Start it under `nice -n <n>` (every thread of the process, lower CPU priority). */
  { nice }: { nice?: number } = {},
): Promise<ServiceProcess> {
  const port = env["HTTP_PORT"] ? Number(env["HTTP_PORT"]) : await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  let output = "";
  const launch = async () => {
    const command = [process.execPath, path.join(repoRoot, "services", name, "src/server.ts")];
    if (nice !== undefined) command.unshift("nice", "-n", String(nice));
    const [file = "", ...args] = command;
    child = spawn(file, args, {
      env: {
        ...process.env,
        ...env,
        HTTP_PORT: String(port),
        HTTP_HOST: "127.0.0.1",
        LOG_LEVEL: env["LOG_LEVEL"] ?? "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const state = await eventually(
      `${name} ready at ${url}`,
      async () => {
        if (child.exitCode !== null) return "exited";
        const response = await fetch(`${url}/readyz`);
        return response.ok ? "ready" : undefined;
      },
      30_000,
    );
    if (state === "exited")
      throw new Error(`${name} exited ${String(child.exitCode)}: ${output.slice(0, 1500)}`);
  };
  await launch();
  return {
    name,
    url,
    output: () => output,
    pid: () => (child.exitCode === null && child.signalCode === null ? child.pid : undefined),
    async kill(signal = "SIGKILL") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill(signal);
      await exited;
    },
    restart: launch,
  };
}

export interface TestUser {
  id: string;
  /** The user's own phone. */
  phone: string;
  /** The user's dedicated Twilio number. */
  number: string;
}

export interface SmsPath {
  emulator: RunningEmulator;
  /** As the services see it: the service role, row-level security on. Use `asSystem` to read across users. */
  pool: pg.Pool;
  router: ServiceProcess;
  agent: ServiceProcess;
  workers: ServiceProcess;
  prefix: string;
  /** The services' DATABASE_URL (the service role), for another service on the same data (the API). */
  databaseUrl: string;
  /** The router's URL, which Twilio signs: numbers' SMS webhooks point at `${publicBaseUrl}/twilio/sms`. */
  publicBaseUrl: string;
  /**
   * A user with a number bought at the emulator, pointed at the router, mirrored in phone_numbers.
   * `phone` defaults to a fresh +1917… (English by default).
   */
  createUser(options?: { plan?: "free" | "premium"; timeZone?: string; phone?: string }): Promise<TestUser>;
  /** The user texts their number (signed by the emulator, delivered to the router). */
  text(user: TestUser, body: string, messageSid?: string): Promise<{ status: number; body: string }>;
  /** Messages the platform sent to the user, oldest first. */
  repliesTo(user: TestUser): Promise<Array<{ sid: string; from: string; body: string; status: string }>>;
  /** Waits (30 s at most) until at least `count` messages went to the user; returns them all. */
  awaitReplies(
    user: TestUser,
    count: number,
  ): Promise<Array<{ sid: string; from: string; body: string; status: string }>>;
  /** Runs `sql` with row-level security lifted (phoenix.scope = system). */
  asSystem<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  /** How long after `dueAt` the workers drafted the user's (first) reminder SMS. */
  reminderLateMs(user: TestUser, dueAt: Date): Promise<number>;
  /** The workers' worker_jobs_total for one queue and outcome (0 before the first such job). */
  workerJobs(queue: string, outcome: string): Promise<number>;
  /**
   * Resolves once all the user's texts have run their course: every inbound message handled, no
   * reply pending or in flight, and two maintenance ticks (sweeps) completed since the call, so
   * whatever the sweeper would re-enqueue has been. Then an absence ("no second reply") is proven.
   */
  settled(user: TestUser, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface SmsPathOptions {
  env?: Record<string, string>;
  /** Default false: the workers run too. */
  withoutWorkers?: boolean;
  /** Use this emulator (e.g. the one an operator buys numbers at) instead of a fresh one; not closed by close(). */
  emulator?: RunningEmulator;
  /**
   * Run the background consumers (agent, workers) under `nice -n <n>`: on one machine, the shape of
   * a cluster where the router has a CPU of its own (`make load`). Unset: the same priority as the router.
   */
  consumerNice?: number;
}

let phoneCounter = 0;
const nextPhone = (): string =>
  `+1917${String(Date.now() % 1_000_000)
    .padStart(6, "0")
    .slice(-3)}${String(phoneCounter++).padStart(4, "0")}`;

export async function startSmsPath(options: SmsPathOptions = {}): Promise<SmsPath> {
  const db = await createAppDatabase();
  const emulator = options.emulator ?? (await startEmulator({ sendDelayMs: 5, deliverDelayMs: 5 }));
  const prefix = `t${randomBytes(4).toString("hex")}`;
  const routerPort = await freePort();
  const publicBaseUrl = `http://127.0.0.1:${routerPort}`;
  const common = {
    DATABASE_URL: db.url,
    REDIS_SENTINELS: localEnv.sentinels,
    REDIS_MASTER_NAME: localEnv.redisMasterName,
    QUEUE_PREFIX: prefix,
    TWILIO_ACCOUNT_SID: "AC0123456789abcdef0123456789abcdef",
    TWILIO_AUTH_TOKEN: "test-auth-token",
    TWILIO_BASE_URL: emulator.url,
    PUBLIC_BASE_URL: publicBaseUrl,
    SWEEP_INTERVAL_MS: "500",
    REPLY_DEADLINE_MS: "3000",
    ...options.env,
  };
  const consumers = options.consumerNice === undefined ? {} : { nice: options.consumerNice };
  const started: ServiceProcess[] = [];
  const start = async (...args: Parameters<typeof startServiceProcess>) => {
    const service = await startServiceProcess(...args);
    started.push(service);
    return service;
  };
  const startAll = async () => {
    // The router's port is fixed up front: it is part of the URL Twilio signs.
    const router = await start("sms-router", { ...common, HTTP_PORT: String(routerPort) });
    const agent = await start("agent", common, consumers);
    const workers = options.withoutWorkers ? null : await start("workers", common, consumers);
    return { router, agent, workers };
  };
  let services: Awaited<ReturnType<typeof startAll>>;
  try {
    services = await startAll();
  } catch (error) {
    // A service that did not start: the ones that did stop, and nothing is left behind either.
    await Promise.allSettled(started.map((service) => service.kill("SIGTERM")));
    if (!options.emulator) await emulator.close();
    try {
      await dropRedisKeys(prefix);
    } finally {
      await db.drop();
    }
    throw error;
  }
  const { router, agent, workers } = services;
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  // Teardown drops the database WITH (FORCE); an idle client cut off then is expected, not a failure.
  pool.on("error", () => undefined);
  const twilio = emulator.client();

  const asSystem = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT set_config('phoenix.scope', 'system', true)");
      const result = await client.query<R>(sql, params);
      await client.query("COMMIT");
      return result.rows;
    } finally {
      client.release();
    }
  };

  const repliesTo = async (user: TestUser) => {
    const messages = await emulator.control.messages({ to: user.phone, direction: "outbound-api" });
    return messages
      .sort((a, b) => a.dateCreated.localeCompare(b.dateCreated))
      .map((m) => ({ sid: m.sid, from: m.from, body: m.body, status: m.status }));
  };

  const workerJobs = async (queue: string, outcome: string): Promise<number> => {
    if (!workers) throw new Error("this SMS path runs without workers");
    const text = await (await fetch(`${workers.url}/metrics`)).text();
    const line = text
      .split("\n")
      .find(
        (l) =>
          l.startsWith("worker_jobs_total{") &&
          l.includes(`queue="${queue}"`) &&
          l.includes(`outcome="${outcome}"`),
      );
    return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
  };

  return {
    emulator,
    pool,
    router,
    agent,
    workers: workers as ServiceProcess,
    prefix,
    databaseUrl: db.url,
    publicBaseUrl,
    asSystem,
    async reminderLateMs(user, dueAt) {
      const [drafted] = await asSystem<{ created_at: Date }>(
        "SELECT created_at FROM messages WHERE user_id = $1 AND kind = 'reminder' ORDER BY created_at LIMIT 1",
        [user.id],
      );
      if (!drafted) throw new Error(`no reminder drafted for ${user.phone}`);
      return drafted.created_at.getTime() - dueAt.getTime();
    },
    workerJobs,
    async settled(user, timeoutMs = 30_000) {
      const ticks = await workerJobs("maintenance", "done");
      await eventually(
        `the texts of ${user.phone} handled, their replies sent, two sweeps since`,
        async () => {
          const [row] = await asSystem<{ open: number }>(
            `SELECT count(*)::int AS open FROM messages WHERE user_id = $1
             AND ((direction = 'inbound' AND status = 'received')
               OR (direction = 'outbound' AND status IN ('pending', 'dispatching')))`,
            [user.id],
          );
          if (row?.open !== 0) return undefined;
          return (await workerJobs("maintenance", "done")) >= ticks + 2 ? true : undefined;
        },
        timeoutMs,
      );
    },
    async createUser({ plan = "free", timeZone = "America/New_York", phone = nextPhone() } = {}) {
      const [user] = await asSystem<{ id: string }>(
        "INSERT INTO users (phone_e164, plan, time_zone) VALUES ($1, $2, $3) RETURNING id",
        [phone, plan, timeZone],
      );
      const bought = await twilio.buyNumber({
        areaCode: "415",
        smsUrl: `${publicBaseUrl}/twilio/sms`,
        smsMethod: "POST",
      });
      await asSystem("INSERT INTO phone_numbers (user_id, e164, twilio_sid) VALUES ($1, $2, $3)", [
        user!.id,
        bought.phone_number,
        bought.sid,
      ]);
      return { id: user!.id, phone, number: bought.phone_number };
    },
    async text(user, body, messageSid) {
      const answer = await emulator.control.inbound({
        from: user.phone,
        to: user.number,
        body,
        ...(messageSid && { messageSid }),
      });
      return { status: answer.status ?? 0, body: answer.body };
    },
    repliesTo,
    awaitReplies: (user, count) =>
      eventually(
        `${count} messages to ${user.phone}`,
        async () => {
          const found = await repliesTo(user);
          return found.length >= count ? found : undefined;
        },
        30_000,
      ),
    async close() {
      const running = workers ? [router, agent, workers] : [router, agent];
      await Promise.all(running.map((service) => service.kill("SIGTERM")));
      await pool.end();
      if (!options.emulator) await emulator.close();
      // The services are gone: nothing writes under the prefix any more. Its keys would outlive the
      // run in the local Redis (which persists), the database is dropped even if Redis fails.
      try {
        await dropRedisKeys(prefix);
      } finally {
        await db.drop();
      }
    },
  };
}
