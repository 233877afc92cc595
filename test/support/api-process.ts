// The API as a child process (`node services/api/src/server.ts`) on a fresh database, the local
// Redis through Sentinel and key sets of its own — what the benchmarks and `make load` drive.
import { spawn } from "node:child_process";
import path from "node:path";
import { es256Key, hmacKey } from "../../packages/kernel/src/keyset-testing.ts";
import { keySetDir } from "../api/harness.ts";
import { eventually } from "./kube.ts";
import { localEnv, repoRoot } from "./local-env.ts";
import { dropRedisKeys } from "./redis.ts";
import { createAppDatabase, freePort } from "./sms-path.ts";

export interface ApiProcess {
  url: string;
  /** SIGTERM, wait for the exit, drop its Redis keys and the database. */
  stop(): Promise<void>;
}

/** Starts the API with `env` on top of the local defaults; resolves once /readyz answers 200. */
export async function startApiProcess(env: Record<string, string> = {}): Promise<ApiProcess> {
  const db = await createAppDatabase();
  const jwt = await keySetDir("jwt", [es256Key()]);
  const internal = await keySetDir("internal", [hmacKey("internal-1")]);
  const port = await freePort();
  const prefix = `api${String(port)}`;
  const child = spawn(process.execPath, [path.join(repoRoot, "services/api/src/server.ts")], {
    env: {
      PATH: process.env["PATH"],
      HTTP_HOST: "127.0.0.1",
      HTTP_PORT: String(port),
      LOG_LEVEL: "warn",
      DATABASE_URL: db.url,
      REDIS_SENTINELS: localEnv.sentinels,
      REDIS_MASTER_NAME: localEnv.redisMasterName,
      QUEUE_PREFIX: prefix,
      RATE_LIMIT_PREFIX: `${prefix}:rl`,
      JWT_KEYSET_DIR: jwt.dir,
      INTERNAL_KEYSET_DIR: internal.dir,
      RETENTION_INTERVAL_MS: "0",
      ...env,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      resolve();
    });
  });
  const url = `http://127.0.0.1:${String(port)}`;
  await eventually(
    "the API ready",
    async () => {
      if (child.exitCode !== null) throw new Error(`api exited ${String(child.exitCode)}`);
      return (await fetch(`${url}/readyz`)).ok ? true : undefined;
    },
    30_000,
  );
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
      try {
        await dropRedisKeys(prefix);
      } finally {
        await db.drop();
      }
    },
  };
}
