// The local control plane's kube-apiserver as a test may treat it: SIGKILL it (as a crashed
// control-plane node would), bring it back with the same script that started it, and make sure
// the cluster is healthy again whatever happened — the only component a test may restart.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../../../test/support/local-env.ts";

const run = promisify(execFile);
const clusterScript = path.join(repoRoot, "tools/cluster.sh");
const pidFile = path.join(repoRoot, ".local/run/kube-apiserver.pid");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function apiServerPid(): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** SIGKILLs the running kube-apiserver; returns its pid. */
export function killApiServer(): number {
  const pid = apiServerPid();
  if (pid === undefined) throw new Error(`no kube-apiserver pid in ${pidFile}`);
  process.kill(pid, "SIGKILL");
  return pid;
}

/**
 * Resolves once `pid` has been reaped. Until then cluster.sh, which checks liveness with
 * `kill -0`, would take the dying (zombie) process for a running one and not start another.
 */
export async function waitReaped(pid: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (existsSync(`/proc/${pid}`)) {
    if (Date.now() > deadline) throw new Error(`kube-apiserver ${pid} not reaped within ${timeoutMs} ms`);
    await sleep(50);
  }
}

function isZombie(pid: number): boolean {
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; comm may hold spaces, the state follows its ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

/** `tools/cluster.sh up`: starts whatever component is not running (idempotent). */
export async function clusterUp(): Promise<void> {
  await run("bash", [clusterScript, "up"], { timeout: 180_000, env: process.env });
}

export async function clusterHealthy(): Promise<boolean> {
  return run("bash", [clusterScript, "status"], { timeout: 60_000, env: process.env }).then(
    () => true,
    () => false,
  );
}

/** For afterAll: whatever a test did, leave the control plane running and healthy. */
export async function ensureClusterHealthy(): Promise<void> {
  if (await clusterHealthy()) return;
  const pid = apiServerPid();
  if (pid !== undefined && isZombie(pid)) await waitReaped(pid).catch(() => undefined);
  await clusterUp();
  if (!(await clusterHealthy()))
    throw new Error("the control plane is not healthy: see tools/cluster.sh status");
}
